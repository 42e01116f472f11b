import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { recordOutcomes, type Outcome } from '../scoring/outcomes.js';
import type { NormalizedRow, OwnerRecord } from './normalize-row.js';

/** Parcel columns an import can set, besides the address parts. */
const FACT_COLUMNS = [
  'apn',
  'county',
  'fips',
  'latitude',
  'longitude',
  'property_type',
  'beds',
  'baths',
  'living_sqft',
  'lot_sqft',
  'year_built',
  'assessed_value',
  'market_value',
  'last_sale_date',
  'last_sale_price',
  'mortgage_balance',
  'free_and_clear',
  'tax_owed',
  'occupancy',
] as const;
const ADDRESS_COLUMNS = [
  'address_number',
  'address_predirectional',
  'address_street',
  'address_suffix',
  'address_postdirectional',
  'address_unit_type',
  'address_unit_number',
  'city',
  'state',
  'zip',
  'zip4',
  'address_line1',
  'address_key',
] as const;
const COLUMNS = [...ADDRESS_COLUMNS, ...FACT_COLUMNS] as const;
const ADDRESS_SET = new Set<string>(ADDRESS_COLUMNS);
type Column = (typeof COLUMNS)[number];
type ParcelValues = Partial<Record<Column, string | number | boolean | null>>;

const COLUMN_TYPES: Record<Column, string> = {
  ...(Object.fromEntries(COLUMNS.map((c) => [c, 'text'])) as Record<Column, string>),
  latitude: 'double precision',
  longitude: 'double precision',
  beds: 'numeric',
  baths: 'numeric',
  living_sqft: 'integer',
  lot_sqft: 'integer',
  year_built: 'integer',
  assessed_value: 'numeric',
  market_value: 'numeric',
  last_sale_date: 'date',
  last_sale_price: 'numeric',
  mortgage_balance: 'numeric',
  free_and_clear: 'boolean',
  tax_owed: 'numeric',
};
const RECORDSET = `x(id uuid, ${COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ')}, source text, provenance jsonb)`;

interface ExistingParcel extends ParcelValues {
  id: string;
  source: string;
  created_at: string;
  /** Only the fields a later source changed; the rest come from `source`. */
  provenance: Record<string, { source: string; at: string }>;
}

export interface BatchContext {
  /** The import the rows come from; null for leads captured one at a time. */
  importId: string | null;
  listId: string;
  /** Where values came from, kept with each field: `import:<id>`. */
  source: string;
}

export interface BatchResult {
  inserted: number;
  merged: number;
  unchanged: number;
  review: number;
  /** The parcel each row went to, by row hash. */
  parcelByHash: Map<string, string>;
}

/** The parcel columns a row sets, by column name; columns it says nothing about are absent. */
function valuesOf(row: NormalizedRow): ParcelValues {
  const a = row.address;
  const values: ParcelValues = {};
  if (a?.key) {
    Object.assign(values, {
      address_number: a.number,
      address_predirectional: a.predirectional,
      address_street: a.street,
      address_suffix: a.suffix,
      address_postdirectional: a.postdirectional,
      address_unit_type: a.unitType,
      address_unit_number: a.unitNumber,
      city: a.city,
      state: a.state,
      zip: a.zip,
      zip4: a.zip4,
      address_line1: a.line1 ?? null,
      address_key: a.key,
    });
    // Parts a spelling leaves out are not facts: keep what an earlier source said.
    for (const column of ['city', 'state', 'zip', 'zip4'] as const) if (values[column] === null) delete values[column];
  }
  for (const column of FACT_COLUMNS) {
    const value = row.facts[column];
    if (value !== undefined) values[column] = value;
  }
  return values;
}

/** Incoming values against stored ones, which come back as text ("3.0" for a numeric 3). */
function same(incoming: string | number | boolean, stored: string | number | boolean | null | undefined): boolean {
  if (stored === null || stored === undefined) return false;
  return typeof incoming === 'number' ? Number(stored) === incoming : String(stored) === String(incoming);
}

const jurisdiction = (values: ParcelValues) => String(values.fips ?? values.county ?? '').toUpperCase();

/**
 * Writes one batch of normalized rows in the caller's transaction: matches each row
 * to a parcel (APN within its county, then address key, then earlier rows of the
 * batch), inserts or merges, links owners and contacts, puts the parcel on the list,
 * and flags fuzzy look-alikes for review. Merging keeps every replaced value.
 */
export async function applyBatch(tx: Tx, context: BatchContext, rows: NormalizedRow[]): Promise<BatchResult> {
  const result: BatchResult = { inserted: 0, merged: 0, unchanged: 0, review: 0, parcelByHash: new Map() };
  if (rows.length === 0) return result;
  const now = new Date().toISOString();

  // A row this list already took in, with the same content, changes nothing: skip it outright.
  const known = await tx.query<{ row_hash: string; parcel_id: string }>(
    'select row_hash, parcel_id from list_rows where list_id = $1 and row_hash = any($2::text[])',
    [context.listId, rows.map((r) => r.hash)],
  );
  for (const { row_hash, parcel_id } of known) result.parcelByHash.set(row_hash, parcel_id);
  const knownHashes = new Set(known.map((k) => k.row_hash));
  const fresh = rows.filter((row) => !knownHashes.has(row.hash));
  result.unchanged = rows.length - fresh.length;
  if (fresh.length === 0) return result;

  const incoming = fresh.map((row) => ({ row, values: valuesOf(row) }));
  const apns = incoming.flatMap(({ values }) => (values.apn ? [String(values.apn)] : []));
  const keys = incoming.flatMap(({ values }) => (values.address_key ? [String(values.address_key)] : []));
  const existing = await tx.query<ExistingParcel>(
    `select id, source, created_at, provenance, ${COLUMNS.map((c) => `${c}::text as ${c}`).join(', ')} from parcels
      where apn = any($1::text[]) or address_key = any($2::text[])`,
    [apns, keys],
  );
  const byApn = new Map<string, ExistingParcel>();
  const byBareApn = new Map<string, ExistingParcel[]>();
  const byKey = new Map<string, ExistingParcel>();
  const remember = (parcel: ExistingParcel) => {
    if (parcel.apn) {
      byApn.set(`${jurisdiction(parcel)}|${parcel.apn}`, parcel);
      byBareApn.set(String(parcel.apn), [...(byBareApn.get(String(parcel.apn)) ?? []), parcel]);
    }
    if (parcel.address_key) byKey.set(String(parcel.address_key), parcel);
  };
  /**
   * APNs repeat across counties, so one matches within its county. A list that
   * names no county (or a parcel stored without one) matches the only parcel with
   * that APN.
   */
  const byParcelNumber = (values: ParcelValues): ExistingParcel | undefined => {
    if (!values.apn) return undefined;
    const exact = byApn.get(`${jurisdiction(values)}|${values.apn}`);
    if (exact) return exact;
    const candidates = (byBareApn.get(String(values.apn)) ?? []).filter((p) => !jurisdiction(p) || !jurisdiction(values));
    return candidates.length === 1 ? candidates[0] : undefined;
  };
  existing.forEach(remember);

  const inserts = new Map<string, ExistingParcel>();
  const updates = new Map<string, ExistingParcel>();
  const history: { parcel_id: string; field: string; value: unknown; source: string; observed_at: string }[] = [];
  const parcelOfRow = new Map<NormalizedRow, string>();
  const fuzzyProbes: LookAlikeProbe[] = [];

  for (const { row, values } of incoming) {
    const match = byParcelNumber(values) ?? (values.address_key ? byKey.get(String(values.address_key)) : undefined);
    if (!match) {
      const parcel: ExistingParcel = { id: randomUUID(), source: context.source, created_at: now, provenance: {}, ...values };
      inserts.set(parcel.id, parcel);
      remember(parcel);
      parcelOfRow.set(row, parcel.id);
      result.inserted++;
      if (values.zip && values.address_number && values.address_line1) {
        fuzzyProbes.push({
          row_number: row.rowNumber,
          parcel_id: parcel.id,
          zip: String(values.zip),
          number: String(values.address_number),
          line: String(values.address_line1),
          key: String(values.address_key),
          apn: values.apn === undefined ? null : String(values.apn),
          predirectional: (values.address_predirectional as string | null | undefined) ?? null,
          unit: (values.address_unit_number as string | null | undefined) ?? null,
          street: String(values.address_street ?? ''),
        });
      }
      continue;
    }
    parcelOfRow.set(row, match.id);
    let changed = false;
    // The same delivery point spelled another way ("APT 4" or "# 4") is not a new address:
    // its parts stay as first recorded, only missing ones are filled in.
    const sameAddress = values.address_key !== undefined && values.address_key === match.address_key;
    for (const [column, value] of Object.entries(values) as [Column, string | number | boolean | null][]) {
      const current = match[column];
      if (value === null || same(value, current)) continue;
      if (sameAddress && ADDRESS_SET.has(column) && current !== null && current !== undefined) continue;
      // Newest value wins; the value it replaces stays in the history with its source.
      if (current !== null && current !== undefined) {
        const was = match.provenance[column] ?? { source: match.source, at: match.created_at };
        history.push({ parcel_id: match.id, field: column, value: current, source: was.source, observed_at: was.at });
      }
      match[column] = value;
      match.provenance[column] = { source: context.source, at: now };
      changed = true;
    }
    if (changed && !inserts.has(match.id)) updates.set(match.id, match);
    result.merged++;
  }

  if (inserts.size > 0) {
    // A new parcel is on this one list: its stack is set here rather than by a second write.
    await tx.query(
      `insert into parcels (id, ${COLUMNS.join(', ')}, source, provenance, stack_count, distress_tags)
       select id, ${COLUMNS.join(', ')}, source, provenance, 1, (select tags from lists where id = $2)
         from jsonb_to_recordset($1::jsonb) as ${RECORDSET}`,
      [JSON.stringify([...inserts.values()]), context.listId],
    );
  }
  if (updates.size > 0) {
    await tx.query(
      `update parcels p set ${COLUMNS.map((c) => `${c} = x.${c}`).join(', ')}, provenance = x.provenance, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as ${RECORDSET} where p.id = x.id`,
      [JSON.stringify([...updates.values()])],
    );
  }
  if (history.length > 0) {
    await tx.query(
      `insert into parcel_field_values (parcel_id, field, value, source, observed_at)
       select parcel_id, field, value, source, observed_at
         from jsonb_to_recordset($1::jsonb) as x(parcel_id uuid, field text, value jsonb, source text, observed_at timestamptz)`,
      [JSON.stringify(history)],
    );
  }

  await linkOwners(tx, context, fresh, parcelOfRow);
  // One outcome per parcel: the last row about it wins.
  const outcomes = new Map<string, Outcome>();
  for (const row of fresh) if (row.outcome) outcomes.set(parcelOfRow.get(row)!, row.outcome);
  await recordOutcomes(
    tx,
    [...outcomes].map(([parcelId, outcome]) => ({ parcelId, outcome })),
    context.source,
  );
  await recordSales(tx, context, fresh, parcelOfRow);

  // Existing parcels that join this list stack one higher and take on its tags
  // (new parcels were inserted with this list's stack).
  const parcelIds = [...new Set(parcelOfRow.values())];
  await tx.query(
    `with joined as (
       insert into list_memberships (list_id, parcel_id, import_id)
       select $1, unnest($3::uuid[]), $2 on conflict (list_id, parcel_id) do nothing
       returning parcel_id)
     update parcels p set stack_count = p.stack_count + 1,
            distress_tags = array(select distinct tag from unnest(p.distress_tags || l.tags) as tag order by tag)
       from joined j, lists l
      where p.id = j.parcel_id and l.id = $1 and not (j.parcel_id = any($4::uuid[]))`,
    [context.listId, context.importId, parcelIds, [...inserts.keys()]],
  );
  const hashes = new Map(fresh.map((row) => [row.hash, parcelOfRow.get(row)!]));
  for (const [hash, parcelId] of hashes) result.parcelByHash.set(hash, parcelId);
  await tx.query(
    `insert into list_rows (list_id, row_hash, parcel_id)
     select $1, unnest($2::text[]), unnest($3::uuid[]) on conflict do nothing`,
    [context.listId, [...hashes.keys()], [...hashes.values()]],
  );

  if (fuzzyProbes.length > 0) result.review = await flagLookAlikes(tx, context, fuzzyProbes);
  return result;
}

interface OwnerKey {
  id: string;
  name_key: string;
  mailing_key: string | null;
}

const ownerKey = (nameKey: string, mailingKey: string | null | undefined) => `${nameKey}|${mailingKey ?? ''}`;

/**
 * A row's last sale (date and price) is a recorded sale of its parcel: the sales
 * history that comps and the valuation model learn from. Once per parcel and day,
 * so the same sale on another list or a re-import is not counted twice.
 */
async function recordSales(tx: Tx, context: BatchContext, rows: NormalizedRow[], parcelOfRow: Map<NormalizedRow, string>): Promise<void> {
  const sales = new Map<string, { parcel_id: string; sale_date: string; price: number }>();
  for (const row of rows) {
    const { last_sale_date: date, last_sale_price: price } = row.facts;
    if (!date || !price) continue;
    const parcelId = parcelOfRow.get(row)!;
    sales.set(`${parcelId}|${date}`, { parcel_id: parcelId, sale_date: date, price });
  }
  if (sales.size === 0) return;
  await tx.query(
    `insert into property_sales (parcel_id, sale_date, price, source)
     select x.parcel_id, x.sale_date, x.price, $2 from jsonb_to_recordset($1::jsonb) as x(parcel_id uuid, sale_date date, price numeric)
      where not exists (select 1 from property_sales s where s.parcel_id = x.parcel_id and s.sale_date = x.sale_date)`,
    [JSON.stringify([...sales.values()]), context.source],
  );
}

/** Owners are matched by name key and mailing address; phones and emails are added, never removed. */
async function linkOwners(tx: Tx, context: BatchContext, rows: NormalizedRow[], parcelOfRow: Map<NormalizedRow, string>): Promise<void> {
  const owners: { owner: OwnerRecord; parcelId: string }[] = rows.flatMap((row) =>
    row.owners.map((owner) => ({ owner, parcelId: parcelOfRow.get(row)! })),
  );
  if (owners.length === 0) return;
  const unique = new Map<string, OwnerRecord>();
  for (const { owner } of owners) unique.set(ownerKey(owner.nameKey, owner.mailing?.key), owner);
  // An upsert returns every owner's id in one statement, new or known. Touching only
  // updated_at (no index covers it) lets PostgreSQL update known owners in place (HOT).
  // Probing the owners' unique index instead is slower: under row-level security the
  // planner will not use its coalesce(mailing_key) column, so each probe scans every
  // owner of that name.
  const ids = await tx.query<OwnerKey>(
    `insert into owners (kind, entity_type, display_name, people, name_key, mailing_line1, mailing_city, mailing_state, mailing_zip, mailing_key, provenance)
     select kind, entity_type, display_name, people, name_key, mailing_line1, mailing_city, mailing_state, mailing_zip, mailing_key,
            jsonb_build_object('name', jsonb_build_object('source', $2::text, 'at', now()))
       from jsonb_to_recordset($1::jsonb) as x(kind text, entity_type text, display_name text, people jsonb, name_key text,
            mailing_line1 text, mailing_city text, mailing_state text, mailing_zip text, mailing_key text)
     on conflict (tenant_id, name_key, coalesce(mailing_key, '')) do update set updated_at = now()
     returning id, name_key, mailing_key`,
    [
      JSON.stringify(
        [...unique.values()].map((o) => ({
          kind: o.parsed.kind,
          entity_type: o.parsed.kind === 'entity' ? o.parsed.entityType : null,
          display_name: o.parsed.display,
          people: o.parsed.kind === 'person' ? o.parsed.people : [],
          name_key: o.nameKey,
          mailing_line1: o.mailing?.line1 ?? null,
          mailing_city: o.mailing?.city ?? null,
          mailing_state: o.mailing?.state ?? null,
          mailing_zip: o.mailing?.zip ?? null,
          mailing_key: o.mailing?.key ?? null,
        })),
      ),
      context.source,
    ],
  );
  const idOf = new Map(ids.map((row) => [ownerKey(row.name_key, row.mailing_key), row.id]));
  const links = owners.map(({ owner, parcelId }) => ({
    parcel_id: parcelId,
    owner_id: idOf.get(ownerKey(owner.nameKey, owner.mailing?.key)),
  }));
  await tx.query(
    `insert into parcel_owners (parcel_id, owner_id, source)
     select parcel_id, owner_id, $2 from jsonb_to_recordset($1::jsonb) as x(parcel_id uuid, owner_id uuid)
     on conflict do nothing`,
    [JSON.stringify(links), context.source],
  );
  const phones = owners.flatMap(({ owner }) =>
    owner.phones.map((p) => ({ owner_id: idOf.get(ownerKey(owner.nameKey, owner.mailing?.key)), e164: p.e164, line_type: p.lineType })),
  );
  if (phones.length > 0) {
    await tx.query(
      `insert into owner_phones (owner_id, e164, line_type, source)
       select owner_id, e164, line_type, $2 from jsonb_to_recordset($1::jsonb) as x(owner_id uuid, e164 text, line_type text)
       on conflict do nothing`,
      [JSON.stringify(phones), context.source],
    );
  }
  const emails = owners.flatMap(({ owner }) =>
    owner.emails.map((email) => ({ owner_id: idOf.get(ownerKey(owner.nameKey, owner.mailing?.key)), email })),
  );
  if (emails.length > 0) {
    await tx.query(
      `insert into owner_emails (owner_id, email, source)
       select owner_id, email, $2 from jsonb_to_recordset($1::jsonb) as x(owner_id uuid, email text)
       on conflict do nothing`,
      [JSON.stringify(emails), context.source],
    );
  }
}

/** Recomputes how many lists each parcel is on and the distress tags those lists give it. */
export async function restack(tx: Tx, parcelIds: string[]): Promise<void> {
  if (parcelIds.length === 0) return;
  await tx.query(
    `with stacks as (
       select lm.parcel_id, count(distinct lm.list_id)::int as lists,
              coalesce(array_agg(distinct tag order by tag) filter (where tag is not null), '{}') as tags
         from list_memberships lm join lists l on l.id = lm.list_id left join lateral unnest(l.tags) as tag on true
        where lm.parcel_id = any($1::uuid[])
        group by lm.parcel_id)
     update parcels p set stack_count = s.lists, distress_tags = s.tags
       from stacks s where p.id = s.parcel_id and (p.stack_count <> s.lists or p.distress_tags <> s.tags)`,
    [parcelIds],
  );
}

/**
 * New parcels that look like an existing one (same ZIP and house number, similar
 * street line) are recorded for review instead of being merged blindly.
 */
interface LookAlikeProbe {
  row_number: number;
  parcel_id: string;
  zip: string;
  number: string;
  line: string;
  key: string;
  apn: string | null;
  predirectional: string | null;
  unit: string | null;
  street: string;
}

async function flagLookAlikes(tx: Tx, context: BatchContext, probes: LookAlikeProbe[]): Promise<number> {
  const flagged = await tx.query(
    `insert into merge_candidates (import_id, row_number, incoming_parcel_id, existing_parcel_id, similarity)
     select $2::uuid, x.row_number, x.parcel_id, p.id, p.similarity
       from jsonb_to_recordset($1::jsonb) as x(row_number int, parcel_id uuid, zip text, number text, line text, key text,
                                               apn text, predirectional text, unit text, street text)
       -- The most similar parcel with the same ZIP and house number, probed per row through the index.
       cross join lateral (
         select p.id, similarity(p.address_line1, x.line) as similarity from parcels p
          where p.zip = x.zip and p.address_number = x.number and p.id <> x.parcel_id and p.address_key <> x.key
            and similarity(p.address_line1, x.line) >= 0.6
            -- Two parcel numbers, another unit, another side of town or another numbered
            -- street (7TH vs 10TH) are different places, however alike the lines read.
            and (p.apn is null or x.apn is null or p.apn = x.apn)
            and p.address_unit_number is not distinct from x.unit
            and p.address_predirectional is not distinct from x.predirectional
            and regexp_replace(p.address_street, '[^0-9]', '', 'g') = regexp_replace(x.street, '[^0-9]', '', 'g')
          order by similarity desc
          limit 1) p
     on conflict (import_id, row_number) do nothing
     returning 1`,
    [JSON.stringify(probes), context.importId],
  );
  return flagged.length;
}

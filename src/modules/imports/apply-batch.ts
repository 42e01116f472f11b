import { randomUUID } from 'node:crypto';
import { copyText, type CopyValue } from '../../platform/db/copy-text.js';
import type { Tx } from '../../platform/db/database.js';
import { refreshParcelSearch } from '../properties/service.js';
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
  // Two probes, one per index: with `apn = any(…) or address_key = any(…)` the planner
  // reads every parcel of the tenant. A parcel found by both comes back once.
  const select = `select id, source, created_at, provenance, ${COLUMNS.map((c) => `${c}::text as ${c}`).join(', ')} from parcels`;
  const existing = await tx.query<ExistingParcel>(
    `${select} where apn = any($1::text[])
     union all
     ${select} where address_key = any($2::text[]) and (apn is null or apn <> all($1::text[]))`,
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
  /** The row that brought each new parcel: look-alikes are reviewed by row. */
  const rowOfParcel = new Map<string, number>();

  for (const { row, values } of incoming) {
    const match = byParcelNumber(values) ?? (values.address_key ? byKey.get(String(values.address_key)) : undefined);
    if (!match) {
      const parcel: ExistingParcel = { id: randomUUID(), source: context.source, created_at: now, provenance: {}, ...values };
      inserts.set(parcel.id, parcel);
      remember(parcel);
      parcelOfRow.set(row, parcel.id);
      result.inserted++;
      rowOfParcel.set(parcel.id, row.rowNumber);
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

  await ensureStaging(tx);
  await stage(tx, 'import_stage_parcels', PARCEL_STAGE, [
    ...[...inserts.values()].map((p) => parcelLine(p, true, rowOfParcel.get(p.id) ?? null)),
    ...[...updates.values()].map((p) => parcelLine(p, false, null)),
  ]);
  await stage(
    tx,
    'import_stage_history',
    ['parcel_id', 'field', 'value', 'source', 'observed_at'],
    history.map((h) => [h.parcel_id, h.field, JSON.stringify(h.value), h.source, h.observed_at]),
  );
  await stage(
    tx,
    'import_stage_rows',
    ['row_number', 'row_hash', 'parcel_id', 'sale_date', 'sale_price'],
    fresh.map((row) => [row.rowNumber, row.hash, parcelOfRow.get(row)!, row.facts.last_sale_date, row.facts.last_sale_price]),
  );
  await stage(tx, 'import_stage_owners', OWNER_STAGE, ownerLines(fresh, parcelOfRow));

  // New parcels are on this one list: their stack is set here rather than by a second
  // write, and so are their search text and absentee flag, from the owners staged for
  // them (refreshed after linking where an owner was known before). The value a merge
  // replaces stays in the history with its source.
  await tx.query(
    `with owned as (select s.*, parcel_id from import_stage_owners s cross join unnest(s.parcel_ids) as parcel_id),
     names as (select parcel_id, array_agg(display_name) as names, array_agg(mailing_key) as mailing_keys from owned group by parcel_id),
     phones as (select parcel_id, array_agg(phone) as phones from owned cross join unnest(phones) as phone group by parcel_id),
     emails as (select parcel_id, array_agg(email) as emails from owned cross join unnest(emails) as email group by parcel_id),
     inserted as (
       insert into parcels (id, ${COLUMNS.join(', ')}, source, provenance, stack_count, distress_tags, search_text, absentee)
       select x.id, ${COLUMNS.map((c) => `x.${c}`).join(', ')}, x.source, x.provenance, 1, (select tags from lists where id = $1),
              parcel_search_text(x.address_line1, x.city, x.zip, x.apn, n.names, ph.phones, em.emails), parcel_absentee(x.address_key, n.mailing_keys)
         from import_stage_parcels x
         left join names n on n.parcel_id = x.id left join phones ph on ph.parcel_id = x.id left join emails em on em.parcel_id = x.id
        where x.is_new),
     updated as (
       update parcels p set ${COLUMNS.map((c) => `${c} = x.${c}`).join(', ')}, provenance = x.provenance, updated_at = now()
         from import_stage_parcels x where p.id = x.id and not x.is_new)
     insert into parcel_field_values (parcel_id, field, value, source, observed_at)
     select parcel_id, field, value, source, observed_at from import_stage_history`,
    [context.listId],
  );
  const knownOwnersParcels = await linkOwners(tx, context);
  // One outcome per parcel: the last row about it wins.
  const outcomes = new Map<string, Outcome>();
  for (const row of fresh) if (row.outcome) outcomes.set(parcelOfRow.get(row)!, row.outcome);
  await recordOutcomes(
    tx,
    [...outcomes].map(([parcelId, outcome]) => ({ parcelId, outcome })),
    context.source,
  );

  // Existing parcels that join this list stack one higher and take on its tags (new
  // parcels were inserted with this list's stack). The list remembers each row's hash.
  // A row's last sale (date and price) is a recorded sale of its parcel, once per parcel
  // and day (the last row wins), so the same sale on another list or a re-import is not
  // counted twice: the sales history that comps and the valuation model learn from.
  await tx.query(
    `with joined as (
       insert into list_memberships (list_id, parcel_id, import_id)
       select distinct $1::uuid, parcel_id, $2::uuid from import_stage_rows on conflict (list_id, parcel_id) do nothing
       returning parcel_id),
     stacked as (
       update parcels p set stack_count = p.stack_count + 1,
              distress_tags = array(select distinct tag from unnest(p.distress_tags || l.tags) as tag order by tag)
         from joined j, lists l
        where p.id = j.parcel_id and l.id = $1 and not exists (select 1 from import_stage_parcels s where s.id = j.parcel_id and s.is_new)),
     remembered as (
       insert into list_rows (list_id, row_hash, parcel_id)
       select distinct on (row_hash) $1, row_hash, parcel_id from import_stage_rows order by row_hash, row_number desc
       on conflict do nothing)
     insert into property_sales (parcel_id, sale_date, price, source)
     select parcel_id, sale_date, sale_price, $3 from (
       select distinct on (parcel_id, sale_date) parcel_id, sale_date, sale_price from import_stage_rows
        where sale_date is not null and sale_price <> 0 order by parcel_id, sale_date, row_number desc) x
      where not exists (select 1 from property_sales s where s.parcel_id = x.parcel_id and s.sale_date = x.sale_date)`,
    [context.listId, context.importId, context.source],
  );
  for (const row of fresh) result.parcelByHash.set(row.hash, parcelOfRow.get(row)!);

  if (inserts.size > 0) result.review = await flagLookAlikes(tx, context);
  // The screens' search column and absentee flag follow addresses, owners and their
  // contacts: parcels that were there before, and new ones an owner known before joined.
  const matched = [...parcelOfRow.values()].filter((id) => !inserts.has(id));
  await refreshParcelSearch(tx, [...new Set([...matched, ...knownOwnersParcels])]);
  return result;
}

/** The staging tables of one batch: temporary, emptied at commit, created once per connection. */
const STAGING = `
  create temporary table import_stage_parcels (id uuid, is_new boolean, row_number integer,
    ${COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(', ')}, source text, provenance jsonb) on commit delete rows;
  create temporary table import_stage_history (parcel_id uuid, field text, value jsonb, source text, observed_at timestamptz)
    on commit delete rows;
  create temporary table import_stage_rows (row_number integer, row_hash text, parcel_id uuid, sale_date date, sale_price numeric)
    on commit delete rows;
  create temporary table import_stage_owners (kind text, entity_type text, display_name text, people jsonb, name_key text,
    mailing_line1 text, mailing_city text, mailing_state text, mailing_zip text, mailing_key text,
    parcel_ids uuid[], phones text[], line_types text[], emails text[]) on commit delete rows;`;
const PARCEL_STAGE = ['id', 'is_new', 'row_number', ...COLUMNS, 'source', 'provenance'] as const;
const OWNER_STAGE = [
  'kind',
  'entity_type',
  'display_name',
  'people',
  'name_key',
  'mailing_line1',
  'mailing_city',
  'mailing_state',
  'mailing_zip',
  'mailing_key',
  'parcel_ids',
  'phones',
  'line_types',
  'emails',
] as const;

/**
 * COPYs `lines` into a staging table. Temporary tables live as long as the connection,
 * so the first batch on a connection creates them (ensureStaging); `on commit` empties them.
 */
async function stage(tx: Tx, table: string, columns: readonly string[], lines: CopyValue[][]): Promise<void> {
  if (lines.length === 0) return;
  await tx.copyFrom(`${table} (${columns.join(', ')})`, copyText(lines));
}

/** Creates the staging tables on a connection that has none yet; they are created together. */
async function ensureStaging(tx: Tx): Promise<void> {
  const [exists] = await tx.query<{ ready: boolean }>(`select to_regclass('pg_temp.import_stage_parcels') is not null as ready`);
  if (!exists?.ready) await tx.exec(STAGING);
}

function parcelLine(parcel: ExistingParcel, isNew: boolean, rowNumber: number | null): CopyValue[] {
  return [parcel.id, isNew, rowNumber, ...COLUMNS.map((c) => parcel[c]), parcel.source, parcel.provenance];
}

const ownerKey = (nameKey: string, mailingKey: string | null | undefined) => `${nameKey}|${mailingKey ?? ''}`;

/** One line per owner of the batch (the last spelling of an owner wins), with the parcels, phones and emails rows give it. */
function ownerLines(rows: NormalizedRow[], parcelOfRow: Map<NormalizedRow, string>): CopyValue[][] {
  const owners = new Map<string, { owner: OwnerRecord; parcels: Set<string>; phones: Map<string, string>; emails: Set<string> }>();
  for (const row of rows) {
    for (const owner of row.owners) {
      const key = ownerKey(owner.nameKey, owner.mailing?.key);
      const entry = owners.get(key) ?? { owner, parcels: new Set(), phones: new Map(), emails: new Set() };
      entry.owner = owner;
      entry.parcels.add(parcelOfRow.get(row)!);
      for (const phone of owner.phones) if (!entry.phones.has(phone.e164)) entry.phones.set(phone.e164, phone.lineType);
      for (const email of owner.emails) entry.emails.add(email);
      owners.set(key, entry);
    }
  }
  return [...owners.values()].map(({ owner: o, parcels, phones, emails }) => [
    o.parsed.kind,
    o.parsed.kind === 'entity' ? o.parsed.entityType : null,
    o.parsed.display,
    JSON.stringify(o.parsed.kind === 'person' ? o.parsed.people : []),
    o.nameKey,
    o.mailing?.line1 ?? null,
    o.mailing?.city ?? null,
    o.mailing?.state ?? null,
    o.mailing?.zip ?? null,
    o.mailing?.key ?? null,
    [...parcels],
    [...phones.keys()],
    [...phones.values()],
    [...emails],
  ]);
}

/**
 * Owners are matched by name key and mailing address; phones and emails are added,
 * never removed. An upsert returns every owner's id in one statement, new or known.
 * Touching only updated_at (no index covers it) lets PostgreSQL update known owners
 * in place (HOT). Probing the owners' unique index instead is slower: under row-level
 * security the planner will not use its coalesce(mailing_key) column, so each probe
 * scans every owner of that name. Answers the parcels linked to an owner known before
 * the batch, whose contacts may be more than the batch staged.
 */
async function linkOwners(tx: Tx, context: BatchContext): Promise<string[]> {
  const rows = await tx.query<{ parcel_id: string }>(
    `with known as (
       insert into owners (kind, entity_type, display_name, people, name_key, mailing_line1, mailing_city, mailing_state, mailing_zip,
                           mailing_key, provenance)
       select kind, entity_type, display_name, people, name_key, mailing_line1, mailing_city, mailing_state, mailing_zip, mailing_key,
              jsonb_build_object('name', jsonb_build_object('source', $1::text, 'at', now()))
         from import_stage_owners
       on conflict (tenant_id, name_key, coalesce(mailing_key, '')) do update set updated_at = now()
       -- xmax is set on a row the upsert updated: the owner was known before this batch.
       returning id, name_key, mailing_key, xmax::text <> '0' as known_before),
     staged as (
       select k.id, k.known_before, s.parcel_ids, s.phones, s.line_types, s.emails from import_stage_owners s
         join known k on k.name_key = s.name_key and k.mailing_key is not distinct from s.mailing_key),
     links as (
       insert into parcel_owners (parcel_id, owner_id, source)
       select unnest(parcel_ids), id, $1 from staged on conflict do nothing),
     phones as (
       insert into owner_phones (owner_id, e164, line_type, source)
       select s.id, p.e164, p.line_type, $1 from staged s cross join unnest(s.phones, s.line_types) as p(e164, line_type)
       on conflict do nothing),
     emails as (
       insert into owner_emails (owner_id, email, source)
       select id, unnest(emails), $1 from staged on conflict do nothing)
     select distinct unnest(parcel_ids) as parcel_id from staged where known_before`,
    [context.source],
  );
  return rows.map((row) => row.parcel_id);
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
async function flagLookAlikes(tx: Tx, context: BatchContext): Promise<number> {
  const flagged = await tx.query(
    `insert into merge_candidates (import_id, row_number, incoming_parcel_id, existing_parcel_id, similarity)
     select $1::uuid, x.row_number, x.id, p.id, p.similarity
       from import_stage_parcels x
       -- The most similar parcel with the same ZIP and house number, probed per row through the index.
       cross join lateral (
         select p.id, similarity(p.address_line1, x.address_line1) as similarity from parcels p
          where p.zip = x.zip and p.address_number = x.address_number and p.id <> x.id and p.address_key <> coalesce(x.address_key, '')
            and similarity(p.address_line1, x.address_line1) >= 0.6
            -- Two parcel numbers, another unit, another side of town or another numbered
            -- street (7TH vs 10TH) are different places, however alike the lines read.
            and (p.apn is null or x.apn is null or p.apn = x.apn)
            and p.address_unit_number is not distinct from x.address_unit_number
            and p.address_predirectional is not distinct from x.address_predirectional
            and regexp_replace(p.address_street, '[^0-9]', '', 'g') = regexp_replace(coalesce(x.address_street, ''), '[^0-9]', '', 'g')
          order by similarity desc
          limit 1) p
      where x.is_new and x.zip is not null and x.address_number is not null and x.address_line1 is not null
     on conflict (import_id, row_number) do nothing
     returning 1`,
    [context.importId],
  );
  return flagged.length;
}

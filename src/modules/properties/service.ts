import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/errors.js';
import { normalizeAddress } from './address/normalize-address.js';
import { readScoreCard } from '../scoring/service.js';
import type { PropertyQuery } from './schema.js';

/** What a parcel is worth: its market value, else its assessed value. */
export const PARCEL_VALUE = 'coalesce(p.market_value, p.assessed_value)';
/**
 * A parcel's equity over `parcels p`, the same in the list, on the property page and in
 * the signals scoring reads: the value less the open mortgage. It is known only when a
 * source gave the mortgage balance (0 included) or said free and clear, and null
 * otherwise: a list without mortgage data says nothing about the equity.
 */
export const PARCEL_EQUITY = `(${PARCEL_VALUE} - coalesce(p.mortgage_balance, case when p.free_and_clear then 0 end))`;
const EQUITY_PERCENT = `(100 * ${PARCEL_EQUITY} / nullif(${PARCEL_VALUE}, 0))`;

/** Sort keys the list accepts, and the SQL each one orders by (always unique through the id); unknown values come last. */
const SORTS: Record<string, string> = {
  stack: 'p.stack_count desc, p.id',
  value: 'p.market_value desc nulls last, p.id',
  equity: `${PARCEL_EQUITY} desc nulls last, p.id`,
  year_built: 'p.year_built desc nulls last, p.id',
  address: 'p.address_street, p.address_number, p.id',
  updated: 'p.updated_at desc, p.id',
  score: 'ps.score desc nulls last, p.id',
};

/** An owner whose mailing address is not the property's own. */
const ABSENTEE = `exists (select 1 from parcel_owners po join owners o on o.id = po.owner_id
  where po.parcel_id = p.id and o.mailing_key is not null and o.mailing_key is distinct from p.address_key)`;

/** The WHERE clause of a property filter over `parcels p`, numbering its parameters from $1; other modules select the same properties with it. */
export function whereOf(query: PropertyQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    let text = sql;
    for (const value of values) {
      params.push(value);
      text = text.replace('?', `$${params.length}`);
    }
    where.push(text);
  };
  if (query.list) add('exists (select 1 from list_memberships lm where lm.parcel_id = p.id and lm.list_id = ?)', query.list);
  if (query.tag) add('? = any(p.distress_tags)', query.tag);
  if (query.minStack !== undefined) add('p.stack_count >= ?', query.minStack);
  if (query.city) add('p.city = upper(?)', query.city);
  if (query.zip) add('p.zip = ?', query.zip);
  if (query.ownerType)
    add(
      'exists (select 1 from parcel_owners po join owners o on o.id = po.owner_id where po.parcel_id = p.id and o.kind = ?)',
      query.ownerType,
    );
  if (query.absentee !== undefined) where.push(query.absentee ? ABSENTEE : `not ${ABSENTEE}`);
  if (query.minValue !== undefined) add('p.market_value >= ?', query.minValue);
  if (query.maxValue !== undefined) add('p.market_value <= ?', query.maxValue);
  // A range leaves out the properties whose equity is unknown (the comparison is null).
  if (query.minEquity !== undefined) add(`${PARCEL_EQUITY} >= ?`, query.minEquity);
  if (query.maxEquity !== undefined) add(`${PARCEL_EQUITY} <= ?`, query.maxEquity);
  if (query.minEquityPercent !== undefined) add(`${EQUITY_PERCENT} >= ?`, query.minEquityPercent);
  if (query.maxEquityPercent !== undefined) add(`${EQUITY_PERCENT} <= ?`, query.maxEquityPercent);
  if (query.minScore !== undefined) add('exists (select 1 from parcel_scores s where s.parcel_id = p.id and s.score >= ?)', query.minScore);
  if (query.maxScore !== undefined) add('exists (select 1 from parcel_scores s where s.parcel_id = p.id and s.score <= ?)', query.maxScore);
  if (query.q) {
    // Addresses are stored in USPS form, without accents; owner names keep theirs.
    const pattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = pattern(query.q);
    const folded = pattern(query.q.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    // "123 north main street" finds "123 N MAIN ST": the search is also read as an address.
    const asAddress = pattern(normalizeAddress(query.q).line1 ?? query.q);
    add(
      `(p.address_line1 ilike ? or p.address_line1 ilike ? or p.apn ilike ? or exists (select 1 from parcel_owners po join owners o on o.id = po.owner_id
         where po.parcel_id = p.id and (o.display_name ilike ? or o.display_name ilike ?)))`,
      folded,
      asAddress,
      like,
      like,
      folded,
    );
  }
  return { sql: where.length > 0 ? `where ${where.join(' and ')}` : '', params };
}

const LIST_COLUMNS = `p.id, p.apn, p.address_line1, p.city, p.state, p.zip, p.property_type, p.beds::float8 as beds, p.baths::float8 as baths,
  p.living_sqft, p.year_built, p.market_value::float8 as market_value, ${PARCEL_VALUE}::float8 as value, ${PARCEL_EQUITY}::float8 as equity,
  p.tax_owed::float8 as tax_owed, p.stack_count, p.distress_tags, p.updated_at,
  (select string_agg(o.display_name, ' & ' order by o.display_name) from parcel_owners po join owners o on o.id = po.owner_id where po.parcel_id = p.id) as owner_names`;

/**
 * The page's rows. The score is looked up for the rows of the page only, after the
 * limit; sorting by score joins every parcel's score instead, once.
 */
function selectOf(query: PropertyQuery): string {
  return query.sort === 'score'
    ? `select ${LIST_COLUMNS}, ps.score from parcels p left join parcel_scores ps on ps.tenant_id = p.tenant_id and ps.parcel_id = p.id`
    : `select ${LIST_COLUMNS}, (select ps.score from parcel_scores ps where ps.parcel_id = p.id) as score from parcels p`;
}

interface ListRow {
  id: string;
  apn: string | null;
  address_line1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  property_type: string | null;
  beds: number | null;
  baths: number | null;
  living_sqft: number | null;
  year_built: number | null;
  market_value: number | null;
  value: number | null;
  equity: number | null;
  tax_owed: number | null;
  stack_count: number;
  distress_tags: string[];
  owner_names: string | null;
  score: number | null;
}

/** Equity as a share of the value, to a tenth of a percent; unknown when either is. */
const equityPercentOf = (equity: number | null, value: number | null) =>
  equity === null || !value ? null : Math.round((1000 * equity) / value) / 10;

function presentListRow(row: ListRow) {
  return {
    id: row.id,
    apn: row.apn,
    address: row.address_line1,
    city: row.city,
    state: row.state,
    zip: row.zip,
    propertyType: row.property_type,
    beds: row.beds,
    baths: row.baths,
    livingSqft: row.living_sqft,
    yearBuilt: row.year_built,
    marketValue: row.market_value,
    equity: row.equity,
    equityPercent: equityPercentOf(row.equity, row.value),
    taxOwed: row.tax_owed,
    stackCount: row.stack_count,
    distressTags: row.distress_tags,
    ownerNames: row.owner_names,
    score: row.score,
  };
}

/** One page of the filtered, sorted property list, with the total count for the filter. */
export async function listProperties(db: Database, tenantId: string, query: PropertyQuery) {
  const { sql, params } = whereOf(query);
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  return db.withTenant(tenantId, async (tx) => {
    const rows = await tx.query<ListRow>(
      `${selectOf(query)} ${sql} order by ${SORTS[query.sort ?? 'stack']} limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, limit, offset],
    );
    const [count] = await tx.query<{ total: number }>(`select count(*)::int as total from parcels p ${sql}`, params);
    return { items: rows.map(presentListRow), total: count!.total, offset, limit };
  });
}

/** Every property of the filter, in pages, for CSV export. */
export async function* exportProperties(db: Database, tenantId: string, query: PropertyQuery) {
  const { sql, params } = whereOf(query);
  const page = 5000;
  for (let offset = 0; ; offset += page) {
    const rows = await db.withTenant(tenantId, (tx) =>
      tx.query<ListRow>(`${selectOf(query)} ${sql} order by ${SORTS[query.sort ?? 'stack']} limit ${page} offset ${offset}`, params),
    );
    for (const row of rows) yield presentListRow(row);
    if (rows.length < page) return;
  }
}

/** A property with every field, its owners and their contacts, its lists, provenance and replaced values. */
export async function getProperty(db: Database, tenantId: string, id: string) {
  return db.withTenant(tenantId, async (tx) => {
    const [parcel] = await tx.query<
      Record<string, unknown> & { id: string; provenance: Record<string, unknown>; value_now: number | null; equity_now: number | null }
    >(
      `select p.*, ${PARCEL_VALUE}::float8 as value_now, ${PARCEL_EQUITY}::float8 as equity_now, p.beds::float8 as beds, p.baths::float8 as baths, p.assessed_value::float8 as assessed_value,
              p.market_value::float8 as market_value, p.last_sale_price::float8 as last_sale_price,
              p.mortgage_balance::float8 as mortgage_balance, p.tax_owed::float8 as tax_owed, p.last_sale_date::text as last_sale_date
         from parcels p where p.id = $1`,
      [id],
    );
    if (!parcel) throw notFound('Property');
    const owners = await tx.query<{
      id: string;
      kind: string;
      entity_type: string | null;
      display_name: string;
      mailing_line1: string | null;
      mailing_city: string | null;
      mailing_state: string | null;
      mailing_zip: string | null;
      absentee: boolean;
    }>(
      `select o.id, o.kind, o.entity_type, o.display_name, o.mailing_line1, o.mailing_city, o.mailing_state, o.mailing_zip,
              (o.mailing_key is not null and o.mailing_key is distinct from $2) as absentee
         from parcel_owners po join owners o on o.id = po.owner_id where po.parcel_id = $1 order by o.display_name`,
      [id, parcel.address_key],
    );
    const ownerIds = owners.map((o) => o.id);
    const phones = await tx.query<{ owner_id: string; e164: string; line_type: string }>(
      'select owner_id, e164, line_type from owner_phones where owner_id = any($1::uuid[]) order by created_at',
      [ownerIds],
    );
    const emails = await tx.query<{ owner_id: string; email: string }>(
      'select owner_id, email from owner_emails where owner_id = any($1::uuid[]) order by created_at',
      [ownerIds],
    );
    const lists = await tx.query<{ id: string; name: string; tags: string[]; added_at: Date }>(
      'select l.id, l.name, l.tags, lm.added_at from list_memberships lm join lists l on l.id = lm.list_id where lm.parcel_id = $1 order by lm.added_at',
      [id],
    );
    const history = await tx.query<{ field: string; value: unknown; source: string; observed_at: Date }>(
      'select field, value, source, observed_at from parcel_field_values where parcel_id = $1 order by observed_at desc, id desc limit 500',
      [id],
    );
    const { score, outcome } = await readScoreCard(tx, id);
    const { provenance, source, created_at: createdAt, tenant_id: _tenant, value_now: value, equity_now: equity, ...fields } = parcel;
    // Each field with a value came from the parcel's first source unless a later one replaced it.
    const origin = { source, at: createdAt instanceof Date ? createdAt.toISOString() : createdAt };
    const fieldProvenance = Object.fromEntries(
      Object.entries(fields)
        .filter(([name, value]) => value !== null && !['id', 'created_at', 'updated_at', 'stack_count', 'distress_tags'].includes(name))
        .map(([name]) => [name, provenance[name] ?? origin]),
    );
    return {
      id: parcel.id,
      fields: { ...fields, created_at: origin.at },
      provenance: fieldProvenance,
      equity,
      equityPercent: equityPercentOf(equity, value),
      owners: owners.map((o) => ({
        id: o.id,
        kind: o.kind,
        entityType: o.entity_type,
        name: o.display_name,
        mailingAddress:
          [o.mailing_line1, o.mailing_city, [o.mailing_state, o.mailing_zip].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null,
        absentee: o.absentee,
        phones: phones.filter((p) => p.owner_id === o.id).map((p) => ({ e164: p.e164, lineType: p.line_type })),
        emails: emails.filter((e) => e.owner_id === o.id).map((e) => e.email),
      })),
      lists: lists.map((l) => ({ id: l.id, name: l.name, tags: l.tags, addedAt: l.added_at.toISOString() })),
      history: history.map((h) => ({ field: h.field, value: h.value, source: h.source, observedAt: h.observed_at.toISOString() })),
      score,
      outcome,
    };
  });
}

export async function listLists(db: Database, tenantId: string) {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<{ id: string; name: string; tags: string[]; properties: number; created_at: Date }>(
      `select l.id, l.name, l.tags, (select count(*)::int from list_memberships lm where lm.list_id = l.id) as properties, l.created_at
         from lists l order by l.created_at desc`,
    ),
  );
  return {
    items: rows.map((l) => ({ id: l.id, name: l.name, tags: l.tags, properties: l.properties, createdAt: l.created_at.toISOString() })),
  };
}

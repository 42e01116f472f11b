import type { Database, Tx } from '../../platform/db/database.js';
import {
  afterPositionOf,
  decodeCursor,
  encodeCursor,
  keyColumnsOf,
  keysOfRow,
  orderByOf,
  type CursorPosition,
  type KeysetOrder,
  type SortKey,
} from '../../platform/db/keyset.js';
import { countRows, estimateRows } from '../../platform/db/list-count.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { readScoreCard } from '../scoring/service.js';
import type { PropertyQuery } from './schema.js';
import { searchConditionOf, searchFormFor } from './search.js';

/** What a parcel is worth: its market value, else its assessed value. */
export const PARCEL_VALUE = 'coalesce(p.market_value, p.assessed_value)';
/**
 * A parcel's equity over `parcels p`, the same in the list, on the property page and in
 * the signals scoring reads: the value less the open mortgage. It is known only when a
 * source gave the mortgage balance (0 included) or said free and clear, and null
 * otherwise: a list without mortgage data says nothing about the equity. A stored
 * column (migration 0011), so that the equity sort has an index.
 */
export const PARCEL_EQUITY = 'p.equity_amount';
const EQUITY_PERCENT = `(100 * ${PARCEL_EQUITY} / nullif(${PARCEL_VALUE}, 0))`;

/**
 * Recomputes the maintained search text and absentee flag of these parcels; every
 * write that changes a parcel's address, owners, phones or e-mails calls it.
 */
export async function refreshParcelSearch(tx: Tx, parcelIds: readonly string[]): Promise<void> {
  if (parcelIds.length > 0) await tx.query('select refresh_parcel_search($1::uuid[])', [parcelIds]);
}

/** The scored parcels first, by score, then the unscored ones: two parts, each with its own index. */
const SCORED = 'parcel_scores ps join parcels p on p.tenant_id = ps.tenant_id and p.id = ps.parcel_id';
const UNSCORED = 'parcels p where not exists (select 1 from parcel_scores ps where ps.tenant_id = p.tenant_id and ps.parcel_id = p.id)';

interface SortPart extends KeysetOrder {
  /** FROM clause (with a WHERE of its own, or none) over `parcels p`. */
  from: string;
}

const known = (column: string, type: 'int' | 'numeric'): SortKey[] => [
  { sql: `(${column} is not null)`, type: 'bool' },
  { sql: `coalesce(${column}, 0)`, type },
];
const ID_DESC: SortKey = { sql: 'p.id', type: 'uuid' };
const byParcels = (keys: SortKey[], descending = true): SortPart[] => [{ from: 'parcels p', keys, descending }];

/**
 * Sort keys the list accepts, each served by an index of migration 0011: highest
 * first (address: A to Z), properties whose sort value is unknown last, ties by id.
 */
const SORTS: Record<string, SortPart[]> = {
  stack: byParcels([{ sql: 'p.stack_count', type: 'int' }, ID_DESC]),
  value: byParcels([...known('p.market_value', 'numeric'), ID_DESC]),
  equity: byParcels([...known(PARCEL_EQUITY, 'numeric'), ID_DESC]),
  year_built: byParcels([...known('p.year_built', 'int'), ID_DESC]),
  address: byParcels(
    [
      { sql: '(p.address_street is null)', type: 'bool' },
      { sql: "coalesce(p.address_street, '')", type: 'text' },
      { sql: "coalesce(p.address_number, '')", type: 'text' },
      ID_DESC,
    ],
    false,
  ),
  updated: byParcels([{ sql: 'p.updated_at', type: 'timestamptz' }, ID_DESC]),
  score: [
    {
      from: SCORED,
      keys: [
        { sql: 'ps.score', type: 'int' },
        { sql: 'ps.parcel_id', type: 'uuid' },
      ],
      descending: true,
    },
    { from: UNSCORED, keys: [ID_DESC], descending: true },
  ],
};

/** The schema admits only the sorts above. */
const sortPartsOf = (query: PropertyQuery): SortPart[] => SORTS[query.sort ?? 'stack']!;

type Filter = { sql: string; params: unknown[] };

/**
 * The WHERE clause of a property filter over `parcels p`, numbering its parameters
 * from $1, with its search in either form (SearchCondition); other modules select
 * the same properties with it.
 */
export function whereOf(query: PropertyQuery, searchForm: 'indexed' | 'inOrder' = 'indexed'): Filter {
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
  const scoreAt = (comparison: string) =>
    `exists (select 1 from parcel_scores s where s.tenant_id = p.tenant_id and s.parcel_id = p.id and s.score ${comparison} ?)`;
  if (query.list) add('exists (select 1 from list_memberships lm where lm.list_id = ? and lm.parcel_id = p.id)', query.list);
  if (query.tag) add('p.distress_tags @> array[?::text]', query.tag);
  if (query.minStack !== undefined) add('p.stack_count >= ?', query.minStack);
  if (query.city) add('p.city = upper(?)', query.city);
  if (query.zip) add('p.zip = ?', query.zip);
  if (query.ownerType)
    add(
      'exists (select 1 from parcel_owners po join owners o on o.id = po.owner_id where po.parcel_id = p.id and o.kind = ?)',
      query.ownerType,
    );
  // Unknown (no owner's mailing address known) counts as not absentee, as it always has.
  if (query.absentee !== undefined) where.push(query.absentee ? 'p.absentee' : 'p.absentee is not true');
  if (query.minValue !== undefined) add('p.market_value >= ?', query.minValue);
  if (query.maxValue !== undefined) add('p.market_value <= ?', query.maxValue);
  // A range leaves out the properties whose equity is unknown (the comparison is null).
  if (query.minEquity !== undefined) add(`${PARCEL_EQUITY} >= ?`, query.minEquity);
  if (query.maxEquity !== undefined) add(`${PARCEL_EQUITY} <= ?`, query.maxEquity);
  if (query.minEquityPercent !== undefined) add(`${EQUITY_PERCENT} >= ?`, query.minEquityPercent);
  if (query.maxEquityPercent !== undefined) add(`${EQUITY_PERCENT} <= ?`, query.maxEquityPercent);
  if (query.minScore !== undefined) add(scoreAt('>='), query.minScore);
  if (query.maxScore !== undefined) add(scoreAt('<='), query.maxScore);
  if (query.q) {
    const search = searchConditionOf(query.q);
    add(search[searchForm], ...search.values);
  }
  return { sql: where.length > 0 ? `where ${where.join(' and ')}` : '', params };
}

/** `from` with the filter's conditions added to its own WHERE, if it has one. */
function filtered(from: string, where: string): string {
  if (!where) return from;
  return / where /.test(from) ? `${from} and ${where.slice('where '.length)}` : `${from} ${where}`;
}

/** Columns of a page's rows that come from the parcel itself. */
const ROW_COLUMNS = `p.id, p.apn, p.address_line1, p.city, p.state, p.zip, p.property_type, p.beds::float8 as beds, p.baths::float8 as baths,
  p.living_sqft, p.year_built, p.market_value::float8 as market_value, ${PARCEL_VALUE}::float8 as value, ${PARCEL_EQUITY}::float8 as equity,
  p.tax_owed::float8 as tax_owed, p.stack_count, p.distress_tags`;

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
  [key: `k${number}`]: string;
}

/**
 * The rows of one part of a sort after a position (or from its start, skipping
 * `offset`). The owner names and the score are looked up for the page's rows only,
 * after the limit.
 */
async function readPart(
  tx: Tx,
  part: SortPart,
  filter: Filter,
  from: { after?: string[]; offset?: number },
  limit: number,
): Promise<ListRow[]> {
  const params = [...filter.params];
  const conditions = filter.sql ? [filter.sql.slice('where '.length)] : [];
  if (from.after) conditions.push(afterPositionOf(part, from.after, params));
  const source = filtered(part.from, conditions.length > 0 ? `where ${conditions.join(' and ')}` : '');
  return tx.query<ListRow>(
    `select page.*,
            (select string_agg(o.display_name, ' & ' order by o.display_name)
               from parcel_owners po join owners o on o.tenant_id = po.tenant_id and o.id = po.owner_id
              where po.tenant_id = page.tenant_id and po.parcel_id = page.id) as owner_names,
            (select ps.score from parcel_scores ps where ps.tenant_id = page.tenant_id and ps.parcel_id = page.id) as score
       from (select ${ROW_COLUMNS}, p.tenant_id, ${keyColumnsOf(part)} from ${source}
              order by ${orderByOf(part)} limit ${limit} offset ${from.offset ?? 0}) page`,
    params,
  );
}

/** How many rows a part of a sort has, to carry an offset past it into the next. */
async function countPart(tx: Tx, part: SortPart, filter: Filter): Promise<number> {
  const [row] = await tx.query<{ rows: number }>(`select count(*)::int as rows from ${filtered(part.from, filter.sql)}`, filter.params);
  return row!.rows;
}

/**
 * Up to `limit` rows of the filtered, sorted list from a cursor position or an
 * offset, and the position after the last of them when more follow.
 */
async function readRows(
  tx: Tx,
  query: PropertyQuery,
  filter: Filter,
  start: { cursor?: CursorPosition; offset: number },
  limit: number,
): Promise<{ rows: ListRow[]; next: CursorPosition | null }> {
  const parts = sortPartsOf(query);
  const rows: { row: ListRow; part: number }[] = [];
  let offset = start.offset;
  // One row more than asked tells whether another page follows.
  for (let index = start.cursor?.part ?? 0; index < parts.length && rows.length <= limit; index++) {
    const part = parts[index]!;
    const after = start.cursor && index === start.cursor.part ? start.cursor.keys : undefined;
    const found = await readPart(tx, part, filter, { after, offset }, limit + 1 - rows.length);
    rows.push(...found.map((row) => ({ row, part: index })));
    const pastThisPart = offset > 0 && found.length === 0 && index < parts.length - 1;
    offset = pastThisPart ? Math.max(0, offset - (await countPart(tx, part, filter))) : 0;
  }
  if (rows.length <= limit) return { rows: rows.map((r) => r.row), next: null };
  const last = rows[limit - 1]!;
  return { rows: rows.slice(0, limit).map((r) => r.row), next: { part: last.part, keys: keysOfRow(parts[last.part]!, last.row) } };
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

/**
 * The filter in both search forms, and the one a page of `rows` reads: the cheaper
 * for how common the search's words are (searchFormFor), from the planner's estimates.
 */
async function filtersOf(tx: Tx, tenantId: string, query: PropertyQuery, rows: number) {
  const indexed = whereOf(query);
  if (!query.q) return { indexed, inOrder: indexed, page: indexed };
  const inOrder = whereOf(query, 'inOrder');
  const { q: _search, ...withoutSearchQuery } = query;
  const withoutSearch = whereOf(withoutSearchQuery);
  const estimate = {
    withSearch: await estimateRows(tx, tenantId, `from parcels p ${inOrder.sql}`, inOrder.params),
    withoutSearch: await estimateRows(tx, tenantId, `from parcels p ${withoutSearch.sql}`, withoutSearch.params),
  };
  return { indexed, inOrder, page: searchFormFor(rows, estimate) === 'inOrder' ? inOrder : indexed };
}

function startOf(query: PropertyQuery): { cursor?: CursorPosition; offset: number } {
  const sort = query.sort ?? 'stack';
  if (query.cursor === undefined) return { offset: query.offset ?? 0 };
  if ((query.offset ?? 0) > 0) throw new AppError('bad_request', 'Page with either a cursor or an offset, not both');
  return { cursor: decodeCursor(query.cursor, sort, sortPartsOf(query)), offset: 0 };
}

/**
 * One page of the filtered, sorted property list: from a cursor (`nextCursor` of the
 * page before) or an offset. The total is exact up to a thousand, an estimate past it
 * (countRows).
 */
export async function listProperties(db: Database, tenantId: string, query: PropertyQuery) {
  const start = startOf(query);
  const limit = query.limit ?? 50;
  const sort = query.sort ?? 'stack';
  return db.withTenant(tenantId, async (tx) => {
    const filters = await filtersOf(tx, tenantId, query, start.offset + limit + 1);
    const { rows, next } = await readRows(tx, query, filters.page, start, limit);
    // A first page that is also the last counts itself.
    const whole = !start.cursor && start.offset === 0 && !next;
    // Counted through the index (a walk would pass the whole tenant for a rare word), estimated from the plain match;
    // the two forms differ only for a search.
    const count = whole
      ? { total: rows.length, totalExact: true }
      : await countRows(tx, tenantId, `from parcels p ${filters.indexed.sql}`, filters.indexed.params, {
          estimateFromWhere: `from parcels p ${filters.inOrder.sql}`,
          readsEveryMatch: filters.indexed.sql !== filters.inOrder.sql,
        });
    return {
      items: rows.map(presentListRow),
      ...count,
      offset: start.offset,
      limit,
      nextCursor: next ? encodeCursor(sort, next) : null,
    };
  });
}

/**
 * Every property of the filter in the requested order, read a page at a time by
 * cursor, each page in a transaction of its own: memory stays flat however many rows,
 * and a slow download never holds a transaction open.
 */
const EXPORT_PAGE = 2000;
export function exportProperties(db: Database, tenantId: string, query: PropertyQuery): AsyncGenerator<ReturnType<typeof presentListRow>> {
  // Checked before the first byte is sent: a bad cursor is a 400, not a cut download.
  const first = startOf({ ...query, offset: 0 });
  return (async function* pages() {
    let start = first;
    for (;;) {
      const { rows, next } = await db.withTenant(tenantId, async (tx) =>
        readRows(tx, query, (await filtersOf(tx, tenantId, query, EXPORT_PAGE + 1)).page, start, EXPORT_PAGE),
      );
      for (const row of rows) yield presentListRow(row);
      if (!next) return;
      start = { cursor: next, offset: 0 };
    }
  })();
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
    const {
      provenance,
      source,
      created_at: createdAt,
      tenant_id: _tenant,
      value_now: value,
      equity_now: equity,
      // Derived and kept for the list and search, not facts a source gave.
      equity_amount: _equity,
      absentee: _absentee,
      search_text: _searchText,
      search_vector: _searchVector,
      ...fields
    } = parcel;
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

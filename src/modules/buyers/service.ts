import { userIdOf, type Actor, type Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { decodeCursor, encodeCursor } from '../../platform/http/contract.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { PROPERTY_TYPES } from '../buyer-matching/property-types.js';
import { normalizePhone } from '../properties/contacts/phone.js';
import type { Buyer, BuyBox, BuyBoxInput, BuyerPage, BuyerQuery, CreateBuyerBody, UpdateBuyerBody } from './schema.js';

export const BUYER_CREATED = 'buyer.created';
export const BUYER_UPDATED = 'buyer.updated';

const money = (value: string | number | null) => (value === null ? null : Number(value));
export const emailKeyOf = (email: string | null | undefined) => email?.trim().toLowerCase() || null;

/** The phone as E.164, or null when there is none; a phone that is no number is an error. */
export function phoneKeyOf(phone: string | null | undefined): string | null {
  if (!phone?.trim()) return null;
  const normalized = normalizePhone(phone);
  if (!normalized.ok) throw new AppError('validation', `${phone} is not a phone number`);
  return normalized.e164;
}

function checkEmail(email: string | null | undefined): void {
  if (email?.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
    throw new AppError('validation', `${email} is not an e-mail address`);
}

/** "austin ,tx" → "AUSTIN, TX"; "Travis County, tx" → "TRAVIS, TX": the forms matching compares. */
function placeOf(place: string, what: 'cities' | 'counties', where: string): string {
  const match = /^(.+?)\s*,\s*([A-Za-z]{2})$/.exec(place.trim());
  if (!match)
    throw new AppError('validation', `${where}: ${what} need their state, like "${what === 'cities' ? 'Austin, TX' : 'Travis, TX'}"`);
  let name = match[1]!.replace(/\s+/g, ' ').toUpperCase();
  if (what === 'counties') name = name.replace(/\s+COUNTY$/, '');
  return `${name}, ${match[2]!.toUpperCase()}`;
}

/** Each spelling's property type key, from the SQL function matching uses on parcels. */
async function propertyTypeKeys(tx: Tx, spellings: readonly string[]): Promise<Map<string, string | null>> {
  if (spellings.length === 0) return new Map();
  const rows = await tx.query<{ raw: string; key: string | null }>(
    'select raw, property_type_key(raw) as key from unnest($1::text[]) raw',
    [[...new Set(spellings)]],
  );
  return new Map(rows.map((row) => [row.raw, row.key]));
}

const pairOk = (low: number | null | undefined, high: number | null | undefined) => low == null || high == null || low <= high;

/** A box as the columns buy_boxes stores, or a validation error naming the box and the field. */
async function boxColumns(tx: Tx, box: BuyBoxInput, where: string): Promise<unknown[]> {
  for (const [low, high, label] of [
    [box.minPrice, box.maxPrice, 'price'],
    [box.minArv, box.maxArv, 'ARV'],
    [box.minBeds, box.maxBeds, 'beds'],
    [box.minBaths, box.maxBaths, 'baths'],
    [box.minSqft, box.maxSqft, 'sq ft'],
    [box.minYear, box.maxYear, 'year built'],
  ] as const)
    if (!pairOk(low, high)) throw new AppError('validation', `${where}: the minimum ${label} is above the maximum`);
  const zips = (box.zips ?? []).map((zip) => {
    if (!/^\d{5}(-\d{4})?$/.test(zip.trim())) throw new AppError('validation', `${where}: ${zip} is not a ZIP code`);
    return zip.trim().slice(0, 5);
  });
  const keys = await propertyTypeKeys(tx, box.propertyTypes ?? []);
  const propertyTypes = (box.propertyTypes ?? []).map((raw) => {
    const key = keys.get(raw);
    if (!key) throw new AppError('validation', `${where}: "${raw}" is not a property type (${PROPERTY_TYPES.join(', ')})`);
    return key;
  });
  return [
    box.name?.trim() || null,
    box.active ?? true,
    [...new Set(zips)],
    [...new Set((box.cities ?? []).map((city) => placeOf(city, 'cities', where)))],
    [...new Set((box.counties ?? []).map((county) => placeOf(county, 'counties', where)))],
    box.radius?.latitude ?? null,
    box.radius?.longitude ?? null,
    box.radius?.miles ?? null,
    [...new Set(propertyTypes)],
    box.minPrice ?? null,
    box.maxPrice ?? null,
    box.minArv ?? null,
    box.maxArv ?? null,
    box.minBeds ?? null,
    box.maxBeds ?? null,
    box.minBaths ?? null,
    box.maxBaths ?? null,
    box.minSqft ?? null,
    box.maxSqft ?? null,
    box.minYear ?? null,
    box.maxYear ?? null,
    [...new Set(box.rehabLevels ?? [])],
    [...new Set(box.strategies ?? [])],
    [...new Set(box.financing ?? [])],
    box.closeWithinDays ?? null,
    [...new Set(box.required ?? [])],
  ];
}

const BOX_COLUMNS = `name, active, zips, cities, counties, center_latitude, center_longitude, radius_miles, property_types,
  min_price, max_price, min_arv, max_arv, min_beds, max_beds, min_baths, max_baths, min_sqft, max_sqft, min_year, max_year,
  rehab_levels, strategies, financing, close_within_days, required`;
const BOX_PLACEHOLDERS = Array.from({ length: 26 }, (_, i) => `$${i + 2}`).join(', ');

/**
 * Writes a buyer's boxes: with `replace`, boxes with an id are updated, new ones
 * added, the rest deleted; otherwise all are added.
 */
export async function writeBoxes(tx: Tx, buyerId: string, boxes: readonly BuyBoxInput[], replace: boolean): Promise<void> {
  const columns = await Promise.all(boxes.map((box, i) => boxColumns(tx, box, `buyBoxes[${i}]`)));
  if (replace) {
    const kept = boxes.flatMap((box) => (box.id ? [box.id] : []));
    await tx.query('delete from buy_boxes where buyer_id = $1 and not (id = any($2::uuid[]))', [buyerId, kept]);
  }
  for (const [i, box] of boxes.entries()) {
    if (replace && box.id) {
      const updated = await tx.query(
        `update buy_boxes set (${BOX_COLUMNS}) = (${BOX_PLACEHOLDERS}), position = $28, updated_at = now()
          where buyer_id = $1 and id = $29 returning id`,
        [buyerId, ...columns[i]!, i, box.id],
      );
      if (updated.length === 0) throw new AppError('validation', `buyBoxes[${i}]: the buyer has no box ${box.id}`);
    } else {
      await tx.query(`insert into buy_boxes (buyer_id, ${BOX_COLUMNS}, position) values ($1, ${BOX_PLACEHOLDERS}, $28)`, [
        buyerId,
        ...columns[i]!,
        i,
      ]);
    }
  }
}

interface ContactInput {
  name: string;
  role?: string | null;
  email?: string | null;
  phone?: string | null;
}

async function writeContacts(tx: Tx, buyerId: string, contacts: readonly ContactInput[]): Promise<void> {
  await tx.query('delete from buyer_contacts where buyer_id = $1', [buyerId]);
  for (const contact of contacts) {
    checkEmail(contact.email);
    await tx.query('insert into buyer_contacts (buyer_id, name, role, email, phone) values ($1, $2, $3, $4, $5)', [
      buyerId,
      contact.name.trim(),
      contact.role?.trim() || null,
      contact.email?.trim() || null,
      contact.phone?.trim() || null,
    ]);
  }
}

interface BuyerRow {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  tier: Buyer['tier'];
  status: Buyer['status'];
  source: string | null;
  notes: string | null;
  pof_amount: string | null;
  pof_dated_on: string | null;
  pof_expires_on: string | null;
  pof_attachment_id: string | null;
  pof_valid: boolean;
  weekly_send_cap: number | null;
  created_at: Date;
  updated_at: Date;
}

interface BoxRow {
  id: string;
  name: string | null;
  active: boolean;
  zips: string[];
  cities: string[];
  counties: string[];
  center_latitude: number | null;
  center_longitude: number | null;
  radius_miles: string | null;
  property_types: string[];
  min_price: string | null;
  max_price: string | null;
  min_arv: string | null;
  max_arv: string | null;
  min_beds: string | null;
  max_beds: string | null;
  min_baths: string | null;
  max_baths: string | null;
  min_sqft: number | null;
  max_sqft: number | null;
  min_year: number | null;
  max_year: number | null;
  rehab_levels: BuyBox['rehabLevels'];
  strategies: BuyBox['strategies'];
  financing: BuyBox['financing'];
  close_within_days: number | null;
  required: BuyBox['required'];
}

const POF_VALID = '(pof_amount is not null and (pof_expires_on is null or pof_expires_on >= current_date))';

function presentBox(box: BoxRow): BuyBox {
  return {
    id: box.id,
    name: box.name,
    active: box.active,
    zips: box.zips,
    cities: box.cities,
    counties: box.counties,
    radius:
      box.center_latitude === null || box.center_longitude === null || box.radius_miles === null
        ? null
        : { latitude: box.center_latitude, longitude: box.center_longitude, miles: Number(box.radius_miles) },
    propertyTypes: box.property_types,
    minPrice: money(box.min_price),
    maxPrice: money(box.max_price),
    minArv: money(box.min_arv),
    maxArv: money(box.max_arv),
    minBeds: money(box.min_beds),
    maxBeds: money(box.max_beds),
    minBaths: money(box.min_baths),
    maxBaths: money(box.max_baths),
    minSqft: box.min_sqft,
    maxSqft: box.max_sqft,
    minYear: box.min_year,
    maxYear: box.max_year,
    rehabLevels: box.rehab_levels,
    strategies: box.strategies,
    financing: box.financing,
    closeWithinDays: box.close_within_days,
    required: box.required,
  };
}

export async function readBuyer(tx: Tx, id: string): Promise<Buyer> {
  const [row] = await tx.query<BuyerRow>(
    `select id, name, company, email, phone, tags, tier, status, source, notes, pof_amount,
            to_char(pof_dated_on, 'YYYY-MM-DD') as pof_dated_on, to_char(pof_expires_on, 'YYYY-MM-DD') as pof_expires_on,
            pof_attachment_id, ${POF_VALID} as pof_valid, weekly_send_cap, created_at, updated_at
       from buyers where id = $1`,
    [id],
  );
  if (!row) throw notFound('Buyer');
  const [boxes, contacts] = await Promise.all([
    tx.query<BoxRow>(`select id, ${BOX_COLUMNS} from buy_boxes where buyer_id = $1 order by position, created_at, id`, [id]),
    tx.query<Buyer['contacts'][number]>(
      'select id, name, role, email, phone from buyer_contacts where buyer_id = $1 order by created_at, id',
      [id],
    ),
  ]);
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    tags: row.tags,
    tier: row.tier,
    status: row.status,
    source: row.source,
    notes: row.notes,
    proofOfFunds:
      row.pof_amount === null
        ? null
        : { amount: Number(row.pof_amount), datedOn: row.pof_dated_on, expiresOn: row.pof_expires_on, attachmentId: row.pof_attachment_id },
    proofOfFundsValid: row.pof_valid,
    weeklySendCap: row.weekly_send_cap,
    contacts,
    buyBoxes: boxes.map(presentBox),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function getBuyer(db: Database, principal: Principal, id: string): Promise<Buyer> {
  return db.withTenant(principal.tenantId, (tx) => readBuyer(tx, id));
}

async function assertEmailFree(tx: Tx, emailKey: string | null, exceptId: string | null): Promise<void> {
  if (!emailKey) return;
  const [existing] = await tx.query<{ id: string }>('select id from buyers where email_key = $1 and id is distinct from $2', [
    emailKey,
    exceptId,
  ]);
  if (existing) throw new AppError('conflict', 'A buyer with this e-mail exists already', { existingId: existing.id });
}

const tagsOf = (tags: readonly string[] | undefined) => [...new Set((tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];

/** Adds a buyer in the caller's transaction: the API and buyer imports both come here. */
export async function createBuyerIn(tx: Tx, actor: Actor, body: CreateBuyerBody): Promise<Buyer> {
  checkEmail(body.email);
  const emailKey = emailKeyOf(body.email);
  await assertEmailFree(tx, emailKey, null);
  const pof = body.proofOfFunds ?? null;
  const [row] = await tx.query<{ id: string }>(
    `insert into buyers (name, company, email, phone, email_key, phone_key, tags, tier, status, source, notes,
                         pof_amount, pof_dated_on, pof_expires_on, pof_attachment_id, weekly_send_cap, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
    [
      body.name.trim(),
      body.company?.trim() || null,
      body.email?.trim() || null,
      body.phone?.trim() || null,
      emailKey,
      phoneKeyOf(body.phone),
      tagsOf(body.tags),
      body.tier ?? 'standard',
      body.status ?? 'active',
      body.source?.trim() || null,
      body.notes ?? null,
      pof?.amount ?? null,
      pof?.datedOn ?? null,
      pof?.expiresOn ?? null,
      pof?.attachmentId ?? null,
      body.weeklySendCap ?? null,
      userIdOf(actor),
    ],
  );
  const id = row!.id;
  await writeContacts(tx, id, body.contacts ?? []);
  await writeBoxes(tx, id, body.buyBoxes ?? [], false);
  const buyer = await readBuyer(tx, id);
  await recordAudit(tx, actor, { action: BUYER_CREATED, entityType: 'buyer', entityId: id, after: buyer });
  await publishEvent(tx, { type: BUYER_CREATED, payload: { buyerId: id }, requestId: actor.requestId, actor });
  return buyer;
}

export function createBuyer(db: Database, principal: Principal, actor: Actor, body: CreateBuyerBody): Promise<Buyer> {
  return db.withTenant(principal.tenantId, (tx) => createBuyerIn(tx, actor, body));
}

const UPDATABLE: [keyof UpdateBuyerBody, string][] = [
  ['name', 'name'],
  ['company', 'company'],
  ['tier', 'tier'],
  ['status', 'status'],
  ['source', 'source'],
  ['notes', 'notes'],
  ['weeklySendCap', 'weekly_send_cap'],
];

export async function updateBuyerIn(tx: Tx, actor: Actor, id: string, body: UpdateBuyerBody): Promise<Buyer> {
  const before = await readBuyer(tx, id);
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  for (const [field, column] of UPDATABLE) {
    const value = body[field];
    if (value !== undefined) set(column, typeof value === 'string' ? value.trim() || (field === 'name' ? value : null) : value);
  }
  if (body.email !== undefined) {
    checkEmail(body.email);
    const emailKey = emailKeyOf(body.email);
    await assertEmailFree(tx, emailKey, id);
    set('email', body.email?.trim() || null);
    set('email_key', emailKey);
  }
  if (body.phone !== undefined) {
    set('phone_key', phoneKeyOf(body.phone));
    set('phone', body.phone?.trim() || null);
  }
  if (body.tags !== undefined) set('tags', tagsOf(body.tags));
  if (body.proofOfFunds !== undefined) {
    const pof = body.proofOfFunds;
    set('pof_amount', pof?.amount ?? null);
    set('pof_dated_on', pof?.datedOn ?? null);
    set('pof_expires_on', pof?.expiresOn ?? null);
    set('pof_attachment_id', pof?.attachmentId ?? null);
  }
  if (sets.length > 0) await tx.query(`update buyers set ${sets.join(', ')}, updated_at = now() where id = $1`, values);
  if (body.contacts) await writeContacts(tx, id, body.contacts);
  if (body.buyBoxes) await writeBoxes(tx, id, body.buyBoxes, true);
  const after = await readBuyer(tx, id);
  await recordAudit(tx, actor, { action: BUYER_UPDATED, entityType: 'buyer', entityId: id, before, after });
  await publishEvent(tx, { type: BUYER_UPDATED, payload: { buyerId: id }, requestId: actor.requestId, actor });
  return after;
}

export function updateBuyer(db: Database, principal: Principal, actor: Actor, id: string, body: UpdateBuyerBody): Promise<Buyer> {
  return db.withTenant(principal.tenantId, (tx) => updateBuyerIn(tx, actor, id, body));
}

export function deleteBuyer(db: Database, principal: Principal, actor: Actor, id: string): Promise<void> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const before = await readBuyer(tx, id);
    await tx.query('delete from buyers where id = $1', [id]);
    await recordAudit(tx, actor, { action: 'buyer.deleted', entityType: 'buyer', entityId: id, before });
    await publishEvent(tx, { type: 'buyer.deleted', payload: { buyerId: id }, requestId: actor.requestId, actor });
  });
}

type Cursor = [string, string];
const isCursor = (value: unknown): value is Cursor =>
  Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');

/** Buyers by name (keyset pages), with the filter's exact total: a tenant has thousands, not millions. */
export function listBuyers(db: Database, principal: Principal, query: BuyerQuery): Promise<BuyerPage> {
  const limit = query.limit ?? 50;
  const cursor = decodeCursor(query.cursor, isCursor);
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (query.q?.trim()) {
    const like = param(`%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const digits = query.q.replace(/\D/g, '');
    where.push(
      `(b.name ilike ${like} or b.company ilike ${like} or b.email ilike ${like}${digits.length >= 4 ? ` or b.phone_key like ${param(`%${digits}%`)}` : ''})`,
    );
  }
  if (query.tag) where.push(`${param(query.tag.trim().toLowerCase())} = any(b.tags)`);
  if (query.tier) where.push(`b.tier = ${param(query.tier)}`);
  if (query.status) where.push(`b.status = ${param(query.status)}`);
  if (query.zip) where.push(`exists (select 1 from buy_boxes x where x.buyer_id = b.id and ${param(query.zip.slice(0, 5))} = any(x.zips))`);
  const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const filterValues = [...values];
  const page = cursor
    ? `${filter ? `${filter} and` : 'where'} (lower(b.name), b.id) > (${param(cursor[0])}, ${param(cursor[1])}::uuid)`
    : filter;
  return db.withTenant(principal.tenantId, async (tx) => {
    const rows = await tx.query<{
      id: string;
      name: string;
      company: string | null;
      email: string | null;
      phone: string | null;
      tags: string[];
      tier: Buyer['tier'];
      status: Buyer['status'];
      source: string | null;
      pof_valid: boolean;
      box_count: number;
      markets: string[];
      max_price: number | null;
      created_at: Date;
    }>(
      `select b.id, b.name, b.company, b.email, b.phone, b.tags, b.tier, b.status, b.source, ${POF_VALID} as pof_valid,
              x.box_count, x.markets, x.max_price, b.created_at
         from buyers b
         cross join lateral (
           select count(distinct x.id)::int as box_count, max(max_price)::float8 as max_price,
                  coalesce((array_agg(distinct m))[1:4], '{}') as markets
             from buy_boxes x left join lateral unnest(x.zips || x.cities || x.counties) m on true
            where x.tenant_id = b.tenant_id and x.buyer_id = b.id
         ) x
         ${page}
        order by lower(b.name), b.id
        limit ${limit + 1}`,
      values,
    );
    const [counted] = await tx.query<{ total: number }>(`select count(*)::int as total from buyers b ${filter}`, filterValues);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      total: counted!.total,
      nextCursor: rows.length > limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
      items: items.map((row) => ({
        id: row.id,
        name: row.name,
        company: row.company,
        email: row.email,
        phone: row.phone,
        tags: row.tags,
        tier: row.tier,
        status: row.status,
        source: row.source,
        proofOfFundsValid: row.pof_valid,
        buyBoxCount: row.box_count,
        markets: row.markets.filter(Boolean),
        maxPrice: row.max_price,
        createdAt: row.created_at.toISOString(),
      })),
    };
  });
}

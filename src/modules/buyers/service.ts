import type { Actor, Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { normalizePhone } from '../properties/contacts/phone.js';
import type { Buyer, BuyBoxInput, CreateBuyerBody } from './schema.js';

interface BuyerRow {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  created_at: Date;
}
interface BoxRow {
  id: string;
  name: string | null;
  zips: string[];
  cities: string[];
  property_types: string[];
  min_price: string | null;
  max_price: string | null;
  strategies: string[];
}

const money = (value: string | null) => (value === null ? null : Number(value));
const emailKeyOf = (email: string | undefined) => email?.trim().toLowerCase() || null;
function phoneKeyOf(phone: string | undefined): string | null {
  if (!phone?.trim()) return null;
  const normalized = normalizePhone(phone);
  return normalized.ok ? normalized.e164 : null;
}

/** "austin, tx" → "AUSTIN, TX", the form buy-box matching compares. */
const cityOf = (city: string) =>
  city
    .trim()
    .replace(/\s*,\s*/, ', ')
    .replace(/\s+/g, ' ')
    .toUpperCase();

function checkBox(box: BuyBoxInput, index: number): void {
  if (box.minPrice !== undefined && box.maxPrice !== undefined && box.minPrice > box.maxPrice)
    throw new AppError('validation', `buyBoxes[${index}]: minPrice is above maxPrice`);
  for (const zip of box.zips ?? [])
    if (!/^\d{5}(-\d{4})?$/.test(zip.trim())) throw new AppError('validation', `buyBoxes[${index}]: ${zip} is not a ZIP code`);
}

async function readBuyer(tx: Tx, id: string): Promise<Buyer> {
  const [row] = await tx.query<BuyerRow>('select id, name, company, email, phone, created_at from buyers where id = $1', [id]);
  if (!row) throw notFound('Buyer');
  const boxes = await tx.query<BoxRow>(
    `select id, name, zips, cities, property_types, min_price, max_price, strategies
       from buy_boxes where buyer_id = $1 order by created_at, id`,
    [id],
  );
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    createdAt: row.created_at.toISOString(),
    buyBoxes: boxes.map((box) => ({
      id: box.id,
      name: box.name,
      zips: box.zips,
      cities: box.cities,
      propertyTypes: box.property_types,
      minPrice: money(box.min_price),
      maxPrice: money(box.max_price),
      strategies: box.strategies,
    })),
  };
}

export function getBuyer(db: Database, principal: Principal, id: string): Promise<Buyer> {
  return db.withTenant(principal.tenantId, (tx) => readBuyer(tx, id));
}

export function createBuyer(db: Database, principal: Principal, actor: Actor, body: CreateBuyerBody): Promise<Buyer> {
  const boxes = body.buyBoxes ?? [];
  boxes.forEach(checkBox);
  const emailKey = emailKeyOf(body.email);
  return db.withTenant(principal.tenantId, async (tx) => {
    if (emailKey) {
      const [existing] = await tx.query<{ id: string }>('select id from buyers where email_key = $1', [emailKey]);
      if (existing) throw new AppError('conflict', 'A buyer with this e-mail exists already', { existingId: existing.id });
    }
    const [row] = await tx.query<{ id: string }>(
      `insert into buyers (name, company, email, phone, email_key, phone_key, created_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        body.name.trim(),
        body.company?.trim() || null,
        body.email?.trim() || null,
        body.phone?.trim() || null,
        emailKey,
        phoneKeyOf(body.phone),
        principal.type === 'user' ? principal.userId : null,
      ],
    );
    for (const box of boxes)
      await tx.query(
        `insert into buy_boxes (buyer_id, name, zips, cities, property_types, min_price, max_price, strategies)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          row!.id,
          box.name ?? null,
          (box.zips ?? []).map((zip) => zip.trim().slice(0, 5)),
          (box.cities ?? []).map(cityOf),
          box.propertyTypes ?? [],
          box.minPrice ?? null,
          box.maxPrice ?? null,
          box.strategies ?? [],
        ],
      );
    const buyer = await readBuyer(tx, row!.id);
    await recordAudit(tx, actor, { action: 'buyer.created', entityType: 'buyer', entityId: buyer.id, after: buyer });
    await publishEvent(tx, { type: 'buyer.created', payload: { buyerId: buyer.id }, requestId: actor.requestId, actor });
    return buyer;
  });
}

import { userIdOf, type Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CreateContactBody, CreateOfferBody, DealContact, Offer, UpdateOfferBody } from './schema.js';

export const OFFER_MADE = 'deal.offer_made';
export const OFFER_UPDATED = 'deal.offer_updated';

interface OfferRow {
  id: string;
  amount: number;
  offered_on: string;
  status: Offer['status'];
  note: string | null;
  created_at: Date;
}

const OFFER_COLUMNS = `id, amount::float8 as amount, to_char(offered_on, 'YYYY-MM-DD') as offered_on, status, note, created_at`;

const presentOffer = (row: OfferRow): Offer => ({
  id: row.id,
  amount: row.amount,
  offeredOn: row.offered_on,
  status: row.status,
  note: row.note,
  createdAt: row.created_at.toISOString(),
});

/** The deal, visible to the caller, or a 404: offers and contacts follow their deal. */
async function dealOf(tx: Tx, dealId: string): Promise<{ parcel_id: string; mao: number | null; assignee_id: string | null }> {
  const [deal] = await tx.query<{ parcel_id: string; mao: number | null; assignee_id: string | null }>(
    'select parcel_id, mao::float8 as mao, assignee_id from deals where id = $1',
    [dealId],
  );
  if (!deal) throw notFound('Deal');
  return deal;
}

/** Records an offer on a deal; its amount defaults to the deal's maximum allowable offer. */
export async function createOffer(db: Database, tenantId: string, actor: Actor, dealId: string, body: CreateOfferBody): Promise<Offer> {
  return db.withTenant(tenantId, async (tx) => {
    const deal = await dealOf(tx, dealId);
    const amount = body.amount ?? deal.mao;
    if (amount === null || amount <= 0)
      throw new AppError('validation', 'The deal has no maximum allowable offer to start from: give an amount');
    const [row] = await tx.query<OfferRow>(
      `insert into deal_offers (deal_id, amount, offered_on, status, note, created_by)
       values ($1, $2, coalesce($3::date, current_date), coalesce($4, 'draft'), $5, $6) returning ${OFFER_COLUMNS}`,
      [dealId, amount, body.offeredOn ?? null, body.status ?? null, body.note ?? null, userIdOf(actor)],
    );
    const offer = presentOffer(row!);
    await tx.query('update deals set updated_at = now() where id = $1', [dealId]);
    await recordAudit(tx, actor, { action: 'deal.offer_made', entityType: 'deal', entityId: dealId, after: offer });
    await publishEvent(tx, {
      type: OFFER_MADE,
      payload: { dealId, propertyId: deal.parcel_id, assigneeId: deal.assignee_id, offerId: offer.id, amount, status: offer.status },
      requestId: actor.requestId,
      actor,
    });
    return offer;
  });
}

export async function updateOffer(
  db: Database,
  tenantId: string,
  actor: Actor,
  dealId: string,
  offerId: string,
  body: UpdateOfferBody,
): Promise<Offer> {
  return db.withTenant(tenantId, async (tx) => {
    const deal = await dealOf(tx, dealId);
    const [before] = await tx.query<OfferRow>(`select ${OFFER_COLUMNS} from deal_offers where id = $1 and deal_id = $2`, [offerId, dealId]);
    if (!before) throw notFound('Offer');
    const [row] = await tx.query<OfferRow>(
      `update deal_offers set amount = coalesce($2, amount), offered_on = coalesce($3::date, offered_on), status = coalesce($4, status),
              note = case when $5::boolean then $6 else note end, updated_at = now()
        where id = $1 returning ${OFFER_COLUMNS}`,
      [offerId, body.amount ?? null, body.offeredOn ?? null, body.status ?? null, body.note !== undefined, body.note ?? null],
    );
    const offer = presentOffer(row!);
    await recordAudit(tx, actor, {
      action: 'deal.offer_updated',
      entityType: 'deal',
      entityId: dealId,
      before: presentOffer(before),
      after: offer,
    });
    if (offer.status !== before.status || offer.amount !== before.amount) {
      await publishEvent(tx, {
        type: OFFER_UPDATED,
        payload: {
          dealId,
          propertyId: deal.parcel_id,
          assigneeId: deal.assignee_id,
          offerId,
          amount: offer.amount,
          fromStatus: before.status,
          status: offer.status,
        },
        requestId: actor.requestId,
        actor,
      });
    }
    return offer;
  });
}

/** The owners of the deal's property, with a phone and an e-mail each, as its first contacts. */
export async function addOwnerContacts(tx: Tx, dealId: string, parcelId: string): Promise<void> {
  await tx.query(
    `insert into deal_contacts (deal_id, owner_id, role, name, phone, email)
     select $1, o.id, 'owner', o.display_name,
            (select ph.e164 from owner_phones ph where ph.tenant_id = o.tenant_id and ph.owner_id = o.id
              order by (ph.line_type = 'mobile') desc, ph.created_at limit 1),
            (select em.email from owner_emails em where em.tenant_id = o.tenant_id and em.owner_id = o.id order by em.created_at limit 1)
       from parcel_owners po join owners o on o.tenant_id = po.tenant_id and o.id = po.owner_id
      where po.parcel_id = $2
      order by o.display_name`,
    [dealId, parcelId],
  );
}

export async function addContact(
  db: Database,
  tenantId: string,
  actor: Actor,
  dealId: string,
  body: CreateContactBody,
): Promise<DealContact> {
  return db.withTenant(tenantId, async (tx) => {
    await dealOf(tx, dealId);
    const [row] = await tx.query<{ id: string }>(
      `insert into deal_contacts (deal_id, role, name, phone, email) values ($1, $2, $3, $4, $5) returning id`,
      [dealId, body.role, body.name.trim(), body.phone?.trim() || null, body.email?.trim().toLowerCase() || null],
    );
    const contact: DealContact = {
      id: row!.id,
      ownerId: null,
      role: body.role,
      name: body.name.trim(),
      phone: body.phone?.trim() || null,
      email: body.email?.trim().toLowerCase() || null,
    };
    await recordAudit(tx, actor, { action: 'deal.contact_added', entityType: 'deal', entityId: dealId, after: contact });
    return contact;
  });
}

export async function removeContact(db: Database, tenantId: string, actor: Actor, dealId: string, contactId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await dealOf(tx, dealId);
    const [removed] = await tx.query<{ name: string; role: string }>(
      'delete from deal_contacts where id = $1 and deal_id = $2 returning name, role',
      [contactId, dealId],
    );
    if (!removed) throw notFound('Contact');
    await recordAudit(tx, actor, {
      action: 'deal.contact_removed',
      entityType: 'deal',
      entityId: dealId,
      before: { id: contactId, ...removed },
    });
  });
}

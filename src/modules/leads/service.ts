import type { Actor, Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import {
  afterPositionOf,
  decodeCursor,
  encodeCursor,
  keyColumnsOf,
  keysOfRow,
  orderByOf,
  type KeysetOrder,
} from '../../platform/db/keyset.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { applyBatch } from '../imports/apply-batch.js';
import { normalizeRow, storableText, type FieldColumns } from '../imports/normalize-row.js';
import { assertAssignable } from '../users/service.js';
import type { BulkLeadBody, Lead, LeadQuery, LeadRouting, LeadRoutingBody, LeadStatus, MarkAsLeadBody, UpdateLeadBody } from './schema.js';

export const LEAD_CAPTURED = 'lead.captured';
export const LEAD_STATUS_CHANGED = 'lead.status_changed';
export const LEAD_ASSIGNED = 'lead.assigned';

export interface LeadInput {
  name?: string;
  phone?: string;
  email?: string;
  address: string;
  city?: string;
  state?: string;
  zip?: string;
  message?: string;
}

export interface ConsentEvidence {
  text: string;
  grantedAt: Date;
  ip: string | null;
  page: string | null;
  userAgent: string | null;
}

export interface LeadSource {
  /** `web_form`, or the name a webhook caller gives its lead source. */
  source: string;
  listName: string;
  tags: string[];
}

/** The consent wording the hosted form shows; what was shown is what is stored. */
export function consentText(tenantName: string): string {
  return (
    `By checking this box, I agree that ${tenantName} may contact me about selling my property at the phone number and email I provided, ` +
    'including by calls and text messages sent with automated technology or prerecorded voice. Consent is not a condition of any purchase. ' +
    'Message and data rates may apply. I can opt out at any time by replying STOP.'
  );
}

/** Lead fields laid out as a one-row list, so a lead takes the same normalize → dedupe path as an import. */
// People type their name first-last: the first-name column is parsed in that order.
const LEAD_COLUMNS: FieldColumns = {
  situs_address: 0,
  situs_city: 1,
  situs_state: 2,
  situs_zip: 3,
  owner_first_name: 4,
  phone: 5,
  email: 6,
};
const LEAD_FIELDS = ['address', 'city', 'state', 'zip', 'name', 'phone', 'email'] as const;
const asCells = (lead: LeadInput) => LEAD_FIELDS.map((field) => (lead[field] ?? '').trim());

/** A value of a lead that could not be used: the lead is recorded without it. */
export interface LeadWarning {
  field: (typeof LEAD_FIELDS)[number];
  value: string;
  reason: string;
}

/**
 * Records a seller lead: normalizes it like an import row, merges it into the
 * matching property (or creates one), puts the property on the source's list,
 * stores the consent evidence, and announces the lead to the workers. A value
 * that fails its check (a mistyped phone) is left out and returned as a warning;
 * only a lead without a usable property address is refused.
 */
export async function captureLead(
  db: Database,
  tenantId: string,
  actor: Actor,
  origin: LeadSource,
  lead: LeadInput,
  consent: ConsentEvidence | null,
) {
  const outcome = normalizeRow(1, asCells(lead), LEAD_COLUMNS);
  if (!outcome.ok) throw new AppError('validation', `The lead cannot be used: ${outcome.reasons.join('; ')}`, outcome.reasons);
  const row = outcome.row;
  const owner = row.owners[0];
  const warnings: LeadWarning[] = row.warnings.map(({ column, value, reason }) => ({ field: LEAD_FIELDS[column]!, value, reason }));
  const typedName = storableText(lead.name ?? '').trim();
  return db.withTenant(tenantId, async (tx) => {
    const [list] = await tx.query<{ id: string }>(
      `insert into lists (name, source, tags) values ($1, $2, $3) on conflict (tenant_id, name)
       do update set tags = (select array(select distinct unnest(lists.tags || excluded.tags) order by 1)) returning id`,
      [origin.listName, origin.source, origin.tags],
    );
    const applied = await applyBatch(tx, { importId: null, listId: list!.id, source: `lead:${origin.source}` }, [row]);
    const parcelId = applied.parcelByHash.get(row.hash) ?? null;
    let consentId: string | null = null;
    if (consent) {
      const [record] = await tx.query<{ id: string }>(
        `insert into consent_records (phone, email, consent_text, granted_at, ip, page, user_agent, source)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
        [
          owner?.phones[0]?.e164 ?? null,
          owner?.emails[0] ?? null,
          consent.text,
          consent.grantedAt,
          consent.ip,
          consent.page?.slice(0, 2000) ?? null,
          consent.userAgent?.slice(0, 500) ?? null,
          origin.source,
        ],
      );
      consentId = record!.id;
    }
    const assigneeId = await nextAssignee(tx, origin.source);
    const [created] = await tx.query<{ id: string; created_at: Date }>(
      `insert into leads (parcel_id, source, name, phone, email, address, message, consent_id, list_id, assignee_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id, created_at`,
      [
        parcelId,
        origin.source,
        owner && owner.parsed.kind !== 'unknown' ? owner.parsed.display : typedName || null,
        owner?.phones[0]?.e164 ?? null,
        owner?.emails[0] ?? null,
        row.address?.line1 ?? storableText(lead.address),
        lead.message === undefined ? null : storableText(lead.message).slice(0, 5000),
        consentId,
        list!.id,
        assigneeId,
      ],
    );
    await recordAudit(tx, actor, {
      action: 'lead.captured',
      entityType: 'lead',
      entityId: created!.id,
      after: { source: origin.source, parcelId, consent: consentId !== null },
    });
    await publishEvent(tx, {
      type: LEAD_CAPTURED,
      payload: { leadId: created!.id, parcelId, source: origin.source, listId: list!.id, assigneeId },
      requestId: actor.requestId,
      actor,
    });
    return {
      id: created!.id,
      propertyId: parcelId,
      newProperty: applied.inserted === 1,
      consentRecorded: consentId !== null,
      createdAt: created!.created_at.toISOString(),
      warnings,
    };
  });
}

interface LeadRow {
  id: string;
  parcel_id: string | null;
  source: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  message: string | null;
  consent_id: string | null;
  created_at: Date;
  status: LeadStatus;
  dead_reason: string | null;
  assignee_id: string | null;
  list_id: string | null;
  first_attempt_at: Date | null;
  first_contact_at: Date | null;
  status_changed_at: Date;
  updated_at: Date;
}

const LEAD_SELECT = `l.id, l.parcel_id, l.source, l.name, l.phone, l.email, l.address, l.message, l.consent_id, l.created_at, l.status,
  l.dead_reason, l.assignee_id, l.list_id, l.first_attempt_at, l.first_contact_at, l.status_changed_at, l.updated_at`;

function presentLead(row: LeadRow): Lead {
  return {
    id: row.id,
    propertyId: row.parcel_id,
    source: row.source,
    name: row.name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    message: row.message,
    consentRecorded: row.consent_id !== null,
    createdAt: row.created_at.toISOString(),
    status: row.status,
    deadReason: row.dead_reason,
    assigneeId: row.assignee_id,
    listId: row.list_id,
    firstAttemptAt: row.first_attempt_at?.toISOString() ?? null,
    firstContactAt: row.first_contact_at?.toISOString() ?? null,
    statusChangedAt: row.status_changed_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'l.created_at', type: 'timestamptz' },
    { sql: 'l.id', type: 'uuid' },
  ],
  descending: true,
};

/** The leads inbox: newest first, filtered, one keyset page at a time. */
export async function listLeads(db: Database, tenantId: string, query: LeadQuery = {}) {
  const limit = query.limit ?? 50;
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (query.status) add('l.status = ?', query.status);
  if (query.assigneeId) add('l.assignee_id = ?', query.assigneeId);
  if (query.unassigned) conditions.push('l.assignee_id is null');
  if (query.source) add('l.source = ?', query.source);
  if (query.cursor) conditions.push(afterPositionOf(NEWEST_FIRST, decodeCursor(query.cursor, 'leads', [NEWEST_FIRST]).keys, params));
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<LeadRow & Record<string, unknown>>(
      `select ${LEAD_SELECT}, ${keyColumnsOf(NEWEST_FIRST)} from leads l ${conditions.length ? `where ${conditions.join(' and ')}` : ''}
        order by ${orderByOf(NEWEST_FIRST)} limit ${limit + 1}`,
      params,
    ),
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map(presentLead),
    nextCursor: rows.length > limit ? encodeCursor('leads', { part: 0, keys: keysOfRow(NEWEST_FIRST, page.at(-1)!) }) : null,
  };
}

async function readLead(tx: Tx, leadId: string): Promise<LeadRow> {
  const [row] = await tx.query<LeadRow>(`select ${LEAD_SELECT} from leads l where l.id = $1`, [leadId]);
  if (!row) throw notFound('Lead');
  return row;
}

export function getLead(db: Database, tenantId: string, leadId: string): Promise<Lead> {
  return db.withTenant(tenantId, async (tx) => presentLead(await readLead(tx, leadId)));
}

/**
 * The member a new lead of this source goes to: the next in the source's rotation,
 * else in the "*" rotation; nobody when neither is set. The row lock of the update
 * keeps two leads arriving at once from going to the same member.
 */
async function nextAssignee(tx: Tx, source: string): Promise<string | null> {
  const [row] = await tx.query<{ assignee: string | null }>(
    `update lead_routing r set next_index = r.next_index + 1, updated_at = now()
      where r.source = (select source from lead_routing where source in ($1, '*') and cardinality(member_ids) > 0
                         order by source = '*' limit 1)
      returning r.member_ids[(r.next_index - 1) % cardinality(r.member_ids) + 1] as assignee`,
    [source],
  );
  if (!row?.assignee) return null;
  const [member] = await tx.query('select 1 from memberships where user_id = $1', [row.assignee]);
  return member ? row.assignee : null;
}

interface LeadChange {
  status?: LeadStatus;
  deadReason?: string;
  assigneeId?: string | null;
  name?: string;
  message?: string;
}

/** Applies a change to one lead in the caller's transaction, with its audit entry and events. */
async function changeLead(tx: Tx, actor: Actor, before: LeadRow, change: LeadChange): Promise<Lead> {
  const status = change.status ?? before.status;
  const deadReason = status === 'dead' ? (change.deadReason?.trim() ?? before.dead_reason) : null;
  if (status === 'dead' && !deadReason) throw new AppError('validation', 'A dead lead needs a reason');
  const assigneeId = change.assigneeId === undefined ? before.assignee_id : change.assigneeId;
  const [row] = await tx.query<LeadRow>(
    `update leads l set status = $2, dead_reason = $3, assignee_id = $4, name = coalesce($5, l.name), message = coalesce($6, l.message),
            status_changed_at = case when l.status <> $2 then now() else l.status_changed_at end, updated_at = now()
      where l.id = $1 returning ${LEAD_SELECT}`,
    [before.id, status, deadReason, assigneeId, change.name?.trim() ?? null, change.message ?? null],
  );
  const after = presentLead(row!);
  const beforeView = presentLead(before);
  await recordAudit(tx, actor, { action: 'lead.updated', entityType: 'lead', entityId: before.id, before: beforeView, after });
  const common = { leadId: before.id, propertyId: before.parcel_id, source: before.source, assigneeId };
  if (status !== before.status) {
    await publishEvent(tx, {
      type: LEAD_STATUS_CHANGED,
      payload: { ...common, fromStatus: before.status, toStatus: status, deadReason },
      requestId: actor.requestId,
      actor,
    });
  }
  if (assigneeId !== before.assignee_id) {
    await publishEvent(tx, {
      type: LEAD_ASSIGNED,
      payload: { ...common, fromAssigneeId: before.assignee_id },
      requestId: actor.requestId,
      actor,
    });
  }
  return after;
}

export async function updateLead(db: Database, principal: Principal, actor: Actor, leadId: string, body: UpdateLeadBody): Promise<Lead> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const before = await readLead(tx, leadId);
    if (body.assigneeId !== undefined) await assertAssignable(tx, principal, body.assigneeId);
    return changeLead(tx, actor, before, body);
  });
}

/** Assigns or sets the status of many leads at once: all of them, or none when one cannot be changed. */
export async function updateLeads(db: Database, principal: Principal, actor: Actor, body: BulkLeadBody): Promise<{ items: Lead[] }> {
  const { ids, ...change } = body;
  return db.withTenant(principal.tenantId, async (tx) => {
    if (change.assigneeId !== undefined) await assertAssignable(tx, principal, change.assigneeId);
    const rows = await tx.query<LeadRow>(`select ${LEAD_SELECT} from leads l where l.id = any($1::uuid[]) order by l.created_at`, [ids]);
    if (rows.length !== ids.length) throw notFound(`${ids.length - rows.length} of the leads were`);
    const items: Lead[] = [];
    for (const row of rows) items.push(await changeLead(tx, actor, row, change));
    return { items };
  });
}

export async function deleteLead(db: Database, tenantId: string, actor: Actor, leadId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const before = presentLead(await readLead(tx, leadId));
    await tx.query('delete from leads where id = $1', [leadId]);
    await recordAudit(tx, actor, { action: 'lead.deleted', entityType: 'lead', entityId: leadId, before });
  });
}

/** Marks a property as a lead (a seller the team decided to work): its first owner becomes the lead's person. */
export async function markPropertyAsLead(
  db: Database,
  principal: Principal,
  actor: Actor,
  propertyId: string,
  body: MarkAsLeadBody,
): Promise<Lead> {
  const source = body.source?.trim() || 'manual';
  return db.withTenant(principal.tenantId, async (tx) => {
    const [parcel] = await tx.query<{ address: string | null; owner: string | null; phone: string | null; email: string | null }>(
      `select concat_ws(', ', p.address_line1, p.city) as address, o.display_name as owner,
              (select ph.e164 from owner_phones ph where ph.tenant_id = o.tenant_id and ph.owner_id = o.id
                order by (ph.line_type = 'mobile') desc, ph.created_at limit 1) as phone,
              (select em.email from owner_emails em where em.tenant_id = o.tenant_id and em.owner_id = o.id order by em.created_at limit 1) as email
         from parcels p
         left join lateral (select o.* from parcel_owners po join owners o on o.tenant_id = po.tenant_id and o.id = po.owner_id
                             where po.tenant_id = p.tenant_id and po.parcel_id = p.id order by o.display_name limit 1) o on true
        where p.id = $1`,
      [propertyId],
    );
    if (!parcel) throw notFound('Property');
    const assigneeId = body.assigneeId === undefined ? (principal.type === 'user' ? principal.userId : null) : body.assigneeId;
    await assertAssignable(tx, principal, assigneeId);
    const [row] = await tx.query<LeadRow>(
      `insert into leads as l (parcel_id, source, name, phone, email, address, assignee_id) values ($1, $2, $3, $4, $5, $6, $7)
       returning ${LEAD_SELECT}`,
      [propertyId, source, parcel.owner, parcel.phone, parcel.email, parcel.address || null, assigneeId],
    );
    const lead = presentLead(row!);
    await recordAudit(tx, actor, { action: 'lead.captured', entityType: 'lead', entityId: lead.id, after: lead });
    await publishEvent(tx, {
      type: LEAD_CAPTURED,
      payload: { leadId: lead.id, parcelId: propertyId, source, listId: null, assigneeId },
      requestId: actor.requestId,
      actor,
    });
    return lead;
  });
}

/** A lead a deal was opened from has converted. */
export async function markLeadConverted(tx: Tx, actor: Actor, leadId: string): Promise<void> {
  const before = await readLead(tx, leadId);
  if (before.status !== 'converted') await changeLead(tx, actor, before, { status: 'converted' });
}

/** Call outcomes that mean the team reached the person. */
const CONTACT_OUTCOMES = new Set(['interested', 'not_interested', 'appointment_set', 'do_not_call']);

/**
 * Speed to lead, from the events: the first attempt to reach a lead (a call logged on
 * it) and the first contact (a call that reached the person) are stamped with the
 * event's time, once; a new lead moves on to attempting, then contacted.
 */
export async function recordOutreach(tx: Tx, actor: Actor, leadId: string, outreach: { at: string; reached: boolean }): Promise<void> {
  const [before] = await tx.query<LeadRow>(`select ${LEAD_SELECT} from leads l where l.id = $1 for update`, [leadId]);
  if (!before) return;
  await tx.query(
    `update leads set first_attempt_at = coalesce(first_attempt_at, $2),
            first_contact_at = case when $3 then coalesce(first_contact_at, $2) else first_contact_at end
      where id = $1`,
    [leadId, outreach.at, outreach.reached],
  );
  const next: LeadStatus | null =
    outreach.reached && (before.status === 'new' || before.status === 'attempting')
      ? 'contacted'
      : before.status === 'new'
        ? 'attempting'
        : null;
  if (next) await changeLead(tx, actor, before, { status: next });
}

export const reachedBy = (outcome: unknown) => typeof outcome === 'string' && CONTACT_OUTCOMES.has(outcome);

/** The rotations new leads are assigned by. */
export async function getLeadRouting(db: Database, tenantId: string): Promise<{ items: LeadRouting[] }> {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<{ source: string; member_ids: string[] }>('select source, member_ids from lead_routing order by source'),
  );
  return { items: rows.map((row) => ({ source: row.source, memberIds: row.member_ids })) };
}

export async function setLeadRouting(
  db: Database,
  tenantId: string,
  actor: Actor,
  body: LeadRoutingBody,
): Promise<{ items: LeadRouting[] }> {
  await db.withTenant(tenantId, async (tx) => {
    const memberIds = [...new Set(body.items.flatMap((item) => item.memberIds))];
    const members = await tx.query<{ user_id: string }>('select user_id from memberships where user_id = any($1::uuid[])', [memberIds]);
    if (members.length !== memberIds.length) throw new AppError('validation', 'Every member of a rotation must be a member of this team');
    const before = await tx.query('select source, member_ids from lead_routing order by source');
    await tx.query('delete from lead_routing');
    for (const item of body.items) {
      await tx.query('insert into lead_routing (source, member_ids) values ($1, $2)', [item.source.trim(), item.memberIds]);
    }
    await recordAudit(tx, actor, {
      action: 'lead_routing.updated',
      entityType: 'lead_routing',
      entityId: null,
      before: { items: before },
      after: { items: body.items },
    });
  });
  return getLeadRouting(db, tenantId);
}

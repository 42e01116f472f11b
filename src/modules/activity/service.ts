import type { Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { normalizePhone } from '../properties/contacts/phone.js';
import type { Call, CreateCallBody, CreateNoteBody, Note, RecordQuery } from './schema.js';

export const NOTE_ADDED = 'note.added';
export const CALL_LOGGED = 'call.logged';

export interface RecordLinkInput {
  dealId?: string;
  leadId?: string;
  propertyId?: string;
  ownerId?: string;
}

export interface RecordLinks {
  dealId: string | null;
  leadId: string | null;
  propertyId: string | null;
  ownerId: string | null;
}

/**
 * Checks the records something is logged on (each must exist and be visible: a 404
 * otherwise) and fills in what they imply: a deal its property and lead, a lead its property.
 */
export async function resolveRecordLinks(tx: Tx, input: RecordLinkInput): Promise<RecordLinks> {
  let { leadId = null, propertyId = null } = input;
  if (input.dealId) {
    const [deal] = await tx.query<{ parcel_id: string; lead_id: string | null }>('select parcel_id, lead_id from deals where id = $1', [
      input.dealId,
    ]);
    if (!deal) throw notFound('Deal');
    if (propertyId && propertyId !== deal.parcel_id) throw new AppError('validation', 'The deal is on another property');
    propertyId = deal.parcel_id;
    leadId ??= deal.lead_id;
  }
  if (leadId) {
    const [lead] = await tx.query<{ parcel_id: string | null }>('select parcel_id from leads where id = $1', [leadId]);
    if (!lead) throw notFound('Lead');
    propertyId ??= lead.parcel_id;
  }
  if (propertyId) {
    const [parcel] = await tx.query('select 1 from parcels where id = $1', [propertyId]);
    if (!parcel) throw notFound('Property');
  }
  if (input.ownerId) {
    const [owner] = await tx.query('select 1 from owners where id = $1', [input.ownerId]);
    if (!owner) throw notFound('Owner');
  }
  return { dealId: input.dealId ?? null, leadId, propertyId, ownerId: input.ownerId ?? null };
}

function requireLink(input: RecordLinkInput): void {
  if (!input.dealId && !input.leadId && !input.propertyId && !input.ownerId) {
    throw new AppError('validation', 'Name the deal, lead, property or owner this is about');
  }
}

const userOf = (actor: Actor) => (actor.type === 'user' ? actor.id : null);

/** Mentions are written @[Name](user-id), as the note editor inserts them. */
const MENTION = /@\[[^\]]{1,200}\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

export function mentionsOf(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
}

interface NoteRow {
  id: string;
  body: string;
  mentions: string[];
  deal_id: string | null;
  lead_id: string | null;
  parcel_id: string | null;
  owner_id: string | null;
  created_by: string | null;
  created_at: Date;
}

const presentNote = (row: NoteRow): Note => ({
  id: row.id,
  body: row.body,
  mentions: row.mentions,
  dealId: row.deal_id,
  leadId: row.lead_id,
  propertyId: row.parcel_id,
  ownerId: row.owner_id,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

/** Adds a note; each teammate it mentions is named in the event, which notifies them. */
export async function addNote(db: Database, tenantId: string, actor: Actor, body: CreateNoteBody): Promise<Note> {
  requireLink(body);
  return db.withTenant(tenantId, async (tx) => {
    const links = await resolveRecordLinks(tx, body);
    const mentioned = mentionsOf(body.body);
    const members = mentioned.length
      ? await tx.query<{ user_id: string }>('select user_id from memberships where user_id = any($1::uuid[])', [mentioned])
      : [];
    const mentions = members.map((member) => member.user_id);
    const [row] = await tx.query<NoteRow>(
      `insert into notes (body, mentions, deal_id, lead_id, parcel_id, owner_id, created_by) values ($1, $2, $3, $4, $5, $6, $7)
       returning id, body, mentions, deal_id, lead_id, parcel_id, owner_id, created_by, created_at`,
      [body.body, mentions, links.dealId, links.leadId, links.propertyId, links.ownerId, userOf(actor)],
    );
    const note = presentNote(row!);
    await recordAudit(tx, actor, { action: 'note.added', entityType: 'note', entityId: note.id, after: note });
    await publishEvent(tx, {
      type: NOTE_ADDED,
      payload: { noteId: note.id, ...links, mentions, excerpt: body.body.slice(0, 280) },
      requestId: actor.requestId,
      actor,
    });
    return note;
  });
}

interface CallRow {
  id: string;
  direction: Call['direction'];
  phone: string | null;
  duration_seconds: number;
  outcome: Call['outcome'];
  notes: string | null;
  called_at: Date;
  deal_id: string | null;
  lead_id: string | null;
  parcel_id: string | null;
  owner_id: string | null;
  created_by: string | null;
}

const presentCall = (row: CallRow): Call => ({
  id: row.id,
  direction: row.direction,
  phone: row.phone,
  durationSeconds: row.duration_seconds,
  outcome: row.outcome,
  notes: row.notes,
  calledAt: row.called_at.toISOString(),
  dealId: row.deal_id,
  leadId: row.lead_id,
  propertyId: row.parcel_id,
  ownerId: row.owner_id,
  createdBy: row.created_by,
});

const CALL_COLUMNS = 'id, direction, phone, duration_seconds, outcome, notes, called_at, deal_id, lead_id, parcel_id, owner_id, created_by';

/**
 * Logs a call. "Do not call" puts the number on the tenant's do-not-contact list,
 * which every outreach channel checks before it sends.
 */
export async function logCall(db: Database, tenantId: string, actor: Actor, body: CreateCallBody): Promise<Call> {
  requireLink(body);
  let phone: string | null = null;
  if (body.phone?.trim()) {
    const normalized = normalizePhone(body.phone);
    if (!normalized.ok) throw new AppError('validation', `The phone number cannot be used: ${normalized.reason}`);
    phone = normalized.e164;
  }
  if (body.outcome === 'do_not_call' && !phone) throw new AppError('validation', 'A do-not-call outcome needs the number called');
  const calledAt = body.calledAt === undefined ? new Date() : new Date(body.calledAt);
  if (Number.isNaN(calledAt.getTime())) throw new AppError('validation', 'calledAt is not a date and time');
  return db.withTenant(tenantId, async (tx) => {
    const links = await resolveRecordLinks(tx, body);
    const [row] = await tx.query<CallRow>(
      `insert into calls (direction, phone, duration_seconds, outcome, notes, called_at, deal_id, lead_id, parcel_id, owner_id, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${CALL_COLUMNS}`,
      [
        body.direction,
        phone,
        body.durationSeconds ?? 0,
        body.outcome,
        body.notes ?? null,
        calledAt,
        links.dealId,
        links.leadId,
        links.propertyId,
        links.ownerId,
        userOf(actor),
      ],
    );
    const call = presentCall(row!);
    if (body.outcome === 'do_not_call') {
      await tx.query(
        `insert into do_not_contact_phones (e164, reason, call_id, created_by) values ($1, 'do_not_call call outcome', $2, $3)
         on conflict (tenant_id, e164) do nothing`,
        [phone, call.id, userOf(actor)],
      );
    }
    await recordAudit(tx, actor, { action: 'call.logged', entityType: 'call', entityId: call.id, after: call });
    await publishEvent(tx, {
      type: CALL_LOGGED,
      payload: {
        callId: call.id,
        ...links,
        direction: call.direction,
        outcome: call.outcome,
        phone,
        durationSeconds: call.durationSeconds,
      },
      requestId: actor.requestId,
      actor,
    });
    return call;
  });
}

/** Whether a number is on the tenant's do-not-contact list. */
export async function isDoNotContact(tx: Tx, e164: string): Promise<boolean> {
  const [row] = await tx.query('select 1 from do_not_contact_phones where e164 = $1', [e164]);
  return row !== undefined;
}

/** The WHERE of a record filter over a table with deal_id, lead_id, parcel_id (and owner_id). */
function recordConditions(query: RecordQuery, params: unknown[]): string {
  const conditions: string[] = [];
  const add = (column: string, value: string | undefined) => {
    if (!value) return;
    params.push(value);
    conditions.push(`${column} = $${params.length}`);
  };
  add('deal_id', query.dealId);
  add('lead_id', query.leadId);
  add('parcel_id', query.propertyId);
  add('owner_id', query.ownerId);
  if (conditions.length === 0) throw new AppError('validation', 'Name the deal, lead, property or owner');
  return conditions.join(' and ');
}

export async function listNotes(db: Database, tenantId: string, query: RecordQuery): Promise<{ items: Note[] }> {
  const params: unknown[] = [];
  const where = recordConditions(query, params);
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<NoteRow>(
      `select id, body, mentions, deal_id, lead_id, parcel_id, owner_id, created_by, created_at from notes where ${where}
        order by created_at desc limit ${query.limit ?? 50}`,
      params,
    ),
  );
  return { items: rows.map(presentNote) };
}

export async function listCalls(db: Database, tenantId: string, query: RecordQuery): Promise<{ items: Call[] }> {
  const params: unknown[] = [];
  const where = recordConditions(query, params);
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<CallRow>(`select ${CALL_COLUMNS} from calls where ${where} order by called_at desc limit ${query.limit ?? 50}`, params),
  );
  return { items: rows.map(presentCall) };
}

import type { Actor } from '../../platform/auth/principal.js';
import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { applyBatch } from '../imports/apply-batch.js';
import { normalizeRow, storableText, type FieldColumns } from '../imports/normalize-row.js';

export const LEAD_CAPTURED = 'lead.captured';

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
    const [created] = await tx.query<{ id: string; created_at: Date }>(
      `insert into leads (parcel_id, source, name, phone, email, address, message, consent_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id, created_at`,
      [
        parcelId,
        origin.source,
        owner && owner.parsed.kind !== 'unknown' ? owner.parsed.display : typedName || null,
        owner?.phones[0]?.e164 ?? null,
        owner?.emails[0] ?? null,
        row.address?.line1 ?? storableText(lead.address),
        lead.message === undefined ? null : storableText(lead.message).slice(0, 5000),
        consentId,
      ],
    );
    await recordAudit(tx, actor, {
      action: 'lead.captured',
      entityType: 'lead',
      entityId: created!.id,
      after: { source: origin.source, parcelId, consent: consentId !== null },
    });
    await publishEvent(tx, { type: LEAD_CAPTURED, payload: { leadId: created!.id, parcelId }, requestId: actor.requestId });
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

export async function listLeads(db: Database, tenantId: string, limit = 100) {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<{
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
    }>('select * from leads order by created_at desc limit $1', [limit]),
  );
  return {
    items: rows.map((row) => ({
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
    })),
  };
}

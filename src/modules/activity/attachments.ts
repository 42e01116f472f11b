import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Actor } from '../../platform/auth/principal.js';
import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { CONTENT_SNIFF_BYTES, checkUploadType } from '../../platform/storage/content-type.js';
import type { FileStorage } from '../../platform/storage/file-storage.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Attachment, RecordQuery } from './schema.js';
import { resolveRecordLinks, type RecordLinkInput } from './service.js';

export const ATTACHMENT_ADDED = 'attachment.added';
export const ATTACHMENT_REMOVED = 'attachment.removed';

interface AttachmentRow {
  id: string;
  file_name: string;
  content_type: string;
  bytes: string;
  sha256: string;
  storage_key: string;
  deal_id: string | null;
  lead_id: string | null;
  parcel_id: string | null;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS = 'id, file_name, content_type, bytes, sha256, storage_key, deal_id, lead_id, parcel_id, created_by, created_at';

const present = (row: AttachmentRow): Attachment => ({
  id: row.id,
  fileName: row.file_name,
  contentType: row.content_type,
  bytes: Number(row.bytes),
  sha256: row.sha256,
  dealId: row.deal_id,
  leadId: row.lead_id,
  propertyId: row.parcel_id,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

/** Reads the first `size` bytes of a stream and gives them back with a stream of the whole content. */
async function peek(stream: Readable, size: number): Promise<{ head: Buffer; body: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = stream[Symbol.asyncIterator]();
  while (length < size) {
    const next = (await iterator.next()) as IteratorResult<Buffer>;
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole() {
    yield head;
    for (;;) {
      const next = (await iterator.next()) as IteratorResult<Buffer>;
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, size), body: Readable.from(whole()) };
}

/** A file name fit to show and to send back in Content-Disposition: no paths, no control characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((char) => char >= ' ' && char !== '\u007f' && char !== '"')
    .join('')
    .trim()
    .slice(0, 255);
  return cleaned || 'file';
}

export interface Upload {
  fileName: string;
  declaredType: string;
  stream: Readable;
}

/**
 * Stores an uploaded file and records it on its deal, lead or property. The type is
 * judged from the declared type, the name and the first bytes before anything is
 * stored; a file past the size limit is refused and leaves nothing behind.
 */
export async function addAttachment(
  db: Database,
  storage: FileStorage,
  tenantId: string,
  actor: Actor,
  links: RecordLinkInput,
  upload: Upload,
  maxBytes: number,
): Promise<Attachment> {
  if (!links.dealId && !links.leadId && !links.propertyId) {
    upload.stream.resume();
    throw new AppError('validation', 'Name the deal, lead or property the file belongs to (send those fields before the file)');
  }
  const fileName = cleanFileName(upload.fileName);
  const { head, body } = await peek(upload.stream, CONTENT_SNIFF_BYTES);
  const verdict = checkUploadType({ declaredType: upload.declaredType, fileName, head });
  if (!verdict.allowed) {
    body.resume();
    throw new AppError('unsupported_media_type', `This file cannot be attached: ${verdict.reason}`);
  }
  // Resolved before storing, so a bad link leaves no orphan file.
  const resolved = await db.withTenant(tenantId, (tx) => resolveRecordLinks(tx, links));
  const id = randomUUID();
  const key = `tenants/${tenantId}/attachments/${id}`;
  const stored = await storage.put(key, body, { contentType: verdict.contentType, maxBytes });
  try {
    return await db.withTenant(tenantId, async (tx) => {
      const [row] = await tx.query<AttachmentRow>(
        `insert into attachments (id, file_name, content_type, bytes, sha256, storage_key, deal_id, lead_id, parcel_id, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COLUMNS}`,
        [
          id,
          fileName,
          verdict.contentType,
          stored.bytes,
          stored.sha256,
          key,
          resolved.dealId,
          resolved.leadId,
          resolved.propertyId,
          actor.type === 'user' ? actor.id : null,
        ],
      );
      const attachment = present(row!);
      await recordAudit(tx, actor, { action: 'attachment.added', entityType: 'attachment', entityId: id, after: attachment });
      await publishEvent(tx, {
        type: ATTACHMENT_ADDED,
        payload: {
          attachmentId: id,
          dealId: resolved.dealId,
          leadId: resolved.leadId,
          propertyId: resolved.propertyId,
          fileName,
          bytes: stored.bytes,
          contentType: verdict.contentType,
        },
        requestId: actor.requestId,
        actor,
      });
      return attachment;
    });
  } catch (error) {
    await storage.delete(key);
    throw error;
  }
}

export async function listAttachments(db: Database, tenantId: string, query: RecordQuery): Promise<{ items: Attachment[] }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['deal_id', query.dealId],
    ['lead_id', query.leadId],
    ['parcel_id', query.propertyId],
  ] as const) {
    if (!value) continue;
    params.push(value);
    conditions.push(`${column} = $${params.length}`);
  }
  if (conditions.length === 0) throw new AppError('validation', 'Name the deal, lead or property');
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<AttachmentRow>(
      `select ${COLUMNS} from attachments where ${conditions.join(' and ')} order by created_at desc limit ${query.limit ?? 50}`,
      params,
    ),
  );
  return { items: rows.map(present) };
}

async function readAttachment(db: Database, tenantId: string, id: string): Promise<AttachmentRow> {
  const [row] = await db.withTenant(tenantId, (tx) => tx.query<AttachmentRow>(`select ${COLUMNS} from attachments where id = $1`, [id]));
  if (!row) throw notFound('Attachment');
  return row;
}

/** The stored file of an attachment, streamed. */
export async function openAttachment(db: Database, storage: FileStorage, tenantId: string, id: string) {
  const row = await readAttachment(db, tenantId, id);
  const file = await storage.get(row.storage_key);
  if (!file) throw new AppError('not_found', 'The file of this attachment is missing from storage');
  return { attachment: present(row), body: file.body };
}

export async function removeAttachment(db: Database, storage: FileStorage, tenantId: string, actor: Actor, id: string): Promise<void> {
  const row = await readAttachment(db, tenantId, id);
  await db.withTenant(tenantId, async (tx) => {
    const deleted = await tx.query('delete from attachments where id = $1 returning id', [id]);
    if (deleted.length === 0) throw notFound('Attachment');
    await recordAudit(tx, actor, { action: 'attachment.removed', entityType: 'attachment', entityId: id, before: present(row) });
    await publishEvent(tx, {
      type: ATTACHMENT_REMOVED,
      payload: { attachmentId: id, dealId: row.deal_id, leadId: row.lead_id, propertyId: row.parcel_id, fileName: row.file_name },
      requestId: actor.requestId,
      actor,
    });
  });
  // After the row is gone: a crash in between leaves an unreferenced file, never a row without its file.
  await storage.delete(row.storage_key);
}

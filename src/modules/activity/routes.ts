import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, Page, errorResponses, noContent } from '../../platform/http/contract.js';
import { AppError } from '../../platform/http/errors.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import type { FileStorage } from '../../platform/storage/file-storage.js';
import { addAttachment, listAttachments, openAttachment, removeAttachment } from './attachments.js';
import { Attachment, Call, CreateCallBody, CreateNoteBody, Note, RecordQuery, TimelineItem, TimelineQuery } from './schema.js';
import { addNote, listCalls, listNotes, logCall, type RecordLinkInput } from './service.js';
import { readTimeline } from './timeline.js';

export interface ActivityRouteDeps {
  db: Database;
  storage: FileStorage;
  attachmentMaxBytes: number;
}

const LINK_FIELDS = ['dealId', 'leadId', 'propertyId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOO_LARGE = { 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') } as const;

export function activityRoutes({ db, storage, attachmentMaxBytes }: ActivityRouteDeps) {
  return async (app: App) => {
    await app.register(multipart, {
      // One byte past the limit reaches the store, which refuses the file and keeps nothing of it.
      limits: { fileSize: attachmentMaxBytes + 1, files: 1, fields: 10, fieldSize: 1024 },
    });

    app.get(
      '/timeline',
      {
        schema: {
          tags: ['activity'],
          summary: 'The activity timeline of one deal, property, lead or owner, newest first',
          querystring: TimelineQuery,
          response: { 200: Page(TimelineItem), ...errorResponses },
        },
      },
      async (request) => readTimeline(db, principalOf(request).tenantId, request.query),
    );

    app.get(
      '/notes',
      {
        schema: {
          tags: ['activity'],
          summary: 'Notes on a deal, lead, property or owner, newest first',
          querystring: RecordQuery,
          response: { 200: Type.Object({ items: Type.Array(Note) }), ...errorResponses },
        },
      },
      async (request) => listNotes(db, principalOf(request).tenantId, request.query),
    );

    app.post(
      '/notes',
      {
        config: { idempotent: true },
        schema: {
          tags: ['activity'],
          summary: 'Add a note; @[Name](user-id) mentions notify the teammate',
          body: CreateNoteBody,
          response: { 201: Note, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addNote(db, principalOf(request).tenantId, actorOfRequest(request), request.body)),
    );

    app.get(
      '/calls',
      {
        schema: {
          tags: ['activity'],
          summary: 'Calls logged on a deal, lead, property or owner, latest first',
          querystring: RecordQuery,
          response: { 200: Type.Object({ items: Type.Array(Call) }), ...errorResponses },
        },
      },
      async (request) => listCalls(db, principalOf(request).tenantId, request.query),
    );

    app.post(
      '/calls',
      {
        config: { idempotent: true },
        schema: {
          tags: ['activity'],
          summary: 'Log a call with its direction, duration and outcome; "do not call" marks the number',
          body: CreateCallBody,
          response: { 201: Call, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await logCall(db, principalOf(request).tenantId, actorOfRequest(request), request.body)),
    );

    app.get(
      '/attachments',
      {
        schema: {
          tags: ['activity'],
          summary: 'Files attached to a deal, lead or property',
          querystring: RecordQuery,
          response: { 200: Type.Object({ items: Type.Array(Attachment) }), ...errorResponses },
        },
      },
      async (request) => listAttachments(db, principalOf(request).tenantId, request.query),
    );

    app.post(
      '/attachments',
      {
        schema: {
          tags: ['activity'],
          summary: 'Attach a file (contract, photo, PDF, document)',
          description:
            'multipart/form-data: the field `dealId`, `leadId` or `propertyId` first, then `file`. ' +
            'PDF, images, text, CSV and office documents; the type is checked against the content.',
          consumes: ['multipart/form-data'],
          response: { 201: Attachment, ...errorResponses, ...TOO_LARGE },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data');
        const principal = principalOf(request);
        const links: RecordLinkInput = {};
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            const field = LINK_FIELDS.find((name) => name === part.fieldname);
            if (!field) continue;
            if (typeof part.value !== 'string' || !UUID.test(part.value)) throw new AppError('validation', `${field} must be a uuid`);
            links[field] = part.value;
            continue;
          }
          const attachment = await addAttachment(
            db,
            storage,
            principal.tenantId,
            actorOfRequest(request),
            links,
            { fileName: part.filename, declaredType: part.mimetype, stream: part.file },
            attachmentMaxBytes,
          );
          return reply.code(201).send(attachment);
        }
        throw new AppError('validation', 'The form has no file');
      },
    );

    app.get(
      '/attachments/:id/content',
      {
        schema: {
          tags: ['activity'],
          summary: 'Download an attached file',
          params: IdParams,
          produces: ['application/octet-stream'],
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const { attachment, body } = await openAttachment(db, storage, principalOf(request).tenantId, request.params.id);
        return reply
          .type(attachment.contentType)
          .header('content-length', attachment.bytes)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
          .send(body);
      },
    );

    app.delete(
      '/attachments/:id',
      {
        schema: { tags: ['activity'], summary: 'Remove an attached file', params: IdParams, response: { ...noContent, ...errorResponses } },
      },
      async (request, reply) => {
        await removeAttachment(db, storage, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}

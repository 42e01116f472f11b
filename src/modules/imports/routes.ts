import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses } from '../../platform/http/contract.js';
import { AppError } from '../../platform/http/errors.js';
import { receiveUpload } from '../../platform/http/uploads.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { IMPORT_FIELDS, type ColumnMapping } from './fields.js';
import { ColumnMappingSchema, CreatedImport, FieldCatalog, ImportView, LookAlike, LookAlikeDecision, Preview } from './schema.js';
import { decideLookAlike, listLookAlikes } from './review-look-alikes.js';
import { confirmMapping, createImport, getImport, listImports, previewFile, rejectsCsv, warningsCsv } from './service.js';

export interface ImportRoutesOptions {
  db: Database;
  uploadDir: string;
  uploadLimitBytes: number;
}

function parseMapping(raw: string | undefined): ColumnMapping | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as ColumnMapping;
    if (typeof value !== 'object' || value === null || typeof value.columns !== 'object') throw new Error();
    return { headerRow: value.headerRow ?? 1, columns: value.columns };
  } catch {
    throw new AppError('validation', 'mapping must be JSON like {"headerRow": 1, "columns": {"Address": "situs_address"}}');
  }
}

export function importRoutes({ db, uploadDir, uploadLimitBytes }: ImportRoutesOptions) {
  return async (app: App) => {
    await app.register(multipart, {
      limits: { fileSize: uploadLimitBytes, files: 1, fields: 20, fieldSize: 1024 * 1024 },
      throwFileSizeLimit: true,
    });

    app.get(
      '/import-fields',
      {
        schema: {
          tags: ['imports'],
          summary: 'The fields list columns can be mapped to',
          response: { 200: FieldCatalog, ...errorResponses },
        },
      },
      async () => ({ items: Object.entries(IMPORT_FIELDS).map(([field, label]) => ({ field, label })) }),
    );

    app.post(
      '/imports',
      {
        config: { minRole: 'member' },
        schema: {
          tags: ['imports'],
          summary: 'Upload a list (CSV or XLSX) to import',
          description:
            'multipart/form-data with the fields `file` (the list), `list` (list name; created when new), `tags` (comma-separated distress tags the list gives, e.g. tax_delinquent), ' +
            '`sheet` (XLSX sheet name; default the first) and optionally `mapping` (JSON `{"headerRow", "columns": {header: field}}`). ' +
            'Without a mapping the import waits for one (PUT /imports/{id}/mapping) and the response proposes one.',
          consumes: ['multipart/form-data'],
          response: { 201: CreatedImport, ...errorResponses, 409: Type.Ref('ErrorBody'), 413: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const { file, fields } = await receiveUpload(request, path.join(uploadDir, principal.tenantId), uploadLimitBytes);
        try {
          if (!file) throw new AppError('validation', 'Attach the list as the field "file"');
          if (!fields.list) throw new AppError('validation', 'Name the list in the field "list"');
          const created = await createImport(db, principal.tenantId, actorOfRequest(request), {
            filePath: file.path,
            fileName: file.name,
            listName: fields.list,
            tags: fields.tags ? fields.tags.split(',').filter((t) => t.trim()) : [],
            sheet: fields.sheet || undefined,
            mapping: parseMapping(fields.mapping),
          });
          return reply.code(201).send(created);
        } catch (error) {
          if (file) fs.rmSync(file.path, { force: true });
          throw error;
        }
      },
    );

    app.get(
      '/imports',
      {
        schema: {
          tags: ['imports'],
          summary: 'Imports of this tenant, newest first',
          response: { 200: Type.Object({ items: Type.Array(ImportView) }), ...errorResponses },
        },
      },
      async (request) => listImports(db, principalOf(request).tenantId),
    );

    app.get(
      '/imports/:id',
      {
        schema: {
          tags: ['imports'],
          summary: 'An import with its progress (rows/s, percent, ETA) and counts',
          params: IdParams,
          response: { 200: ImportView, ...errorResponses },
        },
      },
      async (request) => getImport(db, principalOf(request).tenantId, request.params.id),
    );

    app.get(
      '/imports/:id/preview',
      {
        schema: {
          tags: ['imports'],
          summary: 'Header, first rows and the proposed mapping of an import file',
          params: IdParams,
          response: { 200: Preview, ...errorResponses },
        },
      },
      async (request) => {
        const tenantId = principalOf(request).tenantId;
        const view = await getImport(db, tenantId, request.params.id);
        const [file] = await db.withTenant(tenantId, (tx) =>
          tx.query<{ file_path: string; sheet: string | null }>('select file_path, sheet from imports where id = $1', [view.id]),
        );
        return previewFile(file!.file_path, file!.sheet ?? undefined, view.mapping?.headerRow);
      },
    );

    app.put(
      '/imports/:id/mapping',
      {
        config: { minRole: 'member' },
        schema: {
          tags: ['imports'],
          summary: 'Confirm the column mapping; the import starts',
          params: IdParams,
          body: ColumnMappingSchema,
          response: { 200: ImportView, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request) =>
        confirmMapping(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body as ColumnMapping),
    );

    /** Rows kept with their reasons (rejects, warnings), streamed as an attachment named after the file. */
    const sendKeptRows = async (tenantId: string, importId: string, reply: FastifyReply, suffix: string, rows: typeof rejectsCsv) => {
      const view = await getImport(db, tenantId, importId);
      const name = `${view.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_')}-${suffix}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Readable.from(rows(db, tenantId, view.id)));
    };

    app.get(
      '/imports/:id/rejects.csv',
      {
        schema: {
          tags: ['imports'],
          summary: 'Rejected rows with their reasons, as CSV',
          params: IdParams,
          produces: ['text/csv'],
          response: errorResponses,
        },
      },
      async (request, reply) => sendKeptRows(principalOf(request).tenantId, request.params.id, reply, 'rejects', rejectsCsv),
    );

    app.get(
      '/imports/:id/warnings.csv',
      {
        schema: {
          operationId: 'downloadImportWarnings',
          tags: ['imports'],
          summary: 'Imported rows that had values left out, with the reasons, as CSV',
          description:
            'Same columns as rejects.csv: `row` (line in the file), `reasons` (each value left out and why, separated by "; "), then the original columns. ' +
            'These rows were imported without the values named.',
          params: IdParams,
          produces: ['text/csv'],
          response: errorResponses,
        },
      },
      async (request, reply) => sendKeptRows(principalOf(request).tenantId, request.params.id, reply, 'warnings', warningsCsv),
    );

    app.get(
      '/look-alikes',
      {
        schema: {
          tags: ['imports'],
          summary: 'New properties that look like existing ones (same ZIP and number, similar street), for review',
          querystring: Type.Object(
            { status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('all')])) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(LookAlike) }), ...errorResponses },
        },
      },
      async (request) => listLookAlikes(db, principalOf(request).tenantId, request.query.status),
    );

    app.post(
      '/look-alikes/:id',
      {
        config: { minRole: 'member' },
        schema: {
          tags: ['imports'],
          summary: 'Merge a look-alike into the existing property, or keep the two apart',
          params: IdParams,
          body: LookAlikeDecision,
          response: {
            200: Type.Object({ decision: Type.String(), propertyId: Type.String() }),
            ...errorResponses,
            409: Type.Ref('ErrorBody'),
          },
        },
      },
      async (request) =>
        decideLookAlike(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body.decision),
    );
  };
}

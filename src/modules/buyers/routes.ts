import fs from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses, noContent } from '../../platform/http/contract.js';
import { AppError } from '../../platform/http/errors.js';
import { receiveUpload } from '../../platform/http/uploads.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { BUYER_IMPORT_FIELDS, importBuyers, previewBuyerFile, proposeBuyerMapping } from './import.js';
import {
  Buyer,
  BuyerFilePreview,
  BuyerImportFields,
  BuyerImportResult,
  BuyerPage,
  BuyerQuery,
  CreateBuyerBody,
  UpdateBuyerBody,
} from './schema.js';
import { createBuyer, deleteBuyer, getBuyer, listBuyers, updateBuyer } from './service.js';

export interface BuyerRoutesOptions {
  db: Database;
  uploadDir: string;
  uploadLimitBytes: number;
}

const CONFLICT = { 409: Type.Ref('ErrorBody') } as const;
const UPLOAD_ERRORS = { 413: Type.Ref('ErrorBody'), 415: Type.Ref('ErrorBody') } as const;

function parseMapping(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error();
    return value as Record<string, string>;
  } catch {
    throw new AppError('validation', 'mapping must be JSON like {"Email": "email", "Buyer": "name"}');
  }
}

export function buyerRoutes({ db, uploadDir, uploadLimitBytes }: BuyerRoutesOptions) {
  return async (app: App) => {
    await app.register(multipart, {
      limits: { fileSize: uploadLimitBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
      throwFileSizeLimit: true,
    });

    app.get(
      '/buyers',
      {
        schema: {
          tags: ['buyers'],
          summary: 'Buyers by name, filtered by search, tag, tier, status or a ZIP their boxes name',
          querystring: BuyerQuery,
          response: { 200: BuyerPage, ...errorResponses },
        },
      },
      async (request) => listBuyers(db, principalOf(request), request.query),
    );

    app.post(
      '/buyers',
      {
        config: { idempotent: true },
        schema: {
          tags: ['buyers'],
          summary: 'Add a cash buyer with its buy boxes (409 when the e-mail belongs to a buyer already)',
          body: CreateBuyerBody,
          response: { 201: Buyer, ...errorResponses, ...CONFLICT },
        },
      },
      async (request, reply) => reply.code(201).send(await createBuyer(db, principalOf(request), actorOfRequest(request), request.body)),
    );

    app.get(
      '/buyers/:id',
      {
        schema: { tags: ['buyers'], summary: 'A buyer with its buy boxes', params: IdParams, response: { 200: Buyer, ...errorResponses } },
      },
      async (request) => getBuyer(db, principalOf(request), request.params.id),
    );

    app.patch(
      '/buyers/:id',
      {
        schema: {
          tags: ['buyers'],
          summary: "Edit a buyer; contacts and buyBoxes, when given, replace the buyer's",
          params: IdParams,
          body: UpdateBuyerBody,
          response: { 200: Buyer, ...errorResponses, ...CONFLICT },
        },
      },
      async (request) => updateBuyer(db, principalOf(request), actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/buyers/:id',
      {
        config: { minRole: 'admin' },
        schema: { tags: ['buyers'], summary: 'Delete a buyer (admins)', params: IdParams, response: { ...noContent, ...errorResponses } },
      },
      async (request, reply) => {
        await deleteBuyer(db, principalOf(request), actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/buyer-import-fields',
      {
        schema: {
          tags: ['buyers'],
          summary: "The fields a buyers file's columns can be mapped to",
          response: { 200: BuyerImportFields, ...errorResponses },
        },
      },
      async () => ({ items: Object.entries(BUYER_IMPORT_FIELDS).map(([field, { label }]) => ({ field, label })) }),
    );

    /** The upload, handed to `use` and removed afterwards whatever happens: buyer files are read at once, not kept. */
    const withUploadedFile = async <T>(
      request: Parameters<typeof receiveUpload>[0],
      use: (file: { path: string; name: string }, fields: Record<string, string>) => Promise<T>,
    ): Promise<T> => {
      const { file, fields } = await receiveUpload(request, path.join(uploadDir, principalOf(request).tenantId), uploadLimitBytes);
      try {
        if (!file) throw new AppError('validation', 'Attach the buyers file as the field "file"');
        return await use(file, fields);
      } finally {
        if (file) fs.rmSync(file.path, { force: true });
      }
    };

    app.post(
      '/buyers/import/preview',
      {
        schema: {
          tags: ['buyers'],
          summary: 'Headers, first rows and the proposed column mapping of a buyers file (CSV or XLSX)',
          description: 'multipart/form-data with the fields `file` and optionally `sheet` (XLSX sheet name; default the first).',
          consumes: ['multipart/form-data'],
          response: { 200: BuyerFilePreview, ...errorResponses, ...UPLOAD_ERRORS },
        },
      },
      async (request) => withUploadedFile(request, (file, fields) => previewBuyerFile(file.path, fields.sheet || undefined)),
    );

    app.post(
      '/buyers/import',
      {
        schema: {
          tags: ['buyers'],
          summary: 'Import buyers from a CSV or XLSX file, merging rows into buyers with the same e-mail or phone',
          description:
            'multipart/form-data with the fields `file`, optionally `sheet` and `mapping` (JSON `{header: field}`; ' +
            'without it the proposed mapping is used). One buy box per row from its box columns. ' +
            'The whole file is imported in one transaction; rows that cannot be imported are listed with their reasons.',
          consumes: ['multipart/form-data'],
          response: { 200: BuyerImportResult, ...errorResponses, ...UPLOAD_ERRORS },
        },
      },
      async (request) =>
        withUploadedFile(request, async (file, fields) => {
          const sheet = fields.sheet || undefined;
          const mapping = parseMapping(fields.mapping) ?? proposeBuyerMapping((await previewBuyerFile(file.path, sheet)).headers);
          return importBuyers(db, principalOf(request), actorOfRequest(request), {
            filePath: file.path,
            fileName: file.name,
            sheet,
            mapping,
          });
        }),
    );
  };
}

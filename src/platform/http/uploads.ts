import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export interface UploadedForm {
  /** The file saved under `dir`, and the name it was sent with; the caller removes it. */
  file?: { path: string; name: string };
  fields: Record<string, string>;
}

// eslint-disable-next-line no-control-regex -- the NUL byte is what PostgreSQL text cannot hold
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Form fields reach the database as text: one with a NUL byte or an unpaired surrogate is refused, not cut. */
function storable(name: string, value: string): string {
  if (UNSTORABLE.test(value)) throw new AppError('validation', `The field "${name}" contains a NUL byte or an unpaired surrogate`);
  return value;
}

/**
 * Reads a multipart form whose one file field is `file`, streaming the file to disk
 * (bounded memory at any size). On any error the saved file is removed.
 */
export async function receiveUpload(request: FastifyRequest, dir: string, limitBytes: number): Promise<UploadedForm> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data');
  const form: UploadedForm = { fields: {} };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new AppError('validation', `Unexpected file field "${part.fieldname}"`);
        fs.mkdirSync(dir, { recursive: true });
        const name = path
          .basename(part.filename || 'upload')
          .replace(/[^\w.-]+/g, '_')
          .slice(-100);
        const target = path.join(dir, `${randomUUID()}-${name}`);
        form.file = { path: target, name: storable('file name', part.filename) || name };
        await pipeline(part.file, fs.createWriteStream(target));
      } else {
        form.fields[part.fieldname] = storable(part.fieldname, String(part.value));
      }
    }
    return form;
  } catch (error) {
    if (form.file) fs.rmSync(form.file.path, { force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('payload_too_large', `The file is larger than ${Math.floor(limitBytes / 1024 / 1024)} MB`);
    }
    throw error;
  }
}

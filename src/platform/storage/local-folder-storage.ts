import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertValidStorageKey,
  MeteredBody,
  type FileStorage,
  type PutOptions,
  type StoredFile,
  type StoredFileContent,
} from './file-storage.js';

/** What the sidecar `<file>.meta.json` holds. */
interface Sidecar {
  /** The key is not needed to read the file back; it tells an operator (or a migration to S3) which object a file is. */
  key: string;
  contentType: string;
}

const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/**
 * Files in a local folder (by default `<dataDir>/files`; on several machines, a shared
 * one). A key is stored under the SHA-256 of its name, `<root>/<2 hex>/<64 hex>`, with a
 * `.meta.json` sidecar beside it: hashed names cannot collide with a sidecar, with a
 * folder of the same name ("a" and "a/b"), with each other on a case-insensitive file
 * system, nor exceed a file name's length limit.
 *
 * A body streams into `<root>/tmp/` and is renamed into place only once complete and
 * flushed to disk; a rename on one file system is atomic, so a crash or a refused body
 * leaves at most a temporary file there, never a partial file under a key.
 */
export class LocalFolderStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(key: string, body: Readable | Buffer, { contentType, maxBytes }: PutOptions): Promise<StoredFile> {
    assertValidStorageKey(key);
    const tempDir = path.join(this.root, 'tmp');
    await fs.mkdir(tempDir, { recursive: true });
    const tempId = randomUUID();
    const tempFile = path.join(tempDir, tempId);
    const tempSidecar = path.join(tempDir, `${tempId}.meta.json`);
    const meter = new MeteredBody(body, maxBytes);
    try {
      await pipeline(meter.stream, createWriteStream(tempFile, { flags: 'wx', flush: true }));
      const sidecar: Sidecar = { key, contentType };
      await fs.writeFile(tempSidecar, JSON.stringify(sidecar), { flag: 'wx', flush: true });
      const file = this.fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // The sidecar first: a reader may then find the old content with the new type for
      // an instant, but never a new file without its type.
      await fs.rename(tempSidecar, sidecarOf(file));
      await fs.rename(tempFile, file);
    } finally {
      await Promise.all([fs.rm(tempFile, { force: true }), fs.rm(tempSidecar, { force: true })]);
    }
    return { key, ...meter.summary() };
  }

  async get(key: string): Promise<StoredFileContent | undefined> {
    assertValidStorageKey(key);
    const file = this.fileOf(key);
    let handle: FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
    try {
      // The size of the open file, so it matches the stream even if a put replaces the file meanwhile.
      const { size } = await handle.stat();
      const contentType = await readContentType(sidecarOf(file));
      return { body: handle.createReadStream(), bytes: size, contentType };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidStorageKey(key);
    const file = this.fileOf(key);
    // The file first, so that a reader never finds a file without its type.
    await removeIfPresent(file);
    await removeIfPresent(sidecarOf(file));
  }

  private fileOf(key: string): string {
    const name = createHash('sha256').update(key).digest('hex');
    return path.join(this.root, name.slice(0, 2), name);
  }
}

const sidecarOf = (file: string) => `${file}.meta.json`;

async function readContentType(sidecarFile: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(sidecarFile, 'utf8');
  } catch (error) {
    if (isAbsent(error)) return FALLBACK_CONTENT_TYPE;
    throw error;
  }
  const sidecar = JSON.parse(text) as Partial<Sidecar>;
  return typeof sidecar.contentType === 'string' ? sidecar.contentType : FALLBACK_CONTENT_TYPE;
}

async function removeIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if (!isAbsent(error)) throw error;
  }
}

const isAbsent = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

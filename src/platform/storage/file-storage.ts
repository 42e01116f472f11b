import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../http/errors.js';

/**
 * Where attachments and generated documents are kept: a local folder or an
 * S3-compatible store, chosen by configuration (see open-storage.ts). Keys are chosen
 * by the code, never taken from a user's file name, and must pass `assertValidStorageKey`.
 */
export interface FileStorage {
  /**
   * Streams `body` under `key`, replacing what was there. The object appears only once
   * the whole body has arrived; past `maxBytes` the put fails with `StorageLimitError`
   * and leaves nothing under the key.
   */
  put(key: string, body: Readable | Buffer, options: PutOptions): Promise<StoredFile>;
  /**
   * The object under `key`, or undefined when there is none. The caller reads `body` to
   * its end or destroys it: until then it holds a file descriptor or a connection.
   */
  get(key: string): Promise<StoredFileContent | undefined>;
  /** Removes the object under `key`; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
}

export interface PutOptions {
  contentType: string;
  maxBytes: number;
}

export interface StoredFile {
  key: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the content, computed while it streamed. */
  sha256: string;
}

export interface StoredFileContent {
  body: Readable;
  bytes: number;
  contentType: string;
}

/** A body grew past the limit it was put with; maps to HTTP 413. */
export class StorageLimitError extends AppError {
  constructor(
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super('payload_too_large', `The file is larger than the limit of ${limitBytes} bytes`, { limitBytes });
    this.name = 'StorageLimitError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export class InvalidStorageKeyError extends AppError {
  constructor(key: string, reason: string) {
    super('validation', `Invalid storage key "${key.slice(0, 80)}": ${reason}`);
    this.name = 'InvalidStorageKeyError';
  }
}

const STORAGE_KEY_MAX_LENGTH = 512;

/**
 * Why `key` cannot name a stored object, or undefined when it can. Keys map to paths
 * under the local folder, so anything that could climb out of it or name the same file
 * twice (`..`, `.`, empty segments, a leading slash) is refused, on S3 too, so that
 * both stores accept the same keys.
 */
export function storageKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'it is empty';
  if (key.length > STORAGE_KEY_MAX_LENGTH) return `it is longer than ${STORAGE_KEY_MAX_LENGTH} characters`;
  if (!/^[A-Za-z0-9._/-]+$/.test(key)) return 'only letters, digits, ".", "_", "-" and "/" are allowed';
  if (key.startsWith('/')) return 'it must be relative (no leading "/")';
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty path segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" path segment`;
  }
  return undefined;
}

export function assertValidStorageKey(key: string): void {
  const problem = storageKeyProblem(key);
  if (problem !== undefined) throw new InvalidStorageKeyError(key, problem);
}

/**
 * Counts and hashes a body as it streams through `stream`, and fails the stream with
 * `StorageLimitError` before passing on the byte that would exceed `maxBytes`, so a
 * store never writes more than the limit.
 */
export class MeteredBody {
  readonly stream: Readable;
  private readonly hash = createHash('sha256');
  private bytesSoFar = 0;
  private overLimit = false;

  constructor(
    body: Readable | Buffer,
    private readonly maxBytes: number,
  ) {
    this.stream = Readable.from(this.measure(Buffer.isBuffer(body) ? [body] : body), { objectMode: false });
  }

  /** Whether the body was refused for its size, whatever error the store then reported. */
  get exceededLimit(): boolean {
    return this.overLimit;
  }

  /** The byte count and digest; only meaningful once the stream has ended. */
  summary(): Omit<StoredFile, 'key'> {
    return { bytes: this.bytesSoFar, sha256: this.hash.copy().digest('hex') };
  }

  private async *measure(source: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const bytes = toBuffer(chunk);
      if (this.bytesSoFar + bytes.length > this.maxBytes) {
        this.overLimit = true;
        throw new StorageLimitError(this.maxBytes);
      }
      this.bytesSoFar += bytes.length;
      this.hash.update(bytes);
      yield bytes;
    }
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('A file body must stream bytes or strings');
}

import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import {
  assertValidStorageKey,
  MeteredBody,
  StorageLimitError,
  type FileStorage,
  type PutOptions,
  type StoredFile,
  type StoredFileContent,
} from './file-storage.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** URL of an S3-compatible store (MinIO, Ceph, Garage, R2, …); unset, AWS S3 itself. */
  endpoint?: string | undefined;
  /** Address the bucket in the path (`host/bucket/key`), as most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Both or neither; unset, the SDK's default credential chain (an instance or task role, for example). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Folder within the bucket, so that one bucket can serve several installations. */
  prefix?: string | undefined;
}

/**
 * Parts in flight per upload. The SDK buffers each 5 MiB part in memory, so this bounds
 * a put at about 10 MiB whatever the file's size, while keeping the next part moving.
 */
const PARTS_IN_FLIGHT = 2;

/**
 * Files in an S3 bucket. A body is streamed with a multipart upload that becomes an
 * object only when completed: a body refused for its size, or one that fails midway,
 * aborts the upload, so no object (and, on stores that implement the abort, no part)
 * is left behind.
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StorageOptions) {
    const { accessKeyId, secretAccessKey, endpoint } = options;
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      throw new Error('S3 storage needs both an access key id and a secret access key, or neither');
    }
    this.prefix = options.prefix?.replace(/^\/+|\/+$/g, '') ?? '';
    if (this.prefix !== '') assertValidStorageKey(this.prefix);
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
      // S3-compatible stores differ in their support of the SDK's newer default checksums
      // (CRC32 headers and trailers); the SHA-256 of every put is computed here anyway.
      ...(endpoint === undefined ? {} : { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    });
  }

  async put(key: string, body: Readable | Buffer, { contentType, maxBytes }: PutOptions): Promise<StoredFile> {
    assertValidStorageKey(key);
    const meter = new MeteredBody(body, maxBytes);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: meter.stream, ContentType: contentType },
      queueSize: PARTS_IN_FLIGHT,
    });
    try {
      await upload.done();
    } catch (error) {
      // When the abort that follows a refused body fails too, the SDK reports the abort's
      // error; the caller still needs to know the body was too large.
      if (meter.exceededLimit && !(error instanceof StorageLimitError)) throw new StorageLimitError(maxBytes, { cause: error });
      throw error;
    }
    return { key, ...meter.summary() };
  }

  async get(key: string): Promise<StoredFileContent | undefined> {
    assertValidStorageKey(key);
    let object: GetObjectCommandOutput;
    try {
      object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
    const { Body, ContentLength, ContentType } = object;
    if (!(Body instanceof Readable) || ContentLength === undefined) {
      if (Body instanceof Readable) Body.destroy();
      throw new Error(`The S3 store answered GetObject for "${key}" without a body stream or its length`);
    }
    return { body: Body, bytes: ContentLength, contentType: ContentType ?? 'application/octet-stream' };
  }

  async delete(key: string): Promise<void> {
    assertValidStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  private objectKey(key: string): string {
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }
}

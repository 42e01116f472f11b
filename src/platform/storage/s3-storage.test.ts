import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, StorageLimitError } from './file-storage.js';
import { S3Storage, type S3StorageOptions } from './s3-storage.js';

const BUCKET = 'reos-test';
const MiB = 1024 * 1024;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const readAll = async (body: Readable) => Buffer.concat(await body.toArray());

/** `count` random chunks of `chunkBytes`, and the digest of all of them once streamed. */
function generatedBody(chunkBytes: number, count: number) {
  const hash = createHash('sha256');
  async function* chunks() {
    for (let index = 0; index < count; index += 1) {
      const chunk = randomBytes(chunkBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { body: Readable.from(chunks()), digest: () => hash.digest('hex') };
}

describe('S3Storage on an S3-protocol server', () => {
  let server: http.Server;
  let directory: string;
  /** Every request the store received, as "METHOD /path?query". */
  const requests: string[] = [];
  let options: S3StorageOptions;
  let storage: S3Storage;
  /** A client of its own, to look at the bucket behind the storage's back. */
  let inspector: S3Client;

  beforeAll(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-s3rver-'));
    const s3rver = new S3rver({ silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
    await s3rver.configureBuckets();
    // s3rver's own handler under a server of the test's, to see the requests the storage sends.
    const handle = s3rver.callback();
    server = http.createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    options = {
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'installation-1',
    };
    storage = new S3Storage(options);
    inspector = new S3Client({ ...options, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  });
  afterAll(async () => {
    inspector?.destroy();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    if (directory) await fs.rm(directory, { recursive: true, force: true });
  });

  const objectKeys = async () =>
    ((await inspector.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((object) => object.Key);
  const objectExists = (key: string) =>
    inspector.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
      () => true,
      (error: { name?: string }) => {
        if (error.name === 'NotFound') return false;
        throw error;
      },
    );

  it('gives back what was put, with its size, digest and content type, under the prefix', async () => {
    const content = Buffer.from('%PDF-1.7 a purchase contract');
    const stored = await storage.put('tenants/t1/contract.pdf', content, { contentType: 'application/pdf', maxBytes: 1024 });
    expect(stored).toEqual({ key: 'tenants/t1/contract.pdf', bytes: content.length, sha256: sha256(content) });
    expect(await objectExists('installation-1/tenants/t1/contract.pdf')).toBe(true);

    const file = await storage.get('tenants/t1/contract.pdf');
    expect(file).toMatchObject({ bytes: content.length, contentType: 'application/pdf' });
    expect(await readAll(file!.body)).toEqual(content);

    await storage.delete('tenants/t1/contract.pdf');
    expect(await storage.get('tenants/t1/contract.pdf')).toBeUndefined();
    expect(await objectExists('installation-1/tenants/t1/contract.pdf')).toBe(false);
  });

  it('stores an empty body', async () => {
    expect(await storage.put('empty.txt', Buffer.alloc(0), { contentType: 'text/plain', maxBytes: 10 })).toMatchObject({
      bytes: 0,
      sha256: sha256(Buffer.alloc(0)),
    });
    const file = await storage.get('empty.txt');
    expect(file).toMatchObject({ bytes: 0, contentType: 'text/plain' });
    expect(await readAll(file!.body)).toEqual(Buffer.alloc(0));
  });

  it('answers undefined for a missing key and deletes one without complaint', async () => {
    expect(await storage.get('never/put.txt')).toBeUndefined();
    await expect(storage.delete('never/put.txt')).resolves.toBeUndefined();
  });

  it('refuses a small body over the limit before anything is sent', async () => {
    const requestsBefore = requests.length;
    const body = Readable.from(Array.from({ length: 10 }, () => randomBytes(1024)));
    const put = storage.put('small-but-too-big.jpg', body, { contentType: 'image/jpeg', maxBytes: 4096 });
    await expect(put).rejects.toBeInstanceOf(StorageLimitError);
    await expect(put).rejects.toMatchObject({ limitBytes: 4096 });
    expect(body.destroyed).toBe(true);
    expect(requests.length).toBe(requestsBefore);
    expect(await objectExists('installation-1/small-but-too-big.jpg')).toBe(false);
  });

  it('aborts a multipart upload that grows over the limit, leaving no object', async () => {
    // Past the first 5 MiB part, so the upload is multipart when the limit is crossed.
    const { body } = generatedBody(MiB, 12);
    const put = storage.put('scans/too-big.pdf', body, { contentType: 'application/pdf', maxBytes: 6 * MiB });
    await expect(put).rejects.toBeInstanceOf(StorageLimitError);
    // s3rver does not implement the abort (it answers 405), so its parts stay on its disk; S3 drops them.
    expect(requests).toContainEqual(expect.stringMatching(/^DELETE \/reos-test\/installation-1\/scans\/too-big\.pdf\?uploadId=/));
    expect(await objectExists('installation-1/scans/too-big.pdf')).toBe(false);
    expect(await storage.get('scans/too-big.pdf')).toBeUndefined();
  });

  it('streams a 20 MB body in parts and reads it back whole', async () => {
    const { body, digest } = generatedBody(256 * 1024, 80);
    const stored = await storage.put('large/video-tour.bin', body, { contentType: 'video/mp4', maxBytes: 25 * MiB });
    expect(stored).toEqual({ key: 'large/video-tour.bin', bytes: 20 * MiB, sha256: digest() });

    const file = await storage.get('large/video-tour.bin');
    expect(file).toMatchObject({ bytes: 20 * MiB, contentType: 'video/mp4' });
    const readBack = createHash('sha256');
    for await (const chunk of file!.body) readBack.update(chunk as Buffer);
    expect(readBack.digest('hex')).toBe(stored.sha256);
    await storage.delete('large/video-tour.bin');
  });

  it('refuses invalid keys before calling the store', async () => {
    const before = await objectKeys();
    await expect(storage.put('../escape', Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 })).rejects.toBeInstanceOf(
      InvalidStorageKeyError,
    );
    await expect(storage.get('/absolute')).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.delete('a//b')).rejects.toBeInstanceOf(InvalidStorageKeyError);
    expect(await objectKeys()).toEqual(before);
  });

  it('refuses a prefix that is not a valid key, and half a pair of credentials', () => {
    expect(() => new S3Storage({ ...options, prefix: 'a/../b' })).toThrow(InvalidStorageKeyError);
    expect(() => new S3Storage({ ...options, secretAccessKey: undefined })).toThrow(/both/);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, StorageLimitError } from './file-storage.js';
import { LocalFolderStorage } from './local-folder-storage.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const readAll = async (body: Readable) => Buffer.concat(await body.toArray());

/** Every file under `folder`, relative to it; folders themselves are left out. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

describe('LocalFolderStorage', () => {
  let root: string;
  let storage: LocalFolderStorage;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-files-'));
    storage = new LocalFolderStorage(root);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('gives back what was put, with its size, digest and content type', async () => {
    const content = Buffer.from('%PDF-1.7 a purchase contract');
    const stored = await storage.put('tenants/t1/contract.pdf', content, { contentType: 'application/pdf', maxBytes: 1024 });
    expect(stored).toEqual({ key: 'tenants/t1/contract.pdf', bytes: content.length, sha256: sha256(content) });

    const file = await storage.get('tenants/t1/contract.pdf');
    expect(file).toMatchObject({ bytes: content.length, contentType: 'application/pdf' });
    expect(await readAll(file!.body)).toEqual(content);
  });

  it('streams a Readable body in many chunks', async () => {
    const chunks = Array.from({ length: 50 }, (_, index) => Buffer.from(`row ${index}\n`));
    const stored = await storage.put('lists/rows.csv', Readable.from(chunks), { contentType: 'text/csv', maxBytes: 10_000 });
    const whole = Buffer.concat(chunks);
    expect(stored).toMatchObject({ bytes: whole.length, sha256: sha256(whole) });
    expect(await readAll((await storage.get('lists/rows.csv'))!.body)).toEqual(whole);
  });

  it('replaces the content and type of a key put again', async () => {
    await storage.put('photo', Buffer.from('first'), { contentType: 'image/png', maxBytes: 100 });
    await storage.put('photo', Buffer.from('second one'), { contentType: 'image/jpeg', maxBytes: 100 });
    const file = await storage.get('photo');
    expect(file).toMatchObject({ bytes: 10, contentType: 'image/jpeg' });
    expect((await readAll(file!.body)).toString()).toBe('second one');
  });

  it('keeps a key and the keys "below" it apart', async () => {
    await storage.put('a', Buffer.from('file a'), { contentType: 'text/plain', maxBytes: 100 });
    await storage.put('a/b', Buffer.from('file a/b'), { contentType: 'text/plain', maxBytes: 100 });
    await storage.put('a.meta.json', Buffer.from('not a sidecar'), { contentType: 'application/json', maxBytes: 100 });
    const a = await storage.get('a');
    expect(a!.contentType).toBe('text/plain');
    expect((await readAll(a!.body)).toString()).toBe('file a');
    expect((await readAll((await storage.get('a/b'))!.body)).toString()).toBe('file a/b');
    expect((await readAll((await storage.get('a.meta.json'))!.body)).toString()).toBe('not a sidecar');
  });

  it('answers undefined for an absent key, and deletes without complaint when absent', async () => {
    expect(await storage.get('nothing/here')).toBeUndefined();
    await storage.put('gone.txt', Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 });
    await storage.delete('gone.txt');
    expect(await storage.get('gone.txt')).toBeUndefined();
    await expect(storage.delete('gone.txt')).resolves.toBeUndefined();
    expect(await filesUnder(root)).toEqual([]);
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

  it('accepts a body of exactly the limit', async () => {
    const stored = await storage.put('exact', Buffer.alloc(64, 1), { contentType: 'application/octet-stream', maxBytes: 64 });
    expect(stored.bytes).toBe(64);
  });

  it('refuses a body over the limit and leaves no file behind', async () => {
    const body = Readable.from(Array.from({ length: 10 }, () => randomBytes(1024)));
    const put = storage.put('big.pdf', body, { contentType: 'application/pdf', maxBytes: 4096 });
    await expect(put).rejects.toBeInstanceOf(StorageLimitError);
    await expect(put).rejects.toMatchObject({ limitBytes: 4096, code: 'payload_too_large' });
    expect(body.destroyed).toBe(true);
    expect(await storage.get('big.pdf')).toBeUndefined();
    expect(await filesUnder(root)).toEqual([]);
  });

  it('keeps the previous content when a replacement is over the limit', async () => {
    await storage.put('doc', Buffer.from('original'), { contentType: 'text/plain', maxBytes: 10 });
    await expect(storage.put('doc', Buffer.alloc(11), { contentType: 'text/plain', maxBytes: 10 })).rejects.toBeInstanceOf(
      StorageLimitError,
    );
    expect((await readAll((await storage.get('doc'))!.body)).toString()).toBe('original');
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing under the key when the body fails midway', async () => {
    async function* failing() {
      yield Buffer.from('partial ');
      throw new Error('client went away');
    }
    await expect(storage.put('cut', Readable.from(failing()), { contentType: 'text/plain', maxBytes: 100 })).rejects.toThrow(
      'client went away',
    );
    expect(await storage.get('cut')).toBeUndefined();
    expect(await filesUnder(root)).toEqual([]);
  });

  it.each(['', '/abs', '../up', 'a/../b', 'a//b', 'a/./b', 'trailing/', 'sp ace', 'back\\slash', 'ünïcode', 'x'.repeat(513)])(
    'refuses the key %j in every operation',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain', maxBytes: 10 })).rejects.toBeInstanceOf(
        InvalidStorageKeyError,
      );
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      expect(await filesUnder(root)).toEqual([]);
    },
  );

  it('streams a 20 MB body to disk as it arrives, never holding more than a few chunks', async () => {
    const chunkBytes = 64 * 1024;
    const chunkCount = 320; // 20 MiB
    const expectedHash = createHash('sha256');
    let producedBytes = 0;
    let largestLead = 0;
    async function* generated() {
      for (let index = 0; index < chunkCount; index += 1) {
        // How far production runs ahead of the bytes already on disk in the temporary file.
        if (index % 16 === 0 && index > 0) {
          const [temp] = await fs.readdir(path.join(root, 'tmp'));
          const written = temp === undefined ? 0 : (await fs.stat(path.join(root, 'tmp', temp))).size;
          largestLead = Math.max(largestLead, producedBytes - written);
        }
        const chunk = randomBytes(chunkBytes);
        expectedHash.update(chunk);
        producedBytes += chunk.length;
        yield chunk;
      }
    }

    const stored = await storage.put('large.bin', Readable.from(generated()), {
      contentType: 'application/octet-stream',
      maxBytes: 25 * 1024 * 1024,
    });
    expect(stored).toEqual({ key: 'large.bin', bytes: chunkBytes * chunkCount, sha256: expectedHash.digest('hex') });
    expect(largestLead).toBeLessThan(2 * 1024 * 1024);
    const file = await storage.get('large.bin');
    expect(file!.bytes).toBe(chunkBytes * chunkCount);
    const readBack = createHash('sha256');
    for await (const chunk of file!.body) readBack.update(chunk as Buffer);
    expect(readBack.digest('hex')).toBe(stored.sha256);
  });
});

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { assertValidStorageKey, InvalidStorageKeyError, MeteredBody, StorageLimitError, storageKeyProblem } from './file-storage.js';

describe('storage keys', () => {
  it.each(['a', 'tenants/0b6f/attachments/3f2a.pdf', 'A-Z_0.9/x.y.z', '.hidden', 'a..b/c', 'x'.repeat(512)])('accepts %j', (key) => {
    expect(storageKeyProblem(key)).toBeUndefined();
    expect(() => assertValidStorageKey(key)).not.toThrow();
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(513), /longer than 512/],
    ['/etc/passwd', /leading "\/"/],
    ['..', /"\.\." path segment/],
    ['a/../../b', /"\.\." path segment/],
    ['./a', /"\." path segment/],
    ['a//b', /empty path segment/],
    ['a/', /empty path segment/],
    ['a b', /only letters/],
    ['a\\b', /only letters/],
    ['a%2F..', /only letters/],
    ['naïve', /only letters/],
    ['a\nb', /only letters/],
  ])('refuses %j', (key, reason) => {
    expect(storageKeyProblem(key)).toMatch(reason);
    expect(() => assertValidStorageKey(key)).toThrow(InvalidStorageKeyError);
  });
});

describe('MeteredBody', () => {
  it('passes a body through unchanged while counting and hashing it', async () => {
    const meter = new MeteredBody(Readable.from(['text ', Buffer.from('and bytes'), new Uint8Array([0x21])]), 100);
    const passed = Buffer.concat(await meter.stream.toArray());
    expect(passed.toString()).toBe('text and bytes!');
    expect(meter.summary()).toEqual({ bytes: 15, sha256: createHash('sha256').update('text and bytes!').digest('hex') });
    expect(meter.exceededLimit).toBe(false);
  });

  it('fails the stream before the byte past the limit and says so', async () => {
    const meter = new MeteredBody(Buffer.alloc(11), 10);
    await expect(meter.stream.toArray()).rejects.toBeInstanceOf(StorageLimitError);
    expect(meter.exceededLimit).toBe(true);
    expect(meter.summary().bytes).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { composeCredential, digest, parseCredential, randomSecret, sameDigest } from './secrets.js';

describe('credentials', () => {
  it('round-trips an id and a 256-bit secret', () => {
    const id = '0b6f0c1e-5a8a-4c1f-9d3e-2f4a6b8c0d1e';
    const secret = randomSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const credential = composeCredential('reos', id, secret);
    expect(credential).toMatch(/^reos_[0-9a-f]{32}_/);
    expect(parseCredential('reos', credential)).toEqual({ id, secret });
  });

  it('rejects other kinds and malformed values', () => {
    const credential = composeCredential('reos', '0b6f0c1e-5a8a-4c1f-9d3e-2f4a6b8c0d1e', randomSecret());
    expect(parseCredential('inv', credential)).toBeUndefined();
    expect(parseCredential('reos', credential + 'x')).toBeUndefined();
    expect(parseCredential('reos', 'reos_zz_yy')).toBeUndefined();
  });

  it('compares digests in constant time and only equal ones match', () => {
    expect(sameDigest(digest('a'), digest('a'))).toBe(true);
    expect(sameDigest(digest('a'), digest('b'))).toBe(false);
    expect(sameDigest(digest('a'), 'abcd')).toBe(false);
  });
});

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits from the CSPRNG, URL-safe. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored as SHA-256 digests: they carry enough entropy that a slow hash adds nothing. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Credentials shaped `<kind>_<id>_<secret>`: the id names the one row to look up
 * (so lookup needs no index on the secret and no scan), the secret is compared by digest.
 */
export function composeCredential(kind: string, id: string, secret: string): string {
  return `${kind}_${id.replaceAll('-', '')}_${secret}`;
}

export function parseCredential(kind: string, value: string): { id: string; secret: string } | undefined {
  const match = new RegExp(`^${kind}_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$`).exec(value);
  if (!match) return undefined;
  const hex = match[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2]! };
}

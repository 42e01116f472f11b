import { roleAtLeast, type Actor, type Principal } from '../../platform/auth/principal.js';
import { composeCredential, digest, parseCredential, randomSecret, sameDigest } from '../../platform/auth/secrets.js';
import type { Database } from '../../platform/db/database.js';
import type { Authenticated } from '../../platform/http/authentication.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey } from './schema.js';

const KEY_KIND = 'reos';

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  role: ApiKey['role'];
  prefix: string;
  secret_hash: string;
  created_at: Date;
  created_by_email: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const present = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by_email,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const SELECT = `select k.*, u.email as created_by_email from api_keys k left join users u on u.id = k.created_by`;

export function isApiKey(bearer: string): boolean {
  return bearer.startsWith(`${KEY_KIND}_`);
}

/** Creates a key; its secret leaves the server only in this response and is stored as a digest. */
export async function createApiKey(db: Database, principal: Principal, actor: Actor, body: CreateApiKeyBody): Promise<CreatedApiKey> {
  if (!roleAtLeast(principal.role, body.role)) throw forbidden('You cannot create a key with a role above your own');
  const name = body.name.trim();
  if (!name) throw new AppError('validation', 'Give the key a name', [{ field: 'name', message: 'must not be blank' }]);
  const secret = randomSecret();
  return db.withTenant(principal.tenantId, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into api_keys (name, role, prefix, secret_hash, created_by)
       values ($1, $2, '', $3, $4) returning id`,
      [name, body.role, digest(secret), principal.type === 'user' ? principal.userId : null],
    );
    const key = composeCredential(KEY_KIND, row!.id, secret);
    await tx.query('update api_keys set prefix = $2 where id = $1', [row!.id, key.slice(0, 13)]);
    const [created] = await tx.query<ApiKeyRow>(`${SELECT} where k.id = $1`, [row!.id]);
    const presented = present(created!);
    await recordAudit(tx, actor, {
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: row!.id,
      after: { name: presented.name, role: presented.role, prefix: presented.prefix },
    });
    return { ...presented, key };
  });
}

export async function listApiKeys(db: Database, tenantId: string): Promise<{ items: ApiKey[] }> {
  const rows = await db.withTenant(tenantId, (tx) => tx.query<ApiKeyRow>(`${SELECT} order by k.revoked_at nulls first, k.created_at desc`));
  return { items: rows.map(present) };
}

export async function revokeApiKey(db: Database, tenantId: string, actor: Actor, id: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.query<ApiKeyRow>(`${SELECT} where k.id = $1`, [id]);
    if (!row) throw notFound('API key');
    if (row.revoked_at) return;
    await tx.query('update api_keys set revoked_at = now() where id = $1', [id]);
    await recordAudit(tx, actor, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: id,
      before: { name: row.name, revokedAt: null },
      after: { name: row.name, revokedAt: new Date().toISOString() },
    });
  });
}

/**
 * The principal of a valid, unrevoked key; undefined for anything else. The lookup
 * also records the use (at most once a minute, so busy keys do not turn every read
 * into a write), in the same transaction.
 */
export async function authenticateApiKey(db: Database, bearer: string): Promise<Authenticated | undefined> {
  const parsed = parseCredential(KEY_KIND, bearer);
  if (!parsed) return undefined;
  const secretHash = digest(parsed.secret);
  const [row] = await db.withGlobal((tx) => tx.query<ApiKeyRow>('select * from reos_use_api_key($1, $2)', [parsed.id, secretHash]), {
    apiKeyId: parsed.id,
  });
  if (!row || row.revoked_at || !sameDigest(row.secret_hash, secretHash)) return undefined;
  return { principal: { type: 'api_key', apiKeyId: row.id, name: row.name, tenantId: row.tenant_id, role: row.role } };
}

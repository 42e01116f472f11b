import type { AccessTokens } from '../../platform/auth/access-tokens.js';
import { verifyPassword } from '../../platform/auth/passwords.js';
import { CredentialCheck } from '../../platform/auth/credential-check.js';
import type { Principal } from '../../platform/auth/principal.js';
import { digest, randomSecret } from '../../platform/auth/secrets.js';
import { isUuid, type Database, type Tx } from '../../platform/db/database.js';
import type { Authenticated } from '../../platform/http/authentication.js';
import type { ClientInfo } from '../../platform/http/client-info.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { TenantMembership } from '../tenants/schema.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Me, Session, TokenPair } from './schema.js';

export interface IdentityDeps {
  db: Database;
  tokens: AccessTokens;
  throttle: LoginThrottle;
  refreshTtlSeconds: number;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled_at: Date | null;
}

const unauthenticated = () => new AppError('unauthenticated', 'Invalid email or password');

const MEMBERSHIPS_OF_USER = `select t.id, t.slug, t.name, m.role from memberships m join tenants t on t.id = m.tenant_id
  where m.user_id = $1 order by m.created_at, t.name`;

/** Every tenant the user belongs to, read through the own-memberships policy. */
export async function tenantsOf(db: Database, userId: string): Promise<TenantMembership[]> {
  return db.withGlobal((tx) => tx.query<TenantMembership>(MEMBERSHIPS_OF_USER, [userId]), { userId });
}

function chooseTenant(memberships: TenantMembership[], wanted: string | undefined): TenantMembership {
  if (memberships.length === 0) throw new AppError('forbidden', 'This account is not a member of any tenant');
  if (wanted === undefined) return memberships[0]!;
  const match = memberships.find((m) => m.slug === wanted || m.id === wanted);
  if (!match) throw new AppError('forbidden', `You are not a member of tenant ${wanted}`);
  return match;
}

async function issueRefreshToken(tx: Tx, sessionId: string): Promise<string> {
  const token = randomSecret();
  await tx.query('insert into refresh_tokens (session_id, token_hash) values ($1, $2)', [sessionId, digest(token)]);
  return token;
}

async function tokenPair(
  deps: IdentityDeps,
  user: Pick<UserRow, 'id' | 'email' | 'name'>,
  tenant: TenantMembership,
  sessionId: string,
  refreshToken: string,
): Promise<TokenPair> {
  const accessToken = await deps.tokens.sign({ userId: user.id, tenantId: tenant.id, sessionId, role: tenant.role, email: user.email });
  return {
    accessToken,
    refreshToken,
    expiresIn: deps.tokens.ttlSeconds,
    tenant,
    user: { id: user.id, email: user.email, name: user.name },
  };
}

/** Starts a session for a user who has already proven who they are. */
export async function startSession(
  deps: IdentityDeps,
  userId: string,
  wantedTenant: string | undefined,
  client: ClientInfo,
): Promise<TokenPair> {
  const [user] = await deps.db.withGlobal((tx) => tx.query<UserRow>('select * from users where id = $1', [userId]));
  if (!user || user.disabled_at) throw unauthenticated();
  const tenant = chooseTenant(await tenantsOf(deps.db, user.id), wantedTenant);
  const { sessionId, refreshToken } = await deps.db.withGlobal(async (tx) => {
    const [session] = await tx.query<{ id: string }>(
      `insert into sessions (user_id, current_tenant_id, expires_at, ip, user_agent)
       values ($1, $2, now() + make_interval(secs => $3), $4, $5) returning id`,
      [user.id, tenant.id, deps.refreshTtlSeconds, client.ip, client.userAgent?.slice(0, 500) ?? null],
    );
    return { sessionId: session!.id, refreshToken: await issueRefreshToken(tx, session!.id) };
  });
  await deps.db.withTenant(tenant.id, (tx) =>
    recordAudit(
      tx,
      { type: 'user', id: user.id, label: user.email, requestId: client.requestId, ip: client.ip },
      {
        action: 'session.started',
        entityType: 'session',
        entityId: sessionId,
        after: { userAgent: client.userAgent, ip: client.ip },
      },
    ),
  );
  return tokenPair(deps, user, tenant, sessionId, refreshToken);
}

export async function login(
  deps: IdentityDeps,
  body: { email: string; password: string; tenant?: string },
  client: ClientInfo,
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void },
): Promise<TokenPair> {
  const email = body.email.trim().toLowerCase();
  await deps.throttle.assertAllowed(email, client.ip);
  const [user] = await deps.db.withGlobal((tx) => tx.query<UserRow>('select * from users where email = $1', [email]));
  const valid = await verifyPassword(user?.password_hash, body.password);
  if (!user || !valid || user.disabled_at) {
    await deps.throttle.recordFailure(email, client.ip);
    log.warn({ event: 'login_failed', email, ip: client.ip }, 'sign-in failed');
    throw unauthenticated();
  }
  await deps.throttle.recordSuccess(email);
  log.info({ event: 'login_succeeded', userId: user.id, ip: client.ip }, 'signed in');
  return startSession(deps, user.id, body.tenant, client);
}

interface RefreshRow {
  token_id: string;
  used_at: Date | null;
  session_id: string;
  user_id: string;
  current_tenant_id: string;
  expires_at: Date;
  revoked_at: Date | null;
}

/**
 * Rotates a refresh token (RFC 9700 §4.14.2): each token works once; presenting one
 * that was already used means it leaked, so the whole session (token family) ends.
 * With `tenant` the session moves to that tenant (the tenant switcher).
 */
export async function refresh(
  deps: IdentityDeps,
  body: { refreshToken: string; tenant?: string },
  log: { warn: (o: object, m: string) => void },
): Promise<TokenPair> {
  const invalid = new AppError('unauthenticated', 'Invalid or expired refresh token');
  const outcome = await deps.db.withGlobal(async (tx) => {
    const [row] = await tx.query<RefreshRow>(
      `select r.id as token_id, r.used_at, s.id as session_id, s.user_id, s.current_tenant_id, s.expires_at, s.revoked_at
         from refresh_tokens r join sessions s on s.id = r.session_id
        where r.token_hash = $1 for update of r, s`,
      [digest(body.refreshToken)],
    );
    if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
    if (row.used_at) {
      await tx.query(`update sessions set revoked_at = now(), revoke_reason = 'refresh_token_reuse' where id = $1`, [row.session_id]);
      return { kind: 'reuse' as const, row };
    }
    const [user] = await tx.query<UserRow>('select * from users where id = $1', [row.user_id]);
    if (!user || user.disabled_at) return { kind: 'invalid' as const };
    // The tenant is settled before the token is spent, so a refused switch leaves the session usable.
    await tx.query(`select set_config('app.user_id', $1, true)`, [user.id]);
    const memberships = await tx.query<TenantMembership>(MEMBERSHIPS_OF_USER, [user.id]);
    let tenant: TenantMembership;
    try {
      tenant = chooseTenant(memberships, body.tenant ?? row.current_tenant_id);
    } catch (error) {
      return { kind: 'refused' as const, error };
    }
    await tx.query('update refresh_tokens set used_at = now() where id = $1', [row.token_id]);
    await tx.query('update sessions set last_used_at = now(), current_tenant_id = $2 where id = $1', [row.session_id, tenant.id]);
    return { kind: 'ok' as const, row, user, tenant, refreshToken: await issueRefreshToken(tx, row.session_id) };
  });
  switch (outcome.kind) {
    case 'invalid':
      throw invalid;
    case 'reuse':
      log.warn(
        { event: 'refresh_token_reuse', sessionId: outcome.row.session_id, userId: outcome.row.user_id },
        'refresh token reused: session revoked',
      );
      throw invalid;
    case 'refused':
      throw outcome.error;
    case 'ok':
      return tokenPair(deps, outcome.user, outcome.tenant, outcome.row.session_id, outcome.refreshToken);
  }
}

interface EndedSession {
  id: string;
  user_id: string;
  email: string;
  current_tenant_id: string;
}

/**
 * Ends sessions matching `where` (SQL over `sessions s`) and records each in the
 * audit log of the tenant it was working in. Already ended sessions are skipped.
 */
async function endSessions(
  db: Database,
  where: string,
  params: unknown[],
  reason: string,
  client: Pick<ClientInfo, 'ip' | 'requestId'>,
): Promise<EndedSession[]> {
  const ended = await db.withGlobal((tx) =>
    tx.query<EndedSession>(
      `update sessions s set revoked_at = now(), revoke_reason = $${params.length + 1}
         from users u where u.id = s.user_id and s.revoked_at is null and ${where}
       returning s.id, s.user_id, u.email, s.current_tenant_id`,
      [...params, reason],
    ),
  );
  for (const session of ended) {
    await db.withTenant(session.current_tenant_id, (tx) =>
      recordAudit(
        tx,
        { type: 'user', id: session.user_id, label: session.email, requestId: client.requestId, ip: client.ip },
        {
          action: 'session.ended',
          entityType: 'session',
          entityId: session.id,
          after: { reason },
        },
      ),
    );
  }
  return ended;
}

/** Ends the session named by an access token and/or a refresh token; unknown tokens are ignored. */
export async function logout(
  deps: IdentityDeps,
  credentials: { accessToken?: string; refreshToken?: string },
  client: ClientInfo,
): Promise<void> {
  const claims = credentials.accessToken ? await deps.tokens.verify(credentials.accessToken) : undefined;
  if (claims) await endSessions(deps.db, 's.id = $1', [claims.sessionId], 'logout', client);
  if (credentials.refreshToken) {
    await endSessions(
      deps.db,
      's.id = (select session_id from refresh_tokens where token_hash = $1)',
      [digest(credentials.refreshToken)],
      'logout',
      client,
    );
  }
}

/**
 * The principal of a valid access token, from its signed claims alone. The session
 * must still be live and the user a member of the tenant in the claimed role: the
 * returned check confirms that once per request, before the request touches any
 * data (see CredentialCheck), so a logout, removal or role change takes effect at once.
 */
export async function authenticateAccessToken(deps: IdentityDeps, token: string): Promise<Authenticated | undefined> {
  const claims = await deps.tokens.verify(token);
  if (!claims) return undefined;
  if (!isUuid(claims.userId) || !isUuid(claims.sessionId) || !isUuid(claims.tenantId)) return undefined;
  const { userId, email, sessionId, tenantId, role } = claims;
  return {
    principal: { type: 'user', userId, email, sessionId, tenantId, role },
    check: new CredentialCheck({ tenantId, userId, sessionId, role }),
  };
}

export async function describeMe(db: Database, principal: Principal): Promise<Me> {
  if (principal.type === 'api_key') {
    const [tenant] = await db.withGlobal((tx) =>
      tx.query<Omit<TenantMembership, 'role'>>('select id, slug, name from tenants where id = $1', [principal.tenantId]),
    );
    const current = { ...tenant!, role: principal.role };
    return {
      principal: 'api_key',
      user: null,
      apiKey: { id: principal.apiKeyId, name: principal.name },
      tenant: current,
      tenants: [current],
    };
  }
  const [user] = await db.withGlobal((tx) => tx.query<UserRow>('select id, email, name from users where id = $1', [principal.userId]));
  const tenants = await tenantsOf(db, principal.userId);
  const tenant = tenants.find((t) => t.id === principal.tenantId)!;
  return { principal: 'user', user: { id: user!.id, email: user!.email, name: user!.name }, apiKey: null, tenant, tenants };
}

export async function listSessions(db: Database, userId: string, currentSessionId: string): Promise<{ items: Session[] }> {
  const rows = await db.withGlobal((tx) =>
    tx.query<{ id: string; created_at: Date; last_used_at: Date; expires_at: Date; ip: string | null; user_agent: string | null }>(
      `select id, created_at, last_used_at, expires_at, ip, user_agent from sessions
        where user_id = $1 and revoked_at is null and expires_at > now() order by last_used_at desc`,
      [userId],
    ),
  );
  return {
    items: rows.map((row) => ({
      id: row.id,
      current: row.id === currentSessionId,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      ip: row.ip,
      userAgent: row.user_agent,
    })),
  };
}

export async function endSession(db: Database, userId: string, sessionId: string, client: ClientInfo): Promise<void> {
  const [session] = await db.withGlobal((tx) => tx.query('select 1 from sessions where id = $1 and user_id = $2', [sessionId, userId]));
  if (!session) throw notFound('Session');
  await endSessions(db, 's.id = $1 and s.user_id = $2', [sessionId, userId], 'ended_by_user', client);
}

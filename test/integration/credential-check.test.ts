import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialCheck } from '../../src/platform/auth/credential-check.js';
import { createTestApp, skipDatabase, testDbKind, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';

/**
 * An access token is verified by its signature; the database confirms its session,
 * user and role inside the request's first tenant transaction. These tests show that
 * every change to the credential still takes effect on the very next request, and
 * that a request whose credential fails the folded check writes nothing.
 */
describe.skipIf(skipDatabase())('the credential check folded into the request', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant();
  });
  afterAll(() => t?.close());

  const get = (token: string, url = '/api/v1/users') => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const createKey = (token: string, role = 'viewer') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: `key ${Math.random()}`, role },
    });
  const refresh = async (refreshToken: string): Promise<string> => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect(response.statusCode).toBe(200);
    return response.json().accessToken;
  };
  const asOwner = (sql: string, params: unknown[]) => t.runtime.db.asOwner((tx) => tx.query(sql, params));
  const count = async (sql: string, params: unknown[]) => Number((await asOwner(sql, params))[0]!.n);
  const sessionOf = async (token: string): Promise<string> => (await t.runtime.identity.tokens.verify(token))!.sessionId;
  const claimsOf = async (token: string) => {
    const claims = (await t.runtime.identity.tokens.verify(token))!;
    return { tenantId: claims.tenantId, userId: claims.userId, sessionId: claims.sessionId, role: claims.role };
  };

  it('the access token carries the role it authorizes with', async () => {
    const member = await t.make.user(tenant, 'member');
    const pair = await t.make.login(member);
    expect(await t.runtime.identity.tokens.verify(pair.accessToken)).toMatchObject({
      role: 'member',
      email: member.email,
      tenantId: tenant.id,
    });
  });

  it('a logout takes effect on the next request', async () => {
    const member = await t.make.user(tenant, 'member');
    const pair = await t.make.login(member);
    expect((await get(pair.accessToken)).statusCode).toBe(200);
    await asOwner(`update sessions set revoked_at = now(), revoke_reason = 'logout' where id = $1`, [await sessionOf(pair.accessToken)]);
    const response = await get(pair.accessToken);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'unauthenticated', message: 'Invalid or expired credentials' });
  });

  it('an expired session fails although its access token has not expired', async () => {
    const pair = await t.make.login(await t.make.user(tenant, 'member'));
    await asOwner(`update sessions set expires_at = now() - interval '1 second' where id = $1`, [await sessionOf(pair.accessToken)]);
    expect((await get(pair.accessToken)).statusCode).toBe(401);
  });

  it('disabling a user takes effect on the next request', async () => {
    const member = await t.make.user(tenant, 'member');
    const token = await t.make.bearer(member);
    expect((await get(token)).statusCode).toBe(200);
    await asOwner('update users set disabled_at = now() where id = $1', [member.id]);
    expect((await get(token)).statusCode).toBe(401);
  });

  it('removing a member takes effect on the next request, and the refused write leaves nothing behind', async () => {
    const member = await t.make.user(tenant, 'member');
    const token = await t.make.bearer(member);
    const ownerToken = await t.make.bearer(tenant.owner);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}`, headers: { authorization: `Bearer ${ownerToken}` } }))
        .statusCode,
    ).toBe(204);
    const keysBefore = await count('select count(*) as n from api_keys where tenant_id = $1', [tenant.id]);
    const auditBefore = await count('select count(*) as n from audit_events where tenant_id = $1', [tenant.id]);
    const response = await createKey(token);
    expect(response.statusCode).toBe(401);
    expect(await count('select count(*) as n from api_keys where tenant_id = $1', [tenant.id])).toBe(keysBefore);
    expect(await count('select count(*) as n from audit_events where tenant_id = $1', [tenant.id])).toBe(auditBefore);
  });

  it('a lowered role ends the token: 401, then the refreshed token gets 403', async () => {
    const member = await t.make.user(tenant, 'member');
    const pair = await t.make.login(member);
    await asOwner(`update memberships set role = 'viewer' where user_id = $1`, [member.id]);
    const keysBefore = await count('select count(*) as n from api_keys where tenant_id = $1', [tenant.id]);
    expect((await createKey(pair.accessToken)).statusCode).toBe(401);
    expect(await count('select count(*) as n from api_keys where tenant_id = $1', [tenant.id])).toBe(keysBefore);
    expect((await createKey(await refresh(pair.refreshToken))).statusCode).toBe(403);
  });

  it('a raised role applies to the next request too: the stale token gets 401 instead of 403, the refreshed one passes', async () => {
    const viewer = await t.make.user(tenant, 'viewer');
    const pair = await t.make.login(viewer);
    expect((await createKey(pair.accessToken)).statusCode).toBe(403);
    await asOwner(`update memberships set role = 'admin' where user_id = $1`, [viewer.id]);
    expect((await createKey(pair.accessToken)).statusCode).toBe(401);
    expect((await createKey(await refresh(pair.refreshToken))).statusCode).toBe(201);
  });

  it('an answer given without any transaction is confirmed before it leaves', async () => {
    const member = await t.make.user(tenant, 'member');
    const token = await t.make.bearer(member);
    // A member asking for an admin key is refused before the database is reached.
    expect((await createKey(token, 'admin')).statusCode).toBe(403);
    await asOwner('update users set disabled_at = now() where id = $1', [member.id]);
    const refused = await createKey(token, 'admin');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthenticated');
  });

  it('a streamed export of a failed credential is a 401, not a file', async () => {
    const member = await t.make.user(tenant, 'member');
    const token = await t.make.bearer(member);
    expect((await get(token, '/api/v1/properties.csv')).statusCode).toBe(200);
    await asOwner(`update sessions set revoked_at = now() where id = $1`, [await sessionOf(token)]);
    const response = await get(token, '/api/v1/properties.csv');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.json().error.code).toBe('unauthenticated');
  });

  describe('in the database layer', () => {
    let user: TestUser;
    let token: string;
    beforeAll(async () => {
      user = await t.make.user(tenant, 'member');
      token = await t.make.bearer(user);
    });
    const ran: string[] = [];
    const insertTenantRow = (check: CredentialCheck, label: string) =>
      check.scope(() =>
        t.runtime.db.withTenant(tenant.id, async (tx) => {
          ran.push(label);
          await tx.query(`insert into audit_events (actor_type, actor_label, action, entity_type) values ('system', 'test', $1, 'test')`, [
            label,
          ]);
        }),
      );
    const written = (label: string) => count('select count(*) as n from audit_events where action = $1', [label]);

    it('a failing folded check aborts the transaction before the callback runs', async () => {
      const check = new CredentialCheck({ ...(await claimsOf(token)), role: 'admin' });
      await expect(insertTenantRow(check, 'folded.failed')).rejects.toMatchObject({ code: 'unauthenticated' });
      expect(ran).not.toContain('folded.failed');
      expect(await written('folded.failed')).toBe(0);
      // Once failed, every later door is shut without asking the database again.
      await expect(check.scope(() => t.runtime.db.withGlobal(async () => ran.push('global.after')))).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      expect(ran).not.toContain('global.after');
    });

    it('two transactions at once both carry the check; both fail, or both run', async () => {
      const stale = new CredentialCheck({ ...(await claimsOf(token)), role: 'viewer' });
      const outcomes = await Promise.allSettled([insertTenantRow(stale, 'both.a'), insertTenantRow(stale, 'both.b')]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect((await written('both.a')) + (await written('both.b'))).toBe(0);
      const good = new CredentialCheck(await claimsOf(token));
      await Promise.all([insertTenantRow(good, 'both.c'), insertTenantRow(good, 'both.d')]);
      expect((await written('both.c')) + (await written('both.d'))).toBe(2);
      expect(good.pending).toBe(false);
    });

    it('another door (withGlobal, another tenant, the owner) first runs the check on its own', async () => {
      const other = await t.make.tenant();
      const doors = {
        global: (fn: () => Promise<unknown>) => t.runtime.db.withGlobal(fn),
        otherTenant: (fn: () => Promise<unknown>) => t.runtime.db.withTenant(other.id, fn),
        owner: (fn: () => Promise<unknown>) => t.runtime.db.asOwner(fn),
        worker: (fn: () => Promise<unknown>) => t.runtime.db.asPlatformWorker(fn),
      };
      for (const [name, door] of Object.entries(doors)) {
        const bad = new CredentialCheck({ ...(await claimsOf(token)), sessionId: '00000000-0000-4000-8000-000000000000' });
        await expect(
          bad.scope(() => door(async () => ran.push(name))),
          name,
        ).rejects.toMatchObject({ code: 'unauthenticated' });
        expect(ran).not.toContain(name);
        const good = new CredentialCheck(await claimsOf(token));
        await good.scope(() => door(async () => ran.push(name)));
        expect(ran).toContain(name);
      }
    });
  });

  describe.runIf(testDbKind() === 'postgres')('round trips on PostgreSQL', () => {
    /** Messages sent to the server (each one round trip) and transactions begun while `fn` runs. */
    async function counted(fn: () => Promise<unknown>): Promise<{ roundTrips: number; transactions: number }> {
      const original = pg.Client.prototype.query;
      let roundTrips = 0;
      let transactions = 0;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        roundTrips++;
        if (typeof args[0] === 'string' && /^begin\b/i.test(args[0])) transactions++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        await fn();
      } finally {
        pg.Client.prototype.query = original;
      }
      return { roundTrips, transactions };
    }

    it('an authenticated read with an access token is one transaction of three round trips', async () => {
      const token = await t.make.bearer(tenant.owner);
      await get(token);
      expect(await counted(async () => expect((await get(token)).statusCode).toBe(200))).toEqual({ roundTrips: 3, transactions: 1 });
    });

    it('an authenticated read with an API key is two transactions of three round trips each', async () => {
      const key = await t.make.apiKey(tenant, 'viewer');
      await get(key.key);
      expect(await counted(async () => expect((await get(key.key)).statusCode).toBe(200))).toEqual({ roundTrips: 6, transactions: 2 });
    });

    it('a request that reaches no tenant transaction pays one round trip for its check', async () => {
      const member = await t.make.user(tenant, 'member');
      const token = await t.make.bearer(member);
      expect(await counted(async () => expect((await createKey(token, 'admin')).statusCode).toBe(403))).toEqual({
        roundTrips: 1,
        transactions: 1,
      });
    });
  });
});

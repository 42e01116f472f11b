import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

describe.skipIf(skipDatabase())('authentication and sessions', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({ loginMaxFailures: 3 });
    tenant = await t.make.tenant();
  });
  afterAll(() => t?.close());

  const refresh = (refreshToken: string, tenantSlug?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken, ...(tenantSlug ? { tenant: tenantSlug } : {}) } });
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  it('signs in and returns a short-lived access token and a refresh token', async () => {
    const pair = await t.make.login(tenant.owner);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: tenant.owner.email.toUpperCase(), password: tenant.owner.password },
    });
    const body = response.json();
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    expect(body.tenant).toMatchObject({ id: tenant.id, slug: tenant.slug, role: 'owner' });
    expect(body.user.email).toBe(tenant.owner.email);
    expect((await me(pair.accessToken)).json().tenant.role).toBe('owner');
  });

  it('rotates the refresh token on every use', async () => {
    const first = await t.make.login(tenant.owner);
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const pair = second.json();
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect((await me(pair.accessToken)).statusCode).toBe(200);
    const third = await refresh(pair.refreshToken);
    expect(third.statusCode).toBe(200);
  });

  it('revokes the whole token family when a used refresh token is presented again', async () => {
    const first = await t.make.login(tenant.owner);
    const rotated = (await refresh(first.refreshToken)).json();
    const reuse = await refresh(first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    // The legitimate holder's newer tokens die with the family.
    expect((await refresh(rotated.refreshToken)).statusCode).toBe(401);
    expect((await me(rotated.accessToken)).statusCode).toBe(401);
    // Other sessions of the same user live on.
    const other = await t.make.login(tenant.owner);
    expect((await me(other.accessToken)).statusCode).toBe(200);
  });

  it('logout ends the session: its access and refresh tokens stop working', async () => {
    const pair = await t.make.login(tenant.owner);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${pair.accessToken}` },
      payload: { refreshToken: pair.refreshToken },
    });
    expect(logout.statusCode).toBe(204);
    expect((await me(pair.accessToken)).statusCode).toBe(401);
    expect((await refresh(pair.refreshToken)).statusCode).toBe(401);
    const ownerToken = await t.make.bearer(tenant.owner);
    const audit = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit-events?action=session.ended',
        headers: { authorization: `Bearer ${ownerToken}` },
      })
    ).json();
    expect(audit.items.filter((e: { after: { reason: string } }) => e.after.reason === 'logout')).toHaveLength(1);
  });

  it('lists sessions and ends one', async () => {
    const a = await t.make.login(tenant.owner);
    const b = await t.make.login(tenant.owner);
    const sessions = (
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { authorization: `Bearer ${a.accessToken}` } })
    ).json().items;
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const bSession = (
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { authorization: `Bearer ${b.accessToken}` } })
    )
      .json()
      .items.find((s: { current: boolean }) => s.current);
    const ended = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${bSession.id}`,
      headers: { authorization: `Bearer ${a.accessToken}` },
    });
    expect(ended.statusCode).toBe(204);
    expect((await me(b.accessToken)).statusCode).toBe(401);
    expect((await me(a.accessToken)).statusCode).toBe(200);
  });

  it('switches tenant through refresh, only into tenants the user belongs to', async () => {
    const second = await t.make.tenant();
    const outsider = await t.make.tenant();
    await t.runtime.db.withTenant(second.id, (tx) =>
      tx.query(`insert into memberships (user_id, role) values ($1, 'viewer')`, [tenant.owner.id]),
    );
    const pair = await t.make.login(tenant.owner, tenant.slug);
    const switched = await refresh(pair.refreshToken, second.slug);
    expect(switched.statusCode).toBe(200);
    expect(switched.json().tenant).toMatchObject({ id: second.id, role: 'viewer' });
    const meNow = (await me(switched.json().accessToken)).json();
    expect(meNow.tenant.id).toBe(second.id);
    expect(meNow.tenants.map((x: { id: string }) => x.id).sort()).toEqual([tenant.id, second.id].sort());
    const denied = await refresh(switched.json().refreshToken, outsider.slug);
    expect(denied.statusCode).toBe(403);
    // A refused switch does not spend the token: the session goes on.
    expect((await refresh(switched.json().refreshToken)).statusCode).toBe(200);
  });

  it('rejects forged, expired-looking and foreign tokens', async () => {
    const pair = await t.make.login(tenant.owner);
    const [header, payload] = pair.accessToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    expect((await me(forged)).statusCode).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    expect((await me(none)).statusCode).toBe(401);
    expect((await me('reos_' + 'a'.repeat(32) + '_' + 'b'.repeat(43))).statusCode).toBe(401);
  });

  it('throttles failed sign-ins per account with 429 and Retry-After, without revealing which emails exist', async () => {
    const victim = await t.make.user(tenant, 'member');
    const attempt = (password: string, ip: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: victim.email, password }, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password', `10.1.0.${i}`)).statusCode).toBe(401);
    const blocked = await attempt(victim.password, '10.1.0.99');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error.code).toBe('rate_limited');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.test', password: 'whatever123' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: tenant.owner.email, password: 'whatever123' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('throttles failed sign-ins per IP across accounts', async () => {
    const ip = '10.2.0.1';
    let last;
    for (let i = 0; i < 31; i++) {
      last = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `guess${i}@example.test`, password: 'guess-guess' },
        remoteAddress: ip,
      });
    }
    expect(last!.statusCode).toBe(429);
    // The legitimate owner from another address is unaffected.
    const fine = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: tenant.owner.email, password: tenant.owner.password },
      remoteAddress: '10.2.0.2',
    });
    expect(fine.statusCode).toBe(200);
  });
});

describe.skipIf(skipDatabase())('roles', () => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant();
  });
  afterAll(() => t?.close());

  it('a viewer can read but not change anything', async () => {
    const viewer = await t.make.user(tenant, 'viewer');
    const token = await t.make.bearer(viewer);
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: auth })).statusCode).toBe(200);
    const attempts = [
      { method: 'POST' as const, url: '/api/v1/api-keys', payload: { name: 'x', role: 'viewer' } },
      { method: 'POST' as const, url: '/api/v1/invitations', payload: { email: 'new@example.test', role: 'viewer' } },
      { method: 'PATCH' as const, url: `/api/v1/users/${tenant.owner.id}`, payload: { role: 'viewer' } },
      { method: 'DELETE' as const, url: `/api/v1/users/${tenant.owner.id}` },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({ ...attempt, headers: auth });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
  });

  it('a viewer API key cannot mutate; an admin key can', async () => {
    const viewerKey = await t.make.apiKey(tenant, 'viewer');
    const adminKey = await t.make.apiKey(tenant, 'admin');
    const create = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: { authorization: `Bearer ${key}` },
        payload: { email: `k${Math.random()}@example.test`, role: 'member' },
      });
    expect((await create(viewerKey.key)).statusCode).toBe(403);
    expect((await create(adminKey.key)).statusCode).toBe(201);
  });

  it('members cannot administer; admins cannot touch owners; the last owner stays', async () => {
    const member = await t.make.user(tenant, 'member');
    const admin = await t.make.user(tenant, 'admin');
    const memberPair = await t.make.login(member);
    const memberToken = memberPair.accessToken;
    const adminToken = await t.make.bearer(admin);
    const ownerToken = await t.make.bearer(tenant.owner);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { authorization: `Bearer ${memberToken}` } })).statusCode,
    ).toBe(403);
    const demoteOwner = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${tenant.owner.id}`,
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { role: 'member' },
    });
    expect(demoteOwner.statusCode).toBe(403);
    const promote = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.id}`,
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { role: 'owner' },
    });
    expect(promote.statusCode).toBe(403);
    const lastOwner = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${tenant.owner.id}`,
      headers: { authorization: `Bearer ${ownerToken}` },
      payload: { role: 'admin' },
    });
    expect(lastOwner.statusCode).toBe(409);
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.id}`,
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { role: 'viewer' },
    });
    expect(changed.json().role).toBe('viewer');
    // The role change applies to the very next request of the changed user: the token
    // that claims the old role is refused, and the one refreshed from it has the new role.
    const createKey = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: 'x', role: 'viewer' },
      });
    expect((await createKey(memberToken)).statusCode).toBe(401);
    const refreshed = (
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: memberPair.refreshToken } })
    ).json();
    expect(refreshed.tenant.role).toBe('viewer');
    expect((await createKey(refreshed.accessToken)).statusCode).toBe(403);
  });

  it('a removed member loses access at once', async () => {
    const member = await t.make.user(tenant, 'member');
    const token = await t.make.bearer(member);
    const ownerToken = await t.make.bearer(tenant.owner);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}`, headers: { authorization: `Bearer ${ownerToken}` } }))
        .statusCode,
    ).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      401,
    );
  });

  it('a revoked API key stops working', async () => {
    const key = await t.make.apiKey(tenant, 'member');
    const ownerToken = await t.make.bearer(tenant.owner);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${key.key}` } })).statusCode).toBe(
      200,
    );
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { authorization: `Bearer ${ownerToken}` } })
    ).json();
    const listed = list.items.find((k: { id: string }) => k.id === key.id);
    expect(listed.prefix).toBe(key.key.slice(0, 13));
    expect(JSON.stringify(list)).not.toContain(key.key);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: { authorization: `Bearer ${ownerToken}` } }))
        .statusCode,
    ).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${key.key}` } })).statusCode).toBe(
      401,
    );
  });
});

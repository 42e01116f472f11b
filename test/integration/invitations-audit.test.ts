import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

describe.skipIf(skipDatabase())('invitations and the audit log', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant();
    auth = { authorization: `Bearer ${await t.make.bearer(tenant.owner)}` };
  });
  afterAll(() => t?.close());

  const tokenOf = (acceptUrl: string) => new URL(acceptUrl).searchParams.get('token')!;

  it('invites a new person, who accepts with a password and is signed in with the invited role', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: auth,
      payload: { email: 'New.Agent@Example.test', role: 'member' },
    });
    expect(created.statusCode).toBe(201);
    const invitation = created.json();
    expect(invitation).toMatchObject({ email: 'new.agent@example.test', role: 'member', status: 'pending' });
    expect(invitation.acceptUrl).toMatch(/^http:\/\/reos\.test\/accept-invite\?token=inv_/);
    const token = tokenOf(invitation.acceptUrl);

    const preview = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/preview?token=${encodeURIComponent(token)}` });
    expect(preview.json()).toEqual({ email: 'new.agent@example.test', role: 'member', tenantName: tenant.name, existingUser: false });

    const short = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: 'short' } });
    expect(short.statusCode).toBe(400);
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, password: 'a long enough password', name: 'New Agent' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().tenant).toMatchObject({ id: tenant.id, role: 'member' });

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, password: 'a long enough password' },
    });
    expect(again.statusCode).toBe(404);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/invitations', headers: auth })).json();
    expect(list.items.find((i: { id: string }) => i.id === invitation.id).status).toBe('accepted');
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('an existing account joins a second tenant only with its current password', async () => {
    const other = await t.make.tenant();
    const otherAuth = { authorization: `Bearer ${await t.make.bearer(other.owner)}` };
    const invitation = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: otherAuth,
        payload: { email: tenant.owner.email, role: 'viewer' },
      })
    ).json();
    const token = tokenOf(invitation.acceptUrl);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/preview?token=${token}` })).json().existingUser).toBe(true);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token, password: tenant.owner.password },
    });
    expect(right.json().tenant).toMatchObject({ id: other.id, role: 'viewer' });
  });

  it('refuses tampered, revoked and duplicate invitations', async () => {
    const invitation = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: auth,
        payload: { email: 'twice@example.test', role: 'viewer' },
      })
    ).json();
    const token = tokenOf(invitation.acceptUrl);
    const tampered = token.slice(0, -4) + 'AAAA';
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/preview?token=${tampered}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/invitations/preview?token=garbage' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/invitations/${invitation.id}`, headers: auth })).statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: 'a long enough password' } }))
        .statusCode,
    ).toBe(404);
    const member = await t.make.user(tenant, 'member');
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: auth,
      payload: { email: member.email, role: 'viewer' },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('records every mutation with actor, entity, diff, request id and IP; filters and pages', async () => {
    const member = await t.make.user(tenant, 'member');
    const change = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.id}`,
      headers: { ...auth, 'x-request-id': 'audit-trace-1' },
      payload: { role: 'admin' },
      remoteAddress: '10.7.7.7',
    });
    expect(change.statusCode).toBe(200);
    const events = (
      await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?entityType=user&entityId=${member.id}`, headers: auth })
    ).json();
    const roleChange = events.items.find((e: { action: string }) => e.action === 'membership.role_changed');
    expect(roleChange).toMatchObject({
      actor: { type: 'user', id: tenant.owner.id, label: tenant.owner.email },
      entityType: 'user',
      entityId: member.id,
      diff: { role: ['member', 'admin'] },
      requestId: 'audit-trace-1',
      ip: '10.7.7.7',
    });

    const key = (
      await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: auth, payload: { name: 'audit me', role: 'viewer' } })
    ).json();
    const byKey = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?action=api_key.created', headers: auth })).json();
    const created = byKey.items.find((e: { entityId: string }) => e.entityId === key.id);
    expect(created.after).toMatchObject({ name: 'audit me', role: 'viewer' });
    expect(JSON.stringify(byKey)).not.toContain(key.key);

    const byActor = (await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?actorId=${tenant.owner.id}`, headers: auth })).json();
    expect(byActor.items.every((e: { actor: { id: string } }) => e.actor.id === tenant.owner.id)).toBe(true);
    const future = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?from=2999-01-01T00:00:00Z', headers: auth })).json();
    expect(future.items).toHaveLength(0);

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: auth })
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?limit=200', headers: auth })).json();
    expect(seen.size).toBe(all.items.length);
  });

  it('an action that fails leaves no audit event and no change', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?limit=200', headers: auth })).json().items.length;
    const denied = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${tenant.owner.id}`,
      headers: auth,
      payload: { role: 'viewer' },
    });
    expect(denied.statusCode).toBe(409);
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?limit=200', headers: auth })).json().items.length;
    expect(after).toBe(before);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/users/${tenant.owner.id}`, headers: auth })).json().role).toBe('owner');
  });
});

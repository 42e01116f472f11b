import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe.skipIf(skipDatabase())('lead capture', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerIpPerMinute: 100_000 });
    tenant = await t.make.tenant('Sunrise Home Buyers');
    token = await t.make.bearer(tenant.owner);
  });
  afterAll(() => t?.close());

  const auth = () => ({ authorization: `Bearer ${token}` });
  const submit = (fields: Record<string, string>, ip = '10.20.0.1', headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/forms/${tenant.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://sunrise.example/sell', ...headers },
      payload: form(fields),
      remoteAddress: ip,
    });

  it('serves a hosted form that other sites may frame, with the consent wording', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/forms/${tenant.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(page.body).toContain('Sunrise Home Buyers may contact me');
    expect(page.body).toContain('name="website"');
    expect((await t.app.inject({ method: 'GET', url: '/forms/no-such-team' })).statusCode).toBe(404);
    const embed = (await t.app.inject({ method: 'GET', url: '/api/v1/lead-form', headers: auth() })).json();
    expect(embed.snippet).toContain(`/forms/${tenant.slug}`);
  });

  it('records a form lead with its consent evidence and files it on the property', async () => {
    const response = await submit({
      name: 'Jane Doe',
      phone: '(213) 373-4253',
      email: 'Jane@Example.com',
      address: '742 Evergreen Terrace',
      city: 'Springfield',
      state: 'IL',
      zip: '62704',
      message: 'Inherited, needs work',
      consent: 'yes',
      website: '',
    });
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('Thank you');
    const leads = (await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: auth() })).json().items;
    expect(leads[0]).toMatchObject({
      source: 'web_form',
      name: 'Jane Doe',
      phone: '+12133734253',
      email: 'jane@example.com',
      address: '742 EVERGREEN TER',
      consentRecorded: true,
    });
    const property = (await t.app.inject({ method: 'GET', url: `/api/v1/properties/${leads[0].propertyId}`, headers: auth() })).json();
    expect(property.lists.map((l: { name: string }) => l.name)).toEqual(['Website leads']);
    expect(property.owners[0].name).toBe('Jane Doe');
    const [consent] = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ consent_text: string; ip: string; page: string; phone: string }>(
        'select consent_text, ip, page, phone from consent_records',
      ),
    );
    expect(consent).toMatchObject({ ip: '10.20.0.1', page: 'https://sunrise.example/sell', phone: '+12133734253' });
    expect(consent!.consent_text).toContain('Consent is not a condition of any purchase');
    // Evidence cannot be edited afterwards.
    await expect(t.runtime.db.withTenant(tenant.id, (tx) => tx.query(`update consent_records set ip = 'x'`))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('merges a lead into the property a list already had, spelled differently', async () => {
    const again = await submit({ name: 'Jane Doe', phone: '213-373-4253', address: '742 EVERGREEN TER', zip: '62704' });
    expect(again.statusCode).toBe(201);
    const leads = (await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: auth() })).json().items;
    expect(leads).toHaveLength(2);
    expect(leads[0].propertyId).toBe(leads[1].propertyId);
    expect(leads[0].consentRecorded).toBe(false);
  });

  it('drops honeypot submissions silently and shows errors in the form', async () => {
    const bot = await submit({ name: 'Bot', phone: '213-373-4253', address: '1 Spam Rd', website: 'http://spam.example' });
    expect(bot.statusCode).toBe(200);
    expect(bot.body).toContain('Thank you');
    const missing = await submit({ name: 'No Contact', address: '5 Quiet Ln' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Please enter a phone number or an email address');
    expect(missing.body).toContain('value="5 Quiet Ln"');
    const noAddress = await submit({ name: 'No Number', email: 'nonumber@example.com', address: 'Quiet Lane' });
    expect(noAddress.statusCode).toBe(400);
    expect(noAddress.body).toContain('property address cannot be read');
    expect(noAddress.body).toContain('value="Quiet Lane"');
    const leads = (await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: auth() })).json().items;
    expect(leads.some((l: { name: string }) => l.name === 'Bot')).toBe(false);
  });

  it('captures a lead with a mistyped phone and a good email, reporting the phone it left out', async () => {
    const own = await t.make.tenant();
    const ownAuth = { authorization: `Bearer ${await t.make.bearer(own.owner)}` };
    const html = await t.app.inject({
      method: 'POST',
      url: `/forms/${own.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ name: 'Bad Phone', phone: '12', email: 'bad.phone@example.com', address: '6 Quiet Ln', zip: '62704' }),
      remoteAddress: '10.40.0.1',
    });
    expect(html.statusCode).toBe(201);
    expect(html.body).toContain('Thank you');
    expect(html.body).toContain('We could not use the phone number &quot;12&quot;');
    const json = await t.app.inject({
      method: 'POST',
      url: `/forms/${own.slug}`,
      headers: { 'content-type': 'application/json' },
      payload: { phone: '(000) 000-0000', email: 'no.name@example.com', address: '7 Quiet Ln', zip: '62704' },
      remoteAddress: '10.40.0.2',
    });
    expect(json.statusCode).toBe(201);
    expect(json.json().warnings).toEqual([
      { field: 'phone', value: '(000) 000-0000', reason: expect.stringContaining('phone is a placeholder') },
    ]);

    const webhook = await t.app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: ownAuth,
      payload: {
        source: 'ppc',
        name: 'Hook Person',
        phone: '(123) 456-7890',
        email: 'hook@example.com',
        address: '8 Quiet Ln',
        zip: '62704',
      },
    });
    expect(webhook.statusCode).toBe(201);
    expect(webhook.json()).toMatchObject({
      newProperty: true,
      warnings: [{ field: 'phone', value: '(123) 456-7890', reason: expect.stringMatching(/not a valid US phone number/) }],
    });
    const leads = (await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: ownAuth })).json().items;
    expect(leads.map((l: { name: string | null; phone: string | null; email: string }) => [l.name, l.phone, l.email])).toEqual([
      ['Hook Person', null, 'hook@example.com'],
      [null, null, 'no.name@example.com'],
      ['Bad Phone', null, 'bad.phone@example.com'],
    ]);
    // The email of a lead without a name is kept with the property's unknown owner.
    const unnamed = (await t.app.inject({ method: 'GET', url: `/api/v1/properties/${leads[1].propertyId}`, headers: ownAuth })).json();
    expect(unnamed.owners).toEqual([expect.objectContaining({ kind: 'unknown', emails: ['no.name@example.com'] })]);

    // Only a lead without a usable property address is refused.
    const nowhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: ownAuth,
      payload: { source: 'ppc', email: 'far@example.com', address: '9 Far St', city: 'Toronto', state: 'Ontario' },
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error).toMatchObject({
      code: 'validation',
      message: 'The lead cannot be used: impossible location: state "Ontario" is not a US state or territory',
    });
  });

  it('rate limits the form per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await submit({ name: 'Flood', email: `f${i}@example.com`, address: `${i} Flood St`, zip: '62701' }, '10.20.9.9')).statusCode,
      );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect((await submit({ name: 'Fine', email: 'fine@example.com', address: '1 Fine St', zip: '62701' }, '10.20.9.8')).statusCode).toBe(
      201,
    );
  });

  it('takes webhook leads with an API key, honouring Idempotency-Key', async () => {
    const key = await t.make.apiKey(tenant, 'member');
    const body = {
      source: 'zillow-ads',
      name: 'Carl Carlson',
      email: 'carl@example.com',
      address: '19 Plant Rd',
      zip: '62704',
      consent: { text: 'I agree to be contacted.', grantedAt: '2026-11-20T15:04:05Z', ip: '203.0.113.9', page: 'https://ads.example/form' },
    };
    const send = (payload: object, idempotencyKey: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/leads',
        headers: { authorization: `Bearer ${key.key}`, 'idempotency-key': idempotencyKey },
        payload,
      });
    const first = await send(body, 'lead-1');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ newProperty: true, consentRecorded: true });
    const replay = await send(body, 'lead-1');
    expect(replay.json()).toEqual(first.json());
    const conflict = await send({ ...body, name: 'Someone Else' }, 'lead-1');
    expect(conflict.statusCode).toBe(409);
    const leads = (await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: auth() })).json().items;
    expect(leads.filter((l: { source: string }) => l.source === 'zillow-ads')).toHaveLength(1);
    const bad = await send({ source: 'x', address: '' }, 'lead-2');
    expect(bad.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/leads', payload: body });
    expect(anonymous.statusCode).toBe(401);
  });

  it('honours Idempotency-Key on the public form too', async () => {
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/forms/${tenant.slug}`,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'form-1' },
        payload: { name: 'Retry Person', email: 'retry@example.com', address: '8 Retry Rd', zip: '62701' },
        remoteAddress: '10.30.0.1',
      });
    const first = await post();
    const second = await post();
    expect(first.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const leads = (await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: auth() })).json().items;
    expect(leads.filter((l: { name: string }) => l.name === 'Retry Person')).toHaveLength(1);
  });
});

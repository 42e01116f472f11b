import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, testDbKind, type TestApp, type TestTenant } from '../support/test-app.js';

/** The uniform error body: `{error: {code, message, details?, requestId}}` and nothing else. */
function expectErrorBody(body: unknown, code: string) {
  const { error } = body as { error: Record<string, unknown> };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(typeof error.requestId).toBe('string');
  expect(Object.keys(error).every((k) => ['code', 'message', 'details', 'requestId'].includes(k))).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // no stack traces
}

/** The status, the uniform body with the given code, and the request id in both the header and the body. */
function expectUniformError(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
): { code: string; message: string; details?: { field: string; message: string }[]; requestId: string } {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as { error: { code: string; message: string; requestId: string } };
  expectErrorBody(body, code);
  expect(response.headers['x-request-id']).toBe(body.error.requestId);
  return body.error;
}

describe.skipIf(skipDatabase())('HTTP contract', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 10_000 });
    tenant = await t.make.tenant();
    token = await t.make.bearer(tenant.owner);
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });

  it('answers malformed JSON with 400 bad_request', async () => {
    const response = await post('/api/v1/api-keys', '{"name": "x", ');
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'bad_request');
  });

  it('answers wrong types with 400 validation naming the field, without coercing', async () => {
    const response = await post('/api/v1/api-keys', { name: 123, role: 'viewer' });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'validation');
    expect(response.json().error.details).toContainEqual({ field: 'name', message: 'must be string' });
  });

  it('rejects unknown fields instead of dropping them', async () => {
    const response = await post('/api/v1/api-keys', { name: 'k', role: 'viewer', admin: true });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'validation');
    expect(response.json().error.details).toContainEqual({ field: 'admin', message: 'is not an allowed field' });
  });

  it('answers a blank key name with 400, not a database error', async () => {
    const response = await post('/api/v1/api-keys', { name: ' \t\n', role: 'viewer' });
    expect(expectUniformError(response, 400, 'validation').details).toEqual([{ field: 'name', message: 'must not be blank' }]);
  });

  it('answers a missing required field and a bad enum value together', async () => {
    const response = await post('/api/v1/invitations', { role: 'emperor' });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toContain('email');
    expect(fields).toContain('role');
  });

  it('answers oversized bodies with 413 payload_too_large', async () => {
    const response = await post('/api/v1/api-keys', { name: 'x'.repeat(20_000), role: 'viewer' });
    expect(response.statusCode).toBe(413);
    expectErrorBody(response.json(), 'payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await post('/api/v1/api-keys', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
    expectErrorBody(response.json(), 'unsupported_media_type');
  });

  it('answers bad query parameters and path ids with 400, not 500', async () => {
    const badLimit = await t.app.inject({ method: 'GET', url: '/api/v1/users?limit=abc', headers: { authorization: `Bearer ${token}` } });
    expect(badLimit.statusCode).toBe(400);
    expectErrorBody(badLimit.json(), 'validation');
    const badId = await t.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: { authorization: `Bearer ${token}` } });
    expect(badId.statusCode).toBe(400);
    const badCursor = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-events?cursor=%%%',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badCursor.statusCode).toBe(400);
  });

  it('answers unknown routes and missing credentials with the same body shape', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expectErrorBody(unknown.json(), 'not_found');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(anonymous.statusCode).toBe(401);
    expectErrorBody(anonymous.json(), 'unauthenticated');
    const garbage = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: 'Bearer nonsense' } });
    expect(garbage.statusCode).toBe(401);
  });

  describe('text no handler should see', () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    it('refuses a NUL byte in a path parameter, also on public routes, before any database query', async () => {
      const form = await post(`/forms/%00`, { name: 'x', address: '1 Main St', email: 'a@example.test' });
      expect(expectUniformError(form, 400, 'validation').details).toEqual([
        { field: 'tenant', message: 'contains a NUL character (U+0000)' },
      ]);
      expectUniformError(await t.app.inject({ method: 'GET', url: '/forms/a%00b' }), 400, 'validation');
    });

    it('refuses NUL bytes and unpaired surrogates in nested body fields, array items and keys', async () => {
      const raw = '{"name":"ok","role":"viewer","nested":{"list":["fine","bad\\u0000"]},"k\\ud800":1}';
      const error = expectUniformError(await post('/api/v1/api-keys', raw), 400, 'validation');
      expect(error.details).toEqual([
        { field: 'k\uFFFD', message: 'is a field name that contains an unpaired UTF-16 surrogate' },
        { field: 'nested.list.1', message: 'contains a NUL character (U+0000)' },
      ]);
      expect(error.message).toContain('nested.list.1');
      const lone = expectUniformError(await post('/api/v1/api-keys', '{"name":"a\\udc00b","role":"viewer"}'), 400, 'validation');
      expect(lone.details).toEqual([{ field: 'name', message: 'contains an unpaired UTF-16 surrogate' }]);
      // A paired surrogate is an ordinary character.
      expect((await post('/api/v1/api-keys', { name: 'house 🏠', role: 'viewer' })).statusCode).toBe(201);
    });

    it('refuses a NUL byte in a form-encoded body and in a query value', async () => {
      const form = await t.app.inject({
        method: 'POST',
        url: `/forms/${tenant.slug}`,
        payload: 'address=1+Main+St&email=a%40example.test&name=x%00y',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(expectUniformError(form, 400, 'validation').details).toEqual([
        { field: 'name', message: 'contains a NUL character (U+0000)' },
      ]);
      const query = expectUniformError(await get('/api/v1/properties?q=a%00'), 400, 'validation');
      expect(query.details).toEqual([{ field: 'q', message: 'contains a NUL character (U+0000)' }]);
    });

    it('answers malformed percent-encoding in the path or the query with 400 bad_request', async () => {
      expectUniformError(await get('/forms/%E0%A4%A'), 400, 'bad_request');
      expectUniformError(await get('/api/v1/users/%ED%A0%80'), 400, 'bad_request');
      expectUniformError(await get('/api/v1/properties?q=100%'), 400, 'bad_request');
      expectUniformError(await get('/api/v1/properties?%ZZ=1'), 400, 'bad_request');
    });

    it('refuses bodies nested deeper than any request needs', async () => {
      const deep = '{"name":"x","role":"viewer","extra":' + '['.repeat(1000) + ']'.repeat(1000) + '}';
      const error = expectUniformError(await post('/api/v1/api-keys', deep), 400, 'validation');
      expect(error.message).toContain('nests deeper than 32 levels');
    });
  });

  it('answers a malformed multipart body with 400 bad_request', async () => {
    const upload = (contentType: string, body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload: body,
      });
    const part = (boundary: string) => `--${boundary}\r\nContent-Disposition: form-data; name="list"\r\n\r\nL\r\n--${boundary}--\r\n`;
    expectUniformError(await upload('multipart/form-data', part('b')), 400, 'bad_request');
    expectUniformError(await upload('multipart/form-data; boundary=b', 'not multipart at all'), 400, 'bad_request');
    expectUniformError(await upload(`multipart/form-data; boundary=${'b'.repeat(300)}`, part('b'.repeat(300))), 400, 'bad_request');
    const truncated = `--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\naddress\n1 Main St`;
    expectUniformError(await upload('multipart/form-data; boundary=b', truncated), 400, 'bad_request');
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    expectUniformError(response, 405, 'method_not_allowed');
    expect(response.headers.allow).toBe('GET, HEAD');
    const login = await t.app.inject({ method: 'GET', url: '/api/v1/auth/login' });
    expectUniformError(login, 405, 'method_not_allowed');
    expect(login.headers.allow).toBe('POST');
    const withParam = await t.app.inject({ method: 'POST', url: `/api/v1/users/${tenant.owner.id}` });
    expect(withParam.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    expectUniformError(await t.app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' }), 404, 'not_found');
  });

  it('answers an over-long path segment with 414 uri_too_long', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${'1'.repeat(101)}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(expectUniformError(response, 414, 'uri_too_long').message).toBe('A path segment is longer than 100 characters');
    expectUniformError(await t.app.inject({ method: 'GET', url: `/forms/${'a'.repeat(5000)}` }), 414, 'uri_too_long');
  });

  it('answers oversized headers and request lines with 431 in the uniform body, from a listening server', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const send = (requestPath: string, headers: Record<string, string>) =>
      new Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, path: requestPath, headers }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body }));
        });
        request.on('error', reject);
        request.end();
      });
    const big = await send('/healthz', { 'x-padding': 'p'.repeat(20_000) });
    expect(expectUniformError(big, 431, 'headers_too_large').requestId).toMatch(/^[0-9a-f-]{36}$/);
    expectUniformError(await send(`/healthz?${'q'.repeat(20_000)}`, {}), 431, 'headers_too_large');
    // The server keeps answering.
    expect((await send('/healthz', {})).statusCode).toBe(200);
  });

  it('echoes a valid X-Request-Id and generates one otherwise', async () => {
    const given = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const unsafe = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\n' } });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { 'x-request-id': 'trace-456' } });
    expect(error.json().error.requestId).toBe('trace-456');
  });

  it('sets security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/users",status="200"\} \d+/);
    expect(metrics).toContain('http_request_duration_seconds_bucket');
    expect(metrics).toContain('db_pool_connections');
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/api-keys',
      '/api/v1/api-keys/{id}',
      '/api/v1/audit-events',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/internal/commands/{name}']).toBeUndefined();
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it.skipIf(testDbKind() === 'postgres')(
    'publishes an OpenAPI document that passes redocly lint, every operation named',
    async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      const operations = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
        Object.values(item),
      );
      expect(operations.length).toBeGreaterThan(40);
      const ids = operations.map((operation) => operation.operationId);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-openapi-'));
      try {
        const file = path.join(dir, 'openapi.json');
        fs.writeFileSync(file, JSON.stringify(doc));
        const cli = path.resolve('node_modules/@redocly/cli/bin/cli.js');
        // The CLI exits non-zero when it finds errors; its JSON report says which.
        const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', '--format=json', file], {
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
          maxBuffer: 64 * 1024 * 1024,
        }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
        const report = JSON.parse(stdout) as {
          problems: { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[];
        };
        const errors = report.problems
          .filter((p) => p.severity === 'error')
          .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
        expect(errors).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, creating nothing new', async () => {
      const headers = { 'idempotency-key': 'create-key-1' };
      const first = await post('/api/v1/api-keys', { name: 'ci', role: 'viewer' }, headers);
      const second = await post('/api/v1/api-keys', { name: 'ci', role: 'viewer' }, headers);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.json()).toEqual(first.json());
      expect(second.headers['idempotent-replayed']).toBe('true');
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { authorization: `Bearer ${token}` } });
      expect(list.json().items.filter((k: { name: string }) => k.name === 'ci')).toHaveLength(1);
    });

    it('answers 409 when the key is reused with a different body', async () => {
      const headers = { 'idempotency-key': 'create-key-2' };
      expect((await post('/api/v1/api-keys', { name: 'a', role: 'viewer' }, headers)).statusCode).toBe(201);
      const reused = await post('/api/v1/api-keys', { name: 'b', role: 'viewer' }, headers);
      expect(reused.statusCode).toBe(409);
      expectErrorBody(reused.json(), 'conflict');
    });

    it('keeps keys per tenant', async () => {
      const other = await t.make.tenant();
      const otherToken = await t.make.bearer(other.owner);
      const headers = { 'idempotency-key': 'shared-key' };
      const mine = await post('/api/v1/api-keys', { name: 'same', role: 'viewer' }, headers);
      const theirs = await post(
        '/api/v1/api-keys',
        { name: 'same', role: 'viewer' },
        { ...headers, authorization: `Bearer ${otherToken}` },
      );
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json().id).not.toBe(mine.json().id);
    });
  });
});

describe.skipIf(skipDatabase())('rate limits', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('answers 429 with Retry-After per IP', async () => {
    t = await createTestApp({ rateLimitPerIpPerMinute: 5, rateLimitPerTenantPerMinute: 1000 });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/users', remoteAddress: '10.9.9.9' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expectErrorBody(limited!.json(), 'rate_limited');
    // Another address is not affected, and probes are never limited.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', remoteAddress: '10.9.9.8' })).statusCode).toBe(401);
    for (let i = 0; i < 8; i++)
      expect((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
  });

  it('answers 429 with Retry-After per tenant, whatever the address', async () => {
    const limitedApp = await createTestApp({ rateLimitPerIpPerMinute: 1000, rateLimitPerTenantPerMinute: 4 });
    try {
      const tenant = await limitedApp.make.tenant();
      const other = await limitedApp.make.tenant();
      const token = await limitedApp.make.bearer(tenant.owner);
      const otherToken = await limitedApp.make.bearer(other.owner);
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const response = await limitedApp.app.inject({
          method: 'GET',
          url: '/api/v1/users',
          remoteAddress: `10.0.0.${i}`,
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const otherResponse = await limitedApp.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${otherToken}` },
      });
      expect(otherResponse.statusCode).toBe(200);
    } finally {
      await limitedApp.close();
    }
  });
});

describe.skipIf(skipDatabase())('CORS', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('allows only the configured origins', async () => {
    t = await createTestApp({ corsOrigins: ['https://crm.example.test'] });
    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/users',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://crm.example.test');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example.test');
    const refused = await preflight('https://evil.example.test');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

import type { Static } from '@sinclair/typebox';
import type { TokenPair } from '../../../src/modules/identity/schema';
import type { ErrorBody } from '../../../src/platform/http/errors';
import { currentAccessToken, endSession, markServerUnreachable, startSession, storedRefreshToken } from './session-store';

type ErrorDetail = Static<typeof ErrorBody>['error'];

/** A failed API call, carrying the uniform error body (or a stand-in when there was none). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, detail: Pick<ErrorDetail, 'code' | 'message'> & Partial<ErrorDetail>) {
    super(detail.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = detail.code;
    this.details = detail.details;
    this.requestId = detail.requestId;
  }
}

type QueryParams = Record<string, string | number | undefined>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  /** Send an Idempotency-Key, so a retried create never creates twice. */
  idempotent?: boolean;
  /** Public routes (login, invitation links) go without a bearer token and never refresh. */
  anonymous?: boolean;
}

const API_BASE = '/api/v1';

/** Calls the API; on a 401 it refreshes the session once and retries. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  // One key for both attempts: the retry after a refresh is the same request.
  const idempotencyKey = options.idempotent ? newIdempotencyKey() : undefined;
  const sentToken = currentAccessToken();
  let response = await send(path, options, idempotencyKey);
  if (response.status === 401 && !options.anonymous && storedRefreshToken()) {
    // Another request may have refreshed meanwhile; only a token still current needs replacing.
    if (currentAccessToken() === sentToken) await refreshSession();
    response = await send(path, options, idempotencyKey);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function send(path: string, options: RequestOptions, idempotencyKey: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const token = options.anonymous ? null : currentAccessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch(`${API_BASE}${path}${queryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { code: 'network', message: 'Cannot reach the server. Check your connection and try again.' });
  }
}

function queryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<Static<typeof ErrorBody>>;
    if (body.error?.message) return new ApiError(response.status, body.error);
  } catch {
    // not JSON: fall through to a generic message
  }
  return new ApiError(response.status, { code: 'http_' + response.status, message: `The server answered ${response.status} ${response.statusText}` });
}

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; a self-hosted install may be served over plain http.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

// Refresh tokens are single use and presenting a spent one ends the session, so
// refreshes never overlap: a plain refresh joins the one in flight, and a tenant
// switch waits for whatever runs before it.
let refreshQueue: Promise<unknown> = Promise.resolve();
let plainRefreshInFlight: Promise<void> | null = null;

/** Exchanges the refresh token for a new token pair, optionally switching to another tenant (slug or id). */
export function refreshSession(tenant?: string): Promise<void> {
  if (tenant === undefined && plainRefreshInFlight) return plainRefreshInFlight;
  const run = refreshQueue.catch(() => undefined).then(() => withRefreshLock(() => exchangeRefreshToken(tenant)));
  refreshQueue = run;
  if (tenant === undefined) {
    plainRefreshInFlight = run;
    const clear = () => {
      if (plainRefreshInFlight === run) plainRefreshInFlight = null;
    };
    run.then(clear, clear);
  }
  return run;
}

/** Other tabs share the refresh token in localStorage, so they take turns too (where Web Locks exist). */
async function withRefreshLock(task: () => Promise<void>): Promise<void> {
  if (!('locks' in navigator)) return task();
  await navigator.locks.request('reos.refresh', task);
}

async function exchangeRefreshToken(tenant: string | undefined): Promise<void> {
  // Read inside the lock: another tab may have just replaced it.
  const refreshToken = storedRefreshToken();
  if (!refreshToken) {
    endSession();
    throw new ApiError(401, { code: 'unauthenticated', message: 'You are signed out' });
  }
  let response: Response;
  try {
    response = await send('/auth/refresh', { method: 'POST', body: { refreshToken, tenant }, anonymous: true }, undefined);
  } catch (error) {
    markServerUnreachable((error as ApiError).message);
    throw error;
  }
  if (response.ok) {
    startSession((await response.json()) as TokenPair);
    return;
  }
  const error = await errorOf(response);
  // A rejected refresh has spent or voided the token: the session is over.
  if (response.status < 500 && response.status !== 429) endSession();
  else markServerUnreachable(error.message);
  throw error;
}

/** On page load: a stored refresh token gets a fresh access token; without one, the user is signed out. */
export async function restoreSession(): Promise<void> {
  if (!storedRefreshToken()) {
    endSession();
    return;
  }
  // The outcome is the session state refreshSession leaves behind.
  await refreshSession().catch(() => undefined);
}

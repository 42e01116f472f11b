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

type QueryParams = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  /** Sent as JSON, except FormData, which goes as multipart/form-data. */
  body?: unknown;
  /** Send an Idempotency-Key, so a retried create never creates twice. */
  idempotent?: boolean;
  /** Public routes (login, invitation links) go without a bearer token and never refresh. */
  anonymous?: boolean;
  /** Called with the share of the body sent so far (0 to 1), for large uploads. */
  onUploadProgress?: (fraction: number) => void;
}

const API_BASE = '/api/v1';

/** Calls the API; on a 401 it refreshes the session once and retries. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sendWithSession(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Fetches a file the API generates (CSV exports). A plain link would go without
 * the bearer token, so the file comes through here and is saved from memory.
 */
export async function apiDownload(
  path: string,
  options: Pick<RequestOptions, 'query'> = {},
): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await sendWithSession(path, options);
  const disposition = response.headers.get('content-disposition') ?? '';
  return { blob: await response.blob(), fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
}

async function sendWithSession(path: string, options: RequestOptions): Promise<Response> {
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
  return response;
}

async function send(path: string, options: RequestOptions, idempotencyKey: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const isForm = options.body instanceof FormData;
  // The browser sets multipart's content type itself, with the boundary.
  if (options.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const token = options.anonymous ? null : currentAccessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const url = `${API_BASE}${path}${queryString(options.query)}`;
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
  };
  try {
    return options.onUploadProgress ? await sendWithUploadProgress(url, init, options.onUploadProgress) : await fetch(url, init);
  } catch {
    throw new ApiError(0, { code: 'network', message: 'Cannot reach the server. Check your connection and try again.' });
  }
}

/** fetch cannot report upload progress; XMLHttpRequest can. The answer is wrapped as a Response. */
function sendWithUploadProgress(url: string, init: RequestInit, onProgress: (fraction: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(init.method ?? 'GET', url);
    for (const [name, value] of Object.entries(init.headers as Record<string, string>)) request.setRequestHeader(name, value);
    request.responseType = 'blob';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      // A Response can only carry a final status; anything else counts as a failed request.
      if (request.status < 200 || request.status > 599) return reject(new TypeError(`unexpected status ${request.status}`));
      const headers = new Headers();
      for (const line of request
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const separator = line.indexOf(':');
        if (separator > 0) headers.append(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
      }
      const hasBody = ![204, 205, 304].includes(request.status);
      resolve(
        new Response(hasBody ? (request.response as Blob) : null, { status: request.status, statusText: request.statusText, headers }),
      );
    };
    request.onerror = request.onabort = request.ontimeout = () => reject(new TypeError('network error'));
    request.send(init.body as XMLHttpRequestBodyInit | null);
  });
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
  return new ApiError(response.status, {
    code: 'http_' + response.status,
    message: `The server answered ${response.status} ${response.statusText}`,
  });
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

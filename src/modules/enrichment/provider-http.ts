import { ProviderError } from './resilient-call.js';

/**
 * One GET of a JSON document with Node's fetch, cancelled through `signal`.
 * Network failures are transient; the status is left to the caller, because
 * providers say "not found" in different ways. Headers (which may carry a key)
 * never appear in an error.
 */
export async function getJson(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal, redirect: 'error' });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ProviderError(`network error: ${cause?.code ?? cause?.message ?? (error as Error).message}`, true);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  } catch {
    if (!response.ok) throw httpFailure(response.status);
    throw new ProviderError(`HTTP ${response.status} with a body that is not JSON`, false);
  }
}

/** Timeouts, throttling and server errors may pass; other refusals will not. */
export function httpFailure(status: number, detail?: string): ProviderError {
  return new ProviderError(`HTTP ${status}${detail ? `: ${detail.slice(0, 200)}` : ''}`, status === 408 || status === 429 || status >= 500);
}

/** A number the provider gave, or undefined for absent, non-numeric or out-of-range values. */
export function numberIn(value: unknown, min: number, max: number): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= min && number <= max ? number : undefined;
}

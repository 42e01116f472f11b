import type { TokenPair } from '../../../src/modules/identity/schema';

const REFRESH_TOKEN_KEY = 'reos.refreshToken';

export type SessionState =
  | { status: 'starting' }
  | { status: 'signed-out' }
  /** A refresh token is kept but the server could not be reached to use it. */
  | { status: 'unreachable'; reason: string }
  | { status: 'signed-in'; user: TokenPair['user']; tenant: TokenPair['tenant'] };

// The access token lives only in memory so that a page script injected later cannot
// read it from storage; the refresh token must survive reloads.
let accessToken: string | null = null;
let state: SessionState = { status: 'starting' };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function getSessionState(): SessionState {
  return state;
}

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentAccessToken(): string | null {
  return accessToken;
}

export function storedRefreshToken(): string | null {
  return localStorage.getItem(REFRESH_TOKEN_KEY);
}

/** Adopts the tokens of a login, refresh or accepted invitation. */
export function startSession(pair: TokenPair): void {
  accessToken = pair.accessToken;
  // Stored at once: the previous refresh token is already spent.
  localStorage.setItem(REFRESH_TOKEN_KEY, pair.refreshToken);
  setState({ status: 'signed-in', user: pair.user, tenant: pair.tenant });
}

export function endSession(): void {
  accessToken = null;
  localStorage.removeItem(REFRESH_TOKEN_KEY);
  setState({ status: 'signed-out' });
}

export function markServerUnreachable(reason: string): void {
  accessToken = null;
  setState({ status: 'unreachable', reason });
}

// Signing out in one tab signs out every tab.
window.addEventListener('storage', (event) => {
  if (event.key === REFRESH_TOKEN_KEY && event.newValue === null && state.status === 'signed-in') {
    accessToken = null;
    setState({ status: 'signed-out' });
  }
});

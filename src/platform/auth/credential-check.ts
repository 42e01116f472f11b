import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../http/errors.js';
import type { Role } from './principal.js';

/** What a signed access token claims; the database still has to confirm it. */
export interface SessionClaims {
  tenantId: string;
  userId: string;
  sessionId: string;
  role: Role;
}

/** The SQLSTATE reos_assert_session raises (migrations/0012_credential_check.sql). */
export const CREDENTIAL_REJECTED = 'RE401';

export const credentialRejected = () => new AppError('unauthenticated', 'Invalid or expired credentials');

export function isRejection(error: unknown): boolean {
  return error instanceof AppError && error.code === 'unauthenticated';
}

const scope = new AsyncLocalStorage<CredentialCheck>();

/**
 * The database half of one request's authentication: the session must be live, the
 * user enabled and still a member of the tenant in the claimed role. It runs once per
 * request, inside the request's first transaction of the claimed tenant where it can
 * (so it costs no round trip of its own), and on its own before anything else touches
 * the database or any answer leaves. See Database.withTenant and registerAuthentication.
 */
export class CredentialCheck {
  private state: 'pending' | 'passed' | 'failed' = 'pending';
  private alone: Promise<void> | undefined;

  constructor(readonly claims: SessionClaims) {}

  get pending(): boolean {
    return this.state === 'pending';
  }

  passed(): void {
    if (this.state === 'pending') this.state = 'passed';
  }

  failed(): void {
    this.state = 'failed';
  }

  /**
   * Settles the check with `run` (the check on its own) unless it is settled already;
   * callers at the same time share one run. `run` runs outside the request's scope, so
   * the database does not wait on the very check it runs. A failure other than a
   * rejection (the database is down) leaves the check pending.
   */
  settle(run: () => Promise<void>): Promise<void> {
    if (this.state === 'passed') return Promise.resolve();
    if (this.state === 'failed') return Promise.reject(credentialRejected());
    this.alone ??= scope.exit(run).then(
      () => this.passed(),
      (error: unknown) => {
        this.alone = undefined;
        if (isRejection(error)) this.failed();
        throw error;
      },
    );
    return this.alone;
  }

  /** Runs `fn`, and everything it starts, as part of the request this check belongs to. */
  scope<T>(fn: () => T): T {
    return scope.run(this, fn);
  }
}

/** The check of the request the calling code runs for, if any. */
export function requestCredentialCheck(): CredentialCheck | undefined {
  return scope.getStore();
}

import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';

/**
 * Failed-login throttling per account and per IP (NIST SP 800-63B §5.2.2): after
 * too many failures in a window the key is refused until the window ends, instead
 * of a permanent lockout an attacker could use against the owner. Kept in the
 * database so every API process sees the same counts.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Database,
    private readonly maxFailures: number,
    private readonly windowSeconds: number,
  ) {}

  /** One IP may fail for many accounts (a shared office), so it gets ten times the allowance. */
  private limits(email: string, ip: string): [string, number][] {
    return [
      [`account:${email}`, this.maxFailures],
      [`ip:${ip}`, this.maxFailures * 10],
    ];
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.limits(email, ip).map(([key]) => key);
    const [row] = await this.db.withGlobal((tx) =>
      tx.query<{ retry_after: number }>(
        `select ceil(extract(epoch from max(blocked_until) - now()))::int as retry_after
           from auth_throttle where key = any($1) and blocked_until > now()`,
        [keys],
      ),
    );
    if (row?.retry_after && row.retry_after > 0) {
      throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${row.retry_after} s`, undefined, row.retry_after);
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.db.withGlobal(async (tx) => {
      for (const [key, max] of this.limits(email, ip)) {
        await tx.query(
          `insert into auth_throttle as t (key, failures, window_started_at) values ($1, 1, now())
           on conflict (key) do update set
             failures = case when t.window_started_at < now() - make_interval(secs => $2) then 1 else t.failures + 1 end,
             window_started_at = case when t.window_started_at < now() - make_interval(secs => $2) then now() else t.window_started_at end`,
          [key, this.windowSeconds],
        );
        await tx.query(
          `update auth_throttle set blocked_until = window_started_at + make_interval(secs => $2)
            where key = $1 and failures >= $3`,
          [key, this.windowSeconds, max],
        );
      }
    });
  }

  async recordSuccess(email: string): Promise<void> {
    await this.db.withGlobal((tx) => tx.query('delete from auth_throttle where key = $1', [`account:${email}`]));
  }
}

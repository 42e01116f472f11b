import type { Tx } from '../../platform/db/database.js';

export interface Budgets {
  /** US dollars per UTC day; null: no cap. */
  daily: number | null;
  monthly: number | null;
}

export interface Spend {
  today: number;
  thisMonth: number;
}

/** Money is counted in ten-thousandths of a dollar (the precision of provider_calls.cost), so sums do not drift. */
const units = (dollars: number) => Math.round(dollars * 10_000);
const dollars = (amount: number) => `$${amount.toFixed(2)}`;

/**
 * The budgets, as a slice of calls is reserved: each paid call takes its cost
 * from what is left today and this month, or is refused with the budget it would break.
 */
export class SpendingLimit {
  private today: number;
  private thisMonth: number;

  constructor(
    private readonly budgets: Budgets,
    spent: Spend,
  ) {
    this.today = units(spent.today);
    this.thisMonth = units(spent.thisMonth);
  }

  /** Reserves the cost, or says which budget it would break. */
  reserve(cost: number): { ok: true } | { ok: false; reason: string } {
    const amount = units(cost);
    if (amount === 0) return { ok: true };
    if (this.budgets.daily !== null && this.today + amount > units(this.budgets.daily)) {
      return { ok: false, reason: `the daily budget of ${dollars(this.budgets.daily)} is spent` };
    }
    if (this.budgets.monthly !== null && this.thisMonth + amount > units(this.budgets.monthly)) {
      return { ok: false, reason: `the monthly budget of ${dollars(this.budgets.monthly)} is spent` };
    }
    this.today += amount;
    this.thisMonth += amount;
    return { ok: true };
  }
}

export interface ProviderSpend extends Spend {
  provider: string;
  callsToday: number;
}

/** What each provider's calls cost today and this month (UTC), in dollars, calls reserved and in flight included. */
export async function spendByProvider(tx: Tx): Promise<ProviderSpend[]> {
  const rows = await tx.query<{ provider: string; today: number; this_month: number; calls_today: number }>(
    `select provider, coalesce(sum(cost) filter (where called_at >= date_trunc('day', now(), 'UTC')), 0)::float8 as today,
            coalesce(sum(cost), 0)::float8 as this_month,
            (count(*) filter (where called_at >= date_trunc('day', now(), 'UTC')))::int as calls_today
       from provider_calls where called_at >= date_trunc('month', now(), 'UTC') group by provider`,
  );
  return rows.map((row) => ({ provider: row.provider, today: row.today, thisMonth: row.this_month, callsToday: row.calls_today }));
}

/** What all of the tenant's provider calls cost today and this month: what the budgets are held against. */
export async function spendOf(tx: Tx): Promise<Spend> {
  const spend = await spendByProvider(tx);
  return { today: spend.reduce((sum, row) => sum + row.today, 0), thisMonth: spend.reduce((sum, row) => sum + row.thisMonth, 0) };
}

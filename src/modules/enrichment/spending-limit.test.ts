import { describe, expect, it } from 'vitest';
import { SpendingLimit } from './spending-limit.js';

describe('SpendingLimit', () => {
  it('lets calls through until the daily budget would be exceeded', () => {
    const limit = new SpendingLimit({ daily: 1, monthly: null }, { today: 0.2, thisMonth: 5 });
    expect(limit.reserve(0.4)).toEqual({ ok: true });
    expect(limit.reserve(0.4)).toEqual({ ok: true });
    expect(limit.reserve(0.4)).toEqual({ ok: false, reason: 'the daily budget of $1.00 is spent' });
  });

  it('checks the monthly budget too', () => {
    const limit = new SpendingLimit({ daily: 100, monthly: 10 }, { today: 0, thisMonth: 9.9 });
    expect(limit.reserve(0.1)).toEqual({ ok: true });
    expect(limit.reserve(0.1)).toEqual({ ok: false, reason: 'the monthly budget of $10.00 is spent' });
  });

  it('counts without float drift', () => {
    const limit = new SpendingLimit({ daily: 0.3, monthly: null }, { today: 0, thisMonth: 0 });
    expect(limit.reserve(0.1).ok && limit.reserve(0.1).ok && limit.reserve(0.1).ok).toBe(true);
    expect(limit.reserve(0.1).ok).toBe(false);
  });

  it('never stops free calls, and has no cap without budgets', () => {
    expect(new SpendingLimit({ daily: 0, monthly: 0 }, { today: 3, thisMonth: 3 }).reserve(0)).toEqual({ ok: true });
    const uncapped = new SpendingLimit({ daily: null, monthly: null }, { today: 1e6, thisMonth: 1e6 });
    expect(uncapped.reserve(50)).toEqual({ ok: true });
  });
});

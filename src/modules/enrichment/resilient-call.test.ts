import { describe, expect, it } from 'vitest';
import { ProviderError, ResilientCaller, type ResilienceOptions } from './resilient-call.js';

const fast: ResilienceOptions = { timeoutMs: 50, retries: 2, backoffMs: 1, breakerFailures: 5, breakerResetMs: 60_000 };

/** Fails `times` times with the error, then answers. */
function flaky(times: number, error: () => Error) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    attempt: async () => {
      calls++;
      if (calls <= times) throw error();
      return 'answer';
    },
  };
}

describe('ResilientCaller', () => {
  it('retries transient failures and counts the attempts', async () => {
    const provider = flaky(2, () => new ProviderError('HTTP 503', true));
    const result = await new ResilientCaller(fast).call(provider.attempt);
    expect(result).toMatchObject({ ok: true, value: 'answer', attempts: 3 });
  });

  it('gives up after the last retry with the last error', async () => {
    const provider = flaky(10, () => new ProviderError('HTTP 500', true));
    const result = await new ResilientCaller(fast).call(provider.attempt);
    expect(result).toMatchObject({ ok: false, outcome: 'error', error: 'HTTP 500', attempts: 3 });
    expect(provider.calls).toBe(3);
  });

  it('does not retry a permanent failure', async () => {
    const provider = flaky(10, () => new ProviderError('HTTP 401', false));
    const result = await new ResilientCaller(fast).call(provider.attempt);
    expect(result).toMatchObject({ ok: false, outcome: 'error', attempts: 1 });
  });

  it('times out a call that never answers, and retries it', async () => {
    const caller = new ResilientCaller({ ...fast, retries: 1 });
    const aborted: boolean[] = [];
    const result = await caller.call(
      (signal) =>
        new Promise<string>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push(true);
            reject(new Error('aborted'));
          });
        }),
    );
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', attempts: 2 });
    // The attempt's signal is aborted, so the request behind it is cancelled too.
    expect(aborted).toHaveLength(2);
  });

  it('opens the circuit after consecutive failures and refuses calls at once', async () => {
    const caller = new ResilientCaller({ ...fast, retries: 0, breakerFailures: 3, breakerResetMs: 50 });
    const provider = flaky(3, () => new ProviderError('HTTP 502', true));
    for (let i = 0; i < 3; i++) expect(await caller.call(provider.attempt)).toMatchObject({ ok: false, outcome: 'error' });
    expect(caller.breakerState).toBe('open');
    expect(await caller.call(provider.attempt)).toMatchObject({ ok: false, outcome: 'circuit_open', attempts: 0 });
    expect(provider.calls).toBe(3);
    // After the pause one call is let through; its success closes the circuit.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await caller.call(provider.attempt)).toMatchObject({ ok: true, attempts: 1 });
    expect(caller.breakerState).toBe('closed');
  });

  it('leaves the circuit closed when permanent failures repeat', async () => {
    const caller = new ResilientCaller({ ...fast, breakerFailures: 2 });
    const provider = flaky(10, () => new ProviderError('HTTP 400', false));
    for (let i = 0; i < 4; i++) await caller.call(provider.attempt);
    expect(caller.breakerState).toBe('closed');
  });
});

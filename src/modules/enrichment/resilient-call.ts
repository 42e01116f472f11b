import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
} from 'cockatiel';

/** A provider's failure. Transient ones (timeouts, 5xx, 429, network) are retried and count towards the breaker. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface ResilienceOptions {
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; later ones grow exponentially with decorrelated jitter, up to 30 s. */
  backoffMs: number;
  /** Consecutive transient failures that open the circuit. */
  breakerFailures: number;
  /** How long an open circuit refuses calls before one test call is let through. */
  breakerResetMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export type CallResult<T> =
  | { ok: true; value: T; attempts: number; durationMs: number }
  | { ok: false; outcome: 'error' | 'timeout' | 'circuit_open'; error: string; attempts: number; durationMs: number };

const isTransient = (error: Error) =>
  error instanceof TaskCancelledError || (!(error instanceof BrokenCircuitError) && !(error instanceof ProviderError && !error.transient));

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

/**
 * One provider's calls, each bounded by a timeout, retried with jittered
 * exponential backoff, behind a circuit breaker shared by every call to that
 * provider in this process: when the provider keeps failing, calls are refused
 * at once instead of piling up on it. Never throws: the result says what happened.
 */
export class ResilientCaller {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy;

  constructor(private readonly options: ResilienceOptions) {
    const transient = handleWhen(isTransient);
    this.breaker = circuitBreaker(transient, {
      halfOpenAfter: options.breakerResetMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    const retries = retry(transient, {
      maxAttempts: options.retries,
      backoff: new ExponentialBackoff({ initialDelay: options.backoffMs, maxDelay: 30_000 }),
    });
    // Outermost first: every attempt passes the breaker, and each attempt has its own timeout.
    this.policy = wrap(retries, this.breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
  }

  get breakerState(): BreakerState {
    return BREAKER_STATES[this.breaker.state];
  }

  async call<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<CallResult<T>> {
    let attempts = 0;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const value = await this.policy.execute(({ signal }) => {
        attempts++;
        // The request aborted by the timeout may reject first: it is still a timeout, and transient.
        return attempt(signal).catch((error: unknown) => {
          throw signal.aborted ? new TaskCancelledError() : error;
        });
      });
      return { ok: true, value, attempts, durationMs: elapsed() };
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        return {
          ok: false,
          outcome: 'circuit_open',
          error: 'circuit open: the provider kept failing, calls are paused',
          attempts,
          durationMs: elapsed(),
        };
      }
      if (error instanceof TaskCancelledError) {
        return { ok: false, outcome: 'timeout', error: `no answer within ${this.options.timeoutMs} ms`, attempts, durationMs: elapsed() };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, outcome: 'error', error: message.slice(0, 500), attempts, durationMs: elapsed() };
    }
  }
}

import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * The retry strategy of every client. The SDK's standard and adaptive strategies share a token bucket per client
 * (500 tokens, 5 per throttling retry): a long scan that meets a run of throttling stops retrying altogether,
 * silently. This one retries every retryable failure up to `maxAttempts`, with exponential backoff and full
 * jitter (the SDK's bases: 100 ms, 500 ms for throttling, at most 20 s), honours Retry-After, and, as the
 * adaptive mode does, holds back the client's new calls while it is being throttled.
 */

export interface RetryOptions {
  readonly maxAttempts: number;
  /** The wait before retry `attempt` (1 for the first retry); the tests make it short. */
  readonly delay?: (attempt: number, throttled: boolean) => number;
}

const BASE_MS = 100;
const THROTTLE_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;

export function backoff(attempt: number, throttled: boolean): number {
  const base = throttled ? THROTTLE_BASE_MS : BASE_MS;
  return Math.floor(Math.random() * Math.min(MAX_DELAY_MS, base * 2 ** attempt));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function token(retries: number): RetryToken {
  return { getRetryCount: () => retries, getRetryDelay: () => 0 };
}

export class ScanRetryStrategy implements RetryStrategyV2 {
  /** While throttled, new calls of the client wait until this instant. */
  private calmUntil = 0;

  constructor(private readonly options: RetryOptions) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    const wait = this.calmUntil - Date.now();
    if (wait > 0) await sleep(wait);
    return token(0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount() + 1;
    if (info.errorType === 'CLIENT_ERROR' || retries >= this.options.maxAttempts)
      throw info.error ?? new Error('not retryable');
    const throttled = info.errorType === 'THROTTLING';
    let wait = (this.options.delay ?? backoff)(retries, throttled);
    if (info.retryAfterHint !== undefined)
      wait = Math.max(wait, Math.min(MAX_DELAY_MS, info.retryAfterHint.getTime() - Date.now()));
    if (throttled) this.calmUntil = Math.max(this.calmUntil, Date.now() + wait);
    await sleep(wait);
    return token(retries);
  }

  recordSuccess(): void {
    // Nothing to refund: there is no bucket.
  }
}

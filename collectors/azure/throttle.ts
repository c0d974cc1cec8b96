import type { AzureScanOptions } from './options.js';

type Policy = NonNullable<AzureScanOptions['additionalPolicies']>[number]['policy'];

const RETRY_AFTER = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms'];
const MAX_DELAY_MS = 60_000;

/**
 * The SDK retries a 429 only when it names a Retry-After; ARM throttles without one too. This policy, outside the
 * SDK's own retry, retries such a 429 with exponential backoff (`baseDelayMs` doubled per attempt).
 */
export function bareThrottleRetry(maxRetries: number, baseDelayMs: number): Policy {
  return {
    name: 'threatgraphBareThrottleRetry',
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt++) {
        const response = await next(request);
        const named = RETRY_AFTER.some((h) => response.headers.has(h));
        if (response.status !== 429 || named || attempt >= maxRetries) return response;
        await sleep(Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** attempt));
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

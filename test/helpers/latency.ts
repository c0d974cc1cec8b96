import { performance } from 'node:perf_hooks';

/**
 * The fakes' latency is the reply time of a call, counted from the request's arrival, as a cloud API's latency
 * is: the fake's own work (routing, building and serializing a page) happens inside it, and only the rest is
 * waited. A fake on a loaded two-core machine otherwise adds its CPU to every call and the benches' ideal
 * (calls × latency ÷ concurrency) measures the fake as much as the collector.
 */
export async function untilReplyTime(arrivedAt: number, latencyMs: number): Promise<void> {
  const rest = latencyMs - (performance.now() - arrivedAt);
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
}

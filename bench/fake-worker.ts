/**
 * The fake AWS of the live benchmark, in a worker thread so that its request handling does not share the
 * collector's event loop. Posts its URL once listening; on "stop", posts its call log and stops.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FakeOrg } from '../test/fake-aws/fixture.js';
import { FakeAws } from '../test/fake-aws/server.js';

const data = workerData as { org: FakeOrg; latencyMs: number; pageSize: number };
const fake = new FakeAws(data.org);
fake.latencyMs = data.latencyMs;
fake.pageSize = data.pageSize;
await fake.start();
parentPort?.postMessage({ url: fake.url });
parentPort?.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  const out = { log: fake.log, maxInFlight: fake.maxInFlight };
  void fake.stop().then(() => parentPort?.postMessage(out));
});

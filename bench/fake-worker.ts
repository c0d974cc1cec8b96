/**
 * The fake cloud of a live benchmark, in a worker thread so that its request handling does not share the
 * collector's event loop. Posts its URL once listening; on "stop", posts its call log and stops.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FakeOrg } from '../test/fake-aws/fixture.js';
import { FakeAws } from '../test/fake-aws/server.js';
import type { TestCertificate } from '../test/fake-azure/cert.js';
import { FakeAzure, type FakeTenant } from '../test/fake-azure/server.js';
import { FakeGcp, type FakeProject } from '../test/fake-gcp/server.js';

export type FakeWorkerData = { latencyMs: number; pageSize: number } & (
  | { cloud: 'aws'; org: FakeOrg }
  | { cloud: 'azure'; tenant: FakeTenant; certificate: TestCertificate }
  | { cloud: 'gcp'; projects: Record<string, FakeProject> }
);

const data = workerData as FakeWorkerData;
const fake =
  data.cloud === 'aws'
    ? new FakeAws(data.org)
    : data.cloud === 'azure'
      ? new FakeAzure(data.tenant, data.certificate)
      : new FakeGcp(data.projects);
fake.latencyMs = data.latencyMs;
fake.pageSize = data.pageSize;
await fake.start();
parentPort?.postMessage({ url: fake.url });
parentPort?.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  const out = { log: fake.log, maxInFlight: fake.maxInFlight };
  void fake.stop().then(() => parentPort?.postMessage(out));
});

import { afterAll, beforeAll } from 'vitest';
import type { GcpScanOptions } from '../../collectors/gcp/options.js';
import { collectGcp } from '../../collectors/gcp/index.js';
import type { Inventory } from '../../src/model/index.js';
import { fakeGcpOptions } from './client.js';
import type { FakeGcp } from './server.js';

/**
 * Starts the fake `setup` builds before the file's tests, scans it once with `more`, and stops it after them.
 * Reading `fake` or `inv` before that `beforeAll` ran (e.g. at module level) throws. Kept apart from client.ts,
 * which the live GCP bench imports outside vitest.
 */
export function scannedFake(
  setup: () => FakeGcp,
  more: Partial<GcpScanOptions> = {},
): { readonly fake: FakeGcp; readonly inv: Inventory } {
  let fake: FakeGcp | undefined;
  let inv: Inventory | undefined;
  // The 60 s bound: the first scan builds every client, which takes seconds of CPU on a loaded machine.
  beforeAll(async () => {
    fake = setup();
    await fake.start();
    inv = await collectGcp(fakeGcpOptions(fake, more));
  }, 60_000);
  afterAll(async () => {
    await fake?.stop();
  });
  return {
    get fake(): FakeGcp {
      if (fake === undefined) throw new Error('scannedFake: the fake is read before its beforeAll ran');
      return fake;
    },
    get inv(): Inventory {
      if (inv === undefined) throw new Error('scannedFake: the scan is read before its beforeAll ran');
      return inv;
    },
  };
}

import { OAuth2Client } from 'google-auth-library';
import type { GcpScanOptions } from '../../collectors/gcp/options.js';
import { collectGcp } from '../../collectors/gcp/index.js';
import type { Inventory } from '../../src/model/index.js';
import { FAKE_TOKEN, type Fault, type FakeGcp } from './server.js';

/**
 * A fixed-token auth client: it hands out the fake's token and never looks for credentials or the metadata
 * server. The REST fallback builds every URL from the one endpoint given, so no request can leave 127.0.0.1.
 */
export function fixedTokenClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: FAKE_TOKEN, expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** Scan options that read the fake with the fixed-token client and retry after 1 ms. */
export function fakeGcpOptions(
  fake: Pick<FakeGcp, 'url' | 'projects'>,
  more: Partial<GcpScanOptions> = {},
): GcpScanOptions {
  return {
    projects: Object.keys(fake.projects),
    locations: ['europe-west4'],
    authClient: fixedTokenClient(),
    apiEndpoint: fake.url,
    maxRetries: 2,
    retryDelayMs: 1,
    ...more,
  };
}

/** A scan of the fake with `faults` injected (and the call log cleared first); the faults are gone after. */
export async function collectWithFaults(
  fake: FakeGcp,
  faults: readonly Fault[],
  more: Partial<GcpScanOptions> = {},
): Promise<Inventory> {
  fake.log.length = 0;
  fake.faults.length = 0;
  fake.faults.push(...faults);
  try {
    return await collectGcp(fakeGcpOptions(fake, more));
  } finally {
    fake.faults.length = 0;
  }
}

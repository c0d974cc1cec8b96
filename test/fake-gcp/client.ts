import { OAuth2Client } from 'google-auth-library';
import type { GcpScanOptions } from '../../collectors/gcp/options.js';
import { FAKE_TOKEN, type FakeGcp } from './server.js';

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

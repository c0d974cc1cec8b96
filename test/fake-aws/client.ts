import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MiddlewareStack } from '@smithy/types';
import type { AwsScanOptions, ConfigurableClient } from '../../collectors/aws/options.js';
import type { FakeAws } from './server.js';

/**
 * The SDK reads AWS_* variables and ~/.aws/config whenever an option is not set: the tests run with none of
 * them and a HOME of their own.
 */
export function cleanAwsEnvironment(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) Reflect.deleteProperty(process.env, k);
  process.env['HOME'] = mkdtempSync(join(tmpdir(), 'tg-aws-home-'));
}

/**
 * S3 Control puts the account id in front of the endpoint's host, and `<account>.127.0.0.1` is not a valid URL:
 * the clients are given `localhost:<port>`, and this test-only middleware, after the endpoint is resolved, sends
 * every request (`localhost`, `<account>.localhost`) to the fake's IPv4 address.
 */
function toFakeHost(client: ConfigurableClient): void {
  (client.middlewareStack as Pick<MiddlewareStack<object, object>, 'add'>).add(
    (next) => async (args) => {
      const request = args.request as { hostname?: string };
      if (request.hostname === 'localhost' || request.hostname?.endsWith('.localhost') === true)
        request.hostname = '127.0.0.1';
      return next(args);
    },
    { step: 'build', name: 'fakeAwsHost' },
  );
}

/** Options that point the real SDK clients at the fake, with static credentials and a 1 ms retry backoff. */
export function fakeOptions(fake: Pick<FakeAws, 'url'>, more: Partial<AwsScanOptions> = {}): AwsScanOptions {
  return {
    regions: ['us-east-1'],
    endpoint: fake.url.replace('127.0.0.1', 'localhost'),
    credentials: { accessKeyId: 'AKIDFAKEBASE', secretAccessKey: 'fake-secret' },
    // The collector's own retry strategy, only with a short wait between attempts.
    retryDelay: () => 1,
    maxAttempts: 4,
    callTimeoutMs: 2000,
    since: new Date('2025-01-01T00:00:00Z'),
    configureClient: toFakeHost,
    ...more,
  };
}

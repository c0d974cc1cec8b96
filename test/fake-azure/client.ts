import { ClientSecretCredential } from '@azure/identity';
import type { AzureScanOptions } from '../../collectors/azure/options.js';
import type { TestCertificate } from './cert.js';
import type { FakeAzure } from './server.js';

type Policies = NonNullable<AzureScanOptions['additionalPolicies']>;

/** Requests to hosts off this machine (a nextLink to the real ARM, say) fail instead of carrying the token away. */
export const LOOPBACK_ONLY: Policies = [
  {
    position: 'perRetry',
    policy: {
      name: 'loopbackOnly',
      sendRequest: (request, next) => {
        const host = new URL(request.url).hostname;
        if (host !== '127.0.0.1' && host !== 'localhost')
          return Promise.reject(new Error(`test refused a request to ${host}`));
        return next(request);
      },
    },
  },
];

/** Scan options that read the fake with a real ClientSecretCredential, trusting only the test certificate. */
export function fakeAzureOptions(
  fake: Pick<FakeAzure, 'url' | 'tenant'>,
  certificate: TestCertificate,
  more: Partial<AzureScanOptions> = {},
): AzureScanOptions {
  const tlsOptions = { ca: certificate.cert };
  const { tenantId, clientId, clientSecret } = fake.tenant;
  const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, {
    authorityHost: fake.url,
    disableInstanceDiscovery: true,
    tlsOptions,
    additionalPolicies: [...LOOPBACK_ONLY],
  });
  return {
    subscriptions: Object.keys(fake.tenant.subscriptions),
    credential,
    endpoint: fake.url,
    tlsOptions,
    additionalPolicies: LOOPBACK_ONLY,
    maxRetries: 2,
    retryDelayInMs: 1,
    ...more,
  };
}

import { cognitiveAccount } from '../test/fake-azure/resources.js';
import type { FakeResource, FakeTenant } from '../test/fake-azure/server.js';

/**
 * A fake Azure subscription for the live collector's benchmark: resource groups of AI systems (Azure OpenAI and
 * AI Services accounts with their model deployments, and speech accounts beside them). Deterministic: the same
 * arguments give the same subscription.
 */

export const BENCH_SUBSCRIPTION = '0b0b0b0b-1c1c-2d2d-3e3e-4f4f4f4f4f4f';

export interface SyntheticSubscription {
  readonly tenant: FakeTenant;
  /** How many resources the subscription holds (each resource and child counted once). */
  readonly resources: number;
}

export function syntheticSubscription(groups = 100): SyntheticSubscription {
  const sub = BENCH_SUBSCRIPTION;
  const all: FakeResource[] = [];
  for (let g = 0; g < groups; g++) {
    const group = `rg-ai-${String(g).padStart(3, '0')}`;
    const region = ['eastus', 'westeurope', 'swedencentral', 'japaneast'][g % 4] ?? 'eastus';
    for (let a = 0; a < 4; a++) {
      const locked = (g + a) % 3 !== 0;
      all.push(
        ...cognitiveAccount(
          sub,
          group,
          {
            name: `oai-${String(g)}-${String(a)}`,
            kind: a % 2 === 0 ? 'OpenAI' : 'AIServices',
            location: region,
            sku: { name: 'S0' },
            properties: {
              publicNetworkAccess: locked ? 'Disabled' : 'Enabled',
              disableLocalAuth: locked,
              networkAcls: { defaultAction: locked ? 'Deny' : 'Allow' },
            },
          },
          Array.from({ length: 3 }, (_, d) => ({
            name: `dep-${String(d)}`,
            sku: { name: d === 2 ? 'GlobalStandard' : 'Standard', capacity: 10 },
            properties: {
              model: { format: 'OpenAI', name: ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-large'][d] ?? '' },
              ...(locked ? { raiPolicyName: 'Microsoft.DefaultV2' } : {}),
            },
          })),
        ),
      );
    }
    all.push(
      ...cognitiveAccount(
        sub,
        group,
        { name: `speech-${String(g)}`, kind: 'SpeechServices', location: region },
        [],
      ),
    );
  }
  return {
    tenant: {
      tenantId: '0c0c0c0c-0000-0000-0000-000000000000',
      clientId: '0d0d0d0d-0000-0000-0000-000000000000',
      clientSecret: 'bench-secret',
      subscriptions: { [sub]: all },
    },
    resources: all.length,
  };
}

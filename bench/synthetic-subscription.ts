import { tenant as cognitiveTenant } from '../test/collectors/azure/fixture.js';
import { gatewayTenant } from '../test/collectors/azure/gateway-fixture.js';
import { mlTenant } from '../test/collectors/azure/ml-fixture.js';
import { tenant as storageNetworkTenant } from '../test/collectors/azure/storage-network-fixture.js';
import type { FakeResource, FakeTenant } from '../test/fake-azure/server.js';

/**
 * A fake Azure subscription for the live collector's benchmark: the test tenants of every service the collector
 * reads (Azure OpenAI with deployments and content filters; Machine Learning workspaces with computes, endpoints,
 * datastores and connections; Search; Key Vault; storage; networks; API Management; role assignments; diagnostic
 * settings), copied into `copies` resource groups each. Deterministic: the same arguments give the same
 * subscription.
 */

export const BENCH_SUBSCRIPTION = '0b0b0b0b-1c1c-2d2d-3e3e-4f4f4f4f4f4f';

export interface SyntheticSubscription {
  readonly tenant: FakeTenant;
  /** How many resources the subscription holds (each resource and child counted once). */
  readonly resources: number;
}

const SOURCES: readonly (() => FakeTenant)[] = [
  cognitiveTenant,
  mlTenant,
  storageNetworkTenant,
  gatewayTenant,
];

export function syntheticSubscription(copies = 26): SyntheticSubscription {
  const byId = new Map<string, FakeResource>();
  for (const make of SOURCES) {
    const source = make();
    for (const [sub, list] of Object.entries(source.subscriptions)) {
      const text = JSON.stringify(list);
      for (let k = 0; k < copies; k++) {
        // Every id and reference moves into the copy's resource groups of the bench subscription.
        const copy = text
          .replaceAll(sub, BENCH_SUBSCRIPTION)
          .replace(
            /(\/resourceGroups\/)([^/"]+)/gi,
            (_, prefix: string, group: string) => `${prefix}${group}-${String(k)}`,
          );
        for (const r of JSON.parse(copy) as FakeResource[]) byId.set(r.id.toLowerCase(), r);
      }
    }
  }
  const all = [...byId.values()];
  return {
    tenant: {
      tenantId: '0c0c0c0c-0000-0000-0000-000000000000',
      clientId: '0d0d0d0d-0000-0000-0000-000000000000',
      clientSecret: 'bench-secret',
      subscriptions: { [BENCH_SUBSCRIPTION]: all },
    },
    resources: all.length,
  };
}

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { FakeAzure, type FakeTenant } from '../../fake-azure/server.js';
import { tenant as cognitiveTenant } from './fixture.js';
import { gatewayTenant } from './gateway-fixture.js';
import { mlTenant } from './ml-fixture.js';
import { tenant as storageNetworkTenant } from './storage-network-fixture.js';

/**
 * docs/azure-permissions.json is a custom role that lets threatgraph read everything it reads and nothing more:
 * every ARM call a scan of the test tenants makes needs exactly one of its actions, each action is needed by
 * some call, and each is a read (the built-in Reader role's `*\/read` covers them all).
 */

interface RoleDefinition {
  readonly Name: string;
  readonly IsCustom: boolean;
  readonly Actions: readonly string[];
  readonly NotActions: readonly string[];
  readonly DataActions: readonly string[];
  readonly AssignableScopes: readonly string[];
}

const role = JSON.parse(readFileSync('docs/azure-permissions.json', 'utf8')) as RoleDefinition;

/** The ARM action a GET of `path` needs: the resource provider namespace and the resource types on the path. */
function actionOf(path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length <= 2 && segments[0]?.toLowerCase() === 'subscriptions')
    return 'Microsoft.Resources/subscriptions/read';
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  const [namespace = '', ...rest] = segments.slice(at + 1);
  const types = rest.filter((_, i) => i % 2 === 0);
  return [namespace, ...types, 'read'].join('/');
}

const TENANTS: readonly (() => FakeTenant)[] = [
  cognitiveTenant,
  mlTenant,
  storageNetworkTenant,
  gatewayTenant,
];

let certificate: TestCertificate;
const needed = new Map<string, string>();
const methods = new Set<string>();

beforeAll(async () => {
  certificate = makeTestCertificate();
  for (const make of TENANTS) {
    const fake = new FakeAzure(make(), certificate);
    await fake.start();
    try {
      await collectAzure(fakeAzureOptions(fake, certificate));
      await collectAzure(fakeAzureOptions(fake, certificate, { subscriptions: ['all'] }));
    } finally {
      await fake.stop();
    }
    for (const c of fake.log.filter((x) => x.path.startsWith('/subscriptions'))) {
      methods.add(c.method);
      needed.set(actionOf(c.path).toLowerCase(), c.path);
    }
  }
});

describe('docs/azure-permissions.json', () => {
  it('maps ARM paths to the actions they need', () => {
    expect(actionOf('/subscriptions')).toBe('Microsoft.Resources/subscriptions/read');
    expect(
      actionOf(
        '/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a/deployments',
      ),
    ).toBe('Microsoft.CognitiveServices/accounts/deployments/read');
    expect(
      actionOf(
        '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a/blobServices/default',
      ),
    ).toBe('Microsoft.Storage/storageAccounts/blobServices/read');
    expect(
      actionOf(
        '/subscriptions/s/resourceGroups/g/providers/Microsoft.Search/searchServices/x/providers/Microsoft.Insights/diagnosticSettings',
      ),
    ).toBe('Microsoft.Insights/diagnosticSettings/read');
  });

  it('is a custom role of read actions only, with no data actions', () => {
    expect(role.IsCustom).toBe(true);
    expect(role.Actions.every((a) => a.endsWith('/read'))).toBe(true);
    expect(role.NotActions).toEqual([]);
    expect(role.DataActions).toEqual([]);
    expect([...methods]).toEqual(['GET']);
  });

  it('allows every call a scan makes, and nothing no call needs', () => {
    const allowed = new Set(role.Actions.map((a) => a.toLowerCase()));
    const missing = [...needed.entries()]
      .filter(([a]) => !allowed.has(a))
      .map(([a, path]) => `${a} (${path})`);
    const unused = role.Actions.filter((a) => !needed.has(a.toLowerCase()));
    expect({ missing, unused }).toEqual({ missing: [], unused: [] });
  });
});

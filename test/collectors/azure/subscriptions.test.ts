import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectAzure } from '../../../collectors/azure/index.js';
import { makeTestCertificate, type TestCertificate } from '../../fake-azure/cert.js';
import { fakeAzureOptions } from '../../fake-azure/client.js';
import { cognitiveAccount } from '../../fake-azure/resources.js';
import { FakeAzure, type FakeTenant } from '../../fake-azure/server.js';

const A = 'aaaaaaaa-0000-0000-0000-000000000001';
const B = 'bbbbbbbb-0000-0000-0000-000000000002';
const OFF = 'cccccccc-0000-0000-0000-000000000003';
const GONE = 'dddddddd-0000-0000-0000-000000000004';

const openAi = (sub: string, name: string) =>
  cognitiveAccount(sub, 'rg', { name, kind: 'OpenAI', location: 'eastus', properties: {} }, []);

/** Four subscriptions the credential sees: two enabled, one disabled, one past due (still running). */
const tenant: FakeTenant = {
  tenantId: '99999999-0000-0000-0000-000000000000',
  clientId: '88888888-0000-0000-0000-000000000000',
  clientSecret: 'fake-secret',
  subscriptions: {
    [A]: openAi(A, 'oai-a'),
    [B]: openAi(B, 'oai-b'),
    [OFF]: openAi(OFF, 'oai-off'),
    [GONE]: [],
  },
  states: { [OFF]: 'Disabled', [GONE]: 'PastDue' },
};

let certificate: TestCertificate;
let fake: FakeAzure;

beforeAll(() => {
  certificate = makeTestCertificate();
});

afterEach(async () => {
  await fake.stop();
});

async function start(): Promise<void> {
  fake = new FakeAzure(tenant, certificate);
  fake.pageSize = 3;
  await fake.start();
}

describe('--subscription all', () => {
  it('reads every running subscription the credential lists, across pages, and notes the disabled one', async () => {
    await start();
    const inv = await collectAzure(fakeAzureOptions(fake, certificate, { subscriptions: ['all'] }));
    expect(inv.inputs.map((i) => i.account)).toEqual([A, B, GONE]);
    expect(inv.assets.map((a) => a.name)).toEqual(['oai-a', 'oai-b']);
    expect(inv.notes).toEqual([
      {
        kind: 'skipped',
        message: `subscription ${OFF} is Disabled; it was not read`,
        input: `azure://${OFF}`,
        service: 'Microsoft.Resources',
        api: 'Subscriptions_List',
        account: OFF,
      },
    ]);
    const listed = fake.log.filter((c) => c.path === '/subscriptions');
    expect(listed.map((c) => c.query['$skipToken'])).toEqual([undefined, '3']);
    expect(fake.log.some((c) => c.path.startsWith(`/subscriptions/${OFF}/`))).toBe(false);
  });

  it('stops with one clear error when the subscriptions cannot be listed', async () => {
    await start();
    fake.faults.push({ operation: 'subscriptions.list', kind: 'denied' });
    await expect(
      collectAzure(fakeAzureOptions(fake, certificate, { subscriptions: ['all'] })),
    ).rejects.toThrow(
      '--subscription: all: cannot list the subscriptions the credential sees (AuthorizationFailed); name them with --subscription <id>',
    );
  });

  it('refuses all together with subscription ids before any call', async () => {
    await start();
    await expect(
      collectAzure(fakeAzureOptions(fake, certificate, { subscriptions: ['all', A] })),
    ).rejects.toThrow('--subscription: all cannot go with subscription ids; give one or the other');
    expect(fake.log).toEqual([]);
  });
});

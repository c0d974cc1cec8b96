import { describe, expect, it } from 'vitest';
import type { Fact, Inventory } from '../../../src/model/index.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { answered, FakeGcp, readOnly, type FakeProject, type Item } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { inventoryOf } from '../terraform/google/plan-builder.js';
import { PROJECT, REGION, vertex } from './fixture.js';

/**
 * API keys read from the fake API Keys API: a key whose API targets name the Gemini API or Vertex AI is the
 * foundation-model service it reaches, with the facts google_apikeys_key gives it; other keys are no asset, and
 * the key string goes nowhere.
 */

const HOST = 'apikeys.googleapis.com';
const KEY_STRING = 'AIzaSyD-fake-key-string-never-printed-000';
const key = (id: string): string => `//${HOST}/projects/${PROJECT}/locations/global/keys/${id}`;
const LIST = `/v2/projects/${PROJECT}/locations/global/keys`;
const GEMINI = 'generativelanguage.googleapis.com';
const OPEN = '0f6c2b1e-7a43-4d5e-9b0a-3c2d1e0f9a8b';

function keysProject(): FakeProject {
  const keys: Item[] = [
    {
      name: OPEN,
      uid: OPEN,
      displayName: 'chat frontend',
      keyString: KEY_STRING,
      restrictions: { apiTargets: [{ service: GEMINI }] },
    },
    {
      name: 'vertex-servers',
      restrictions: {
        apiTargets: [{ service: 'aiplatform.googleapis.com', methods: ['*'] }, { service: GEMINI }],
        serverKeyRestrictions: { allowedIps: ['203.0.113.10/32'] },
      },
    },
    {
      name: 'browser',
      restrictions: {
        browserKeyRestrictions: { allowedReferrers: ['https://acme.example/*'] },
        apiTargets: [{ service: GEMINI }],
      },
    },
    { name: 'maps', restrictions: { apiTargets: [{ service: 'maps-backend.googleapis.com' }] } },
    { name: 'any', keyString: KEY_STRING },
    // Hostile shapes: none is a model service, none may crash the scan or reach a prototype.
    {
      name: 'odd-targets',
      restrictions: { apiTargets: [{ service: 42 }, null, GEMINI, { service: [GEMINI] }] },
    },
    { name: 'proto', restrictions: { ['__proto__']: { apiTargets: [{ service: GEMINI }] } } },
    { name: 'odd-restrictions', restrictions: 'everything', keyString: KEY_STRING },
    { name: 'x'.repeat(100_000), restrictions: { apiTargets: [{ service: GEMINI }] } },
    { name: '__proto__', restrictions: { apiTargets: [{ service: GEMINI }] } },
  ];
  return {
    number: '123456789012',
    vertex: { [REGION]: { endpoints: [{ name: 'chat', displayName: 'chat' }] } },
    apikeys: { keys },
  };
}

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: keysProject() }));

const keyAssets = (i: Inventory): unknown[][] =>
  i.assets
    .filter((a) => a.id.startsWith(`//${HOST}/`))
    .map((a) => [a.id, a.kind, a.nativeType, a.name, a.source.region]);
const keysCalls = (): string[] => scanned.fake.apiCalls().filter((c) => c.includes('/keys'));

describe('collectGcp: API keys', () => {
  it('makes each key for a generative AI API the foundation-model service it reaches, and no other', () => {
    expect(keyAssets(scanned.inv)).toEqual([
      [key(OPEN), 'foundation-model-service', `${HOST}/Key`, GEMINI, 'global'],
      [key('browser'), 'foundation-model-service', `${HOST}/Key`, GEMINI, 'global'],
      [
        key('vertex-servers'),
        'foundation-model-service',
        `${HOST}/Key`,
        `aiplatform.googleapis.com, ${GEMINI}`,
        'global',
      ],
    ]);
    expect(scanned.inv.notes).toEqual([]);
  });

  it('gives the facts the mapper gives: usable anywhere unless allowed IPs restrict the callers', () => {
    const targets = 'ListKeys.restrictions.apiTargets';
    const ips = 'ListKeys.restrictions.serverKeyRestrictions.allowedIps';
    const open = {
      internetReachable: ['explicit', true, ips],
      keyAuthEnabled: ['explicit', true, targets],
      providerManaged: ['explicit', true, targets],
    };
    expect(facts(scanned.inv, key(OPEN))).toEqual(open);
    // Browser referrers are a header any caller can send.
    expect(facts(scanned.inv, key('browser'))).toEqual(open);
    expect(facts(scanned.inv, key('vertex-servers'))).toEqual({
      ...open,
      internetReachable: ['explicit', false, ips],
    });
  });

  it('makes the same service, name and fact values as google_apikeys_key for the same restrictions', () => {
    const restrictions: readonly (readonly [string, Record<string, unknown>])[] = [
      ['open', { api_targets: [{ service: GEMINI }] }],
      [
        'browser',
        {
          browser_key_restrictions: [{ allowed_referrers: ['https://acme.example/*'] }],
          api_targets: [{ service: GEMINI }],
        },
      ],
      [
        'vertex-servers',
        {
          api_targets: [{ service: 'aiplatform.googleapis.com', methods: ['*'] }, { service: GEMINI }],
          server_key_restrictions: [{ allowed_ips: ['203.0.113.10/32'] }],
        },
      ],
      ['maps', { api_targets: [{ service: 'maps-backend.googleapis.com' }] }],
      ['any', {}],
    ];
    const plan = inventoryOf(
      restrictions.map(([name, r]) => ({
        type: 'google_apikeys_key',
        name,
        values: { name, restrictions: [r] } as never,
      })),
    );
    const shape = (i: Inventory, id: string): unknown => {
      const a = i.assets.find((x) => x.id === id);
      const values = Object.entries(a?.facts ?? {}).map(([k, f]: [string, Fact | undefined]) => [
        k,
        f?.state,
        f?.state === 'unknown' ? undefined : f?.value,
      ]);
      return [a?.kind, a?.name, values];
    };
    const pairs: readonly (readonly [string, string])[] = [
      ['open', OPEN],
      ['browser', 'browser'],
      ['vertex-servers', 'vertex-servers'],
    ];
    for (const [address, live] of pairs)
      expect(shape(scanned.inv, key(live))).toEqual(shape(plan, `google_apikeys_key.${address}#ai-api`));
    expect(plan.assets.filter((a) => a.kind === 'foundation-model-service')).toHaveLength(3);
  });

  it('never carries the key string, and reads the keys page by page with GETs only', async () => {
    expect(JSON.stringify(scanned.inv)).not.toContain(KEY_STRING);
    const got = await collectWithFaults(scanned.fake, []);
    expect(JSON.stringify(got)).not.toContain(KEY_STRING);
    expect(keysCalls()).toEqual([
      `GET ${LIST}`,
      `GET ${LIST}?2`,
      `GET ${LIST}?4`,
      `GET ${LIST}?6`,
      `GET ${LIST}?8`,
    ]);
    expect(scanned.fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
    expect(scanned.fake.log.some((c) => c.path.includes('keyString'))).toBe(false);
  });

  it('notes a denied listing exactly, and the rest of the scan is read', async () => {
    const got = await collectWithFaults(scanned.fake, [{ collection: 'apiKeys', kind: 'denied' }]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `ListKeys was denied in project ${PROJECT} (global, PERMISSION_DENIED); what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        service: HOST,
        api: 'ListKeys',
        region: 'global',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    expect(keyAssets(got)).toEqual([]);
    expect(got.assets.map((a) => a.id)).toContain(vertex('endpoints', 'chat'));
  });

  it('notes an API Keys API that is not enabled as skipped', async () => {
    const got = await collectWithFaults(scanned.fake, [{ collection: 'apiKeys', kind: 'disabled' }]);
    expect(got.notes.map((n) => [n.kind, n.api, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        'ListKeys',
        'SERVICE_DISABLED',
        `ListKeys was skipped: ${HOST} is not enabled in project ${PROJECT}; what it would have told is unknown`,
      ],
    ]);
    expect(got.assets.map((a) => a.id)).toContain(vertex('endpoints', 'chat'));
  });

  it('retries a throttled or unavailable page, and notes one that stays throttled', async () => {
    const recovered = await collectWithFaults(scanned.fake, [
      { collection: 'apiKeys', kind: 'exhausted', times: 1 },
      { collection: 'apiKeys', kind: 'unavailable', times: 1, pathIncludes: '/keys' },
    ]);
    expect(recovered.notes).toEqual([]);
    expect(keyAssets(recovered)).toEqual(keyAssets(scanned.inv));
    expect(keysCalls().filter((c) => c === `GET ${LIST}`)).toHaveLength(3);
    const throttled = await collectWithFaults(scanned.fake, [{ collection: 'apiKeys', kind: 'exhausted' }]);
    expect(throttled.notes.map((n) => [n.kind, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        'RESOURCE_EXHAUSTED',
        `ListKeys failed in project ${PROJECT} (global, RESOURCE_EXHAUSTED after 2 retries); what it would have told is unknown`,
      ],
    ]);
    expect(keysCalls()).toHaveLength(3);
  });
});

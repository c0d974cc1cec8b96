import { describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults, fakeGcpOptions } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { FakeGcp, type Fault, type Item, type Json } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { CFG, cfgId, EU, gatewayProject, gw, GW_SA, HASH_URL, IDP, RUN, US } from './apigateway-fixture.js';
import { PROJECT, sa } from './fixture.js';

/** API Gateway gateways and the configs they serve, read from the fake v1 REST API (apigateway-fixture.ts). */

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: gatewayProject() }), { locations: [EU, US] });

const gatewayCalls = (): string[] =>
  scanned.fake.apiCalls().filter((c) => c.includes('/gateways') || c.includes('/configs/'));
const flowsFrom = (i: Inventory, id: string): [string, string, string, string | undefined][] =>
  i.flows
    .filter((f) => f.from === id)
    .map((f) => [f.kind, f.to, f.evidence[0]?.attribute ?? '', f.evidence[0]?.note]);
const C = 'GetApiConfig.openapiDocuments.document.contents';
const H = 'ListGateways.defaultHostname';
const FIXED = {
  internetReachable: ['explicit', true, H],
  wafProtected: ['default', false, 'security_policy'],
  invocationLogging: ['default', false, 'logging'],
  encryptedInTransit: ['explicit', true, H],
};
const unreadable = (why: string): Record<string, unknown> => ({
  ...FIXED,
  requiresAuthentication: ['unknown', undefined, why],
  authMethod: ['unknown', undefined, why],
  throttling: ['unknown', undefined, why],
});

describe('collectGcp: API Gateway', () => {
  it('reads a gateway whose config requires a Firebase JWT on every operation and sets quotas', () => {
    expect(facts(scanned.inv, gw(EU, 'chat'))).toEqual({
      ...FIXED,
      requiresAuthentication: ['explicit', true, `${C}#security`],
      authMethod: ['explicit', 'JWT', `${C}#securityDefinitions`],
      throttling: ['explicit', true, `${C}#x-google-management.quota`],
    });
    expect(scanned.inv.assets.find((a) => a.id === gw(EU, 'chat'))).toMatchObject({
      kind: 'api-gateway',
      nativeType: 'apigateway.googleapis.com/Gateway',
      name: 'Chat gateway',
      source: { input: `gcp://${PROJECT}`, address: gw(EU, 'chat'), region: EU },
      tags: { env: 'prod' },
    });
  });

  it('runs as the config’s service account, authenticates with Identity Platform, invokes Cloud Run', () => {
    const doc = 'GetApiConfig.openapiDocuments.document.contents';
    expect(flowsFrom(scanned.inv, gw(EU, 'chat'))).toEqual([
      ['assume-identity', sa(GW_SA), 'GetApiConfig.gatewayServiceAccount', undefined],
      [
        'authenticate',
        IDP,
        doc,
        `securityDefinitions x-google-issuer https://securetoken.google.com/${PROJECT}`,
      ],
      ['invoke', RUN, doc, 'x-google-backend address'],
    ]);
    const invoke = scanned.inv.flows.find((f) => f.kind === 'invoke' && f.from === gw(EU, 'chat'));
    expect(invoke?.evidence[0]?.assetId).toBe(cfgId('chat'));
    expect(invoke?.authenticated).toEqual({ state: 'explicit', value: true, attribute: `${C}#security` });
    expect(invoke?.encrypted).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'x-google-backend.address',
    });
    // The deterministic URL holds the project number: the flow is pointed at the id Cloud Run names it by.
    expect(flowsFrom(scanned.inv, gw(EU, 'chat-2')).map((f) => f[1])).toEqual([sa(GW_SA), IDP, RUN]);
  });

  it('reads an open gateway: one unsecured operation, an external issuer, the default service account', () => {
    expect(facts(scanned.inv, gw(EU, 'open'))).toEqual({
      ...FIXED,
      requiresAuthentication: ['explicit', false, `${C}#security`],
      authMethod: ['explicit', 'NONE', `${C}#securityDefinitions`],
      throttling: ['explicit', false, `${C}#x-google-management.quota`],
    });
    const issuer = `${cfgId('open')}#issuer:https://auth.partner.example`;
    expect(flowsFrom(scanned.inv, gw(EU, 'open')).map((f) => [f[0], f[1]])).toEqual([
      ['assume-identity', `${gw(EU, 'open')}#default-compute-service-account`],
      ['authenticate', issuer],
    ]);
    expect(scanned.inv.assets.find((a) => a.id === issuer)).toMatchObject({
      kind: 'identity-provider',
      nativeType: 'openapi_jwt_issuer',
      name: 'https://auth.partner.example',
    });
    expect(scanned.inv.assets.find((a) => a.id === gw(EU, 'open'))?.name).toBe('open');
  });

  it('makes unreadable documents unknown facts with a note naming the config, and never crashes', () => {
    expect(facts(scanned.inv, gw(US, 'not-base64'))).toEqual(
      unreadable('the OpenAPI document is not base64'),
    );
    expect(facts(scanned.inv, gw(US, 'huge'))).toEqual(
      unreadable('the OpenAPI document is larger than 512 KiB'),
    );
    expect(facts(scanned.inv, gw(US, 'deep'))).toEqual(
      unreadable('the OpenAPI document is neither JSON nor YAML'),
    );
    expect(facts(scanned.inv, gw(US, 'grpc'))).toEqual(unreadable('the api_config has no OpenAPI document'));
    expect(facts(scanned.inv, gw(US, 'unlinked'))).toEqual(unreadable('the gateway names no API config'));
    // A document that cannot be read still leaves the config's service account known.
    expect(flowsFrom(scanned.inv, gw(US, 'grpc')).map((f) => f[1])).toEqual([sa(GW_SA)]);
    expect(flowsFrom(scanned.inv, gw(US, 'unlinked'))).toEqual([]);
    expect(scanned.inv.assets.find((a) => a.id === gw(US, 'grpc'))?.tags).toEqual({});
    const notes = scanned.inv.notes.filter((n) => n.service === 'apigateway.googleapis.com');
    expect(notes.map((n) => [n.kind, n.api, n.address, n.message])).toEqual([
      [
        'unresolved-link',
        'GetApiConfig',
        cfgId('chat'),
        `x-google-backend address ${HASH_URL} of ${CFG('chat')} names no service the scan reads (no Cloud Run service read serves at it, nor is it a deterministic run.app URL); no invoke flow is drawn`,
      ],
      [
        'unknown-value',
        'GetApiConfig',
        cfgId('deep'),
        `the OpenAPI document is neither JSON nor YAML in ${CFG('deep')}; its gateways' authentication is unknown`,
      ],
      [
        'unknown-value',
        'GetApiConfig',
        cfgId('huge'),
        `the OpenAPI document is larger than 512 KiB in ${CFG('huge')}; its gateways' authentication is unknown`,
      ],
      [
        'unknown-value',
        'GetApiConfig',
        cfgId('not-base64'),
        `the OpenAPI document is not base64 in ${CFG('not-base64')}; its gateways' authentication is unknown`,
      ],
      [
        'unresolved-link',
        'ListGateways',
        gw(US, 'unlinked'),
        `apiConfig of projects/${PROJECT}/locations/${US}/gateways/unlinked names no API config`,
      ],
    ]);
    expect(scanned.inv.notes.every((n) => n.account === PROJECT && n.input === `gcp://${PROJECT}`)).toBe(
      true,
    );
  });

  it('reads `__proto__` keys as plain keys: the document is judged, nothing is polluted', () => {
    expect(facts(scanned.inv, gw(US, 'proto'))).toMatchObject({
      requiresAuthentication: ['explicit', true, `${C}#security`],
      authMethod: ['explicit', 'KEY', `${C}#securityDefinitions`],
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(scanned.inv.assets.some((a) => a.name === 'Bad Name!')).toBe(false);
  });

  it('lists gateways page by page in each location and GETs each config once, in the FULL view', async () => {
    const { calls, got } = await scan([]);
    const EU_LIST = `GET /v1/projects/${PROJECT}/locations/${EU}/gateways`;
    const US_LIST = `GET /v1/projects/${PROJECT}/locations/${US}/gateways`;
    const configs = ['chat', 'deep', 'grpc', 'huge', 'not-base64', 'open', 'proto'].map(
      (a) => `GET /v1/${CFG(a)}`,
    );
    expect(calls.sort()).toEqual(
      [EU_LIST, `${EU_LIST}?2`, US_LIST, `${US_LIST}?2`, `${US_LIST}?4`, `${US_LIST}?6`, ...configs].sort(),
    );
    const configCalls = scanned.fake.log.filter((c) => c.path.includes('/configs/'));
    expect(
      configCalls.every((c) => c.query['view'] === 'FULL' && c.method === 'GET' && c.status === 200),
    ).toBe(true);
    expect(JSON.stringify(got)).toBe(JSON.stringify(scanned.inv));
  });
});

async function scan(faults: Fault[]): Promise<{ calls: string[]; got: Inventory }> {
  const got = await collectWithFaults(scanned.fake, faults, { locations: [EU, US] });
  return { calls: gatewayCalls(), got };
}

describe('collectGcp: failed API Gateway calls', () => {
  it('notes a denied config: its gateways’ facts are unknown, with no service account drawn', async () => {
    const { got } = await scan([{ collection: 'apiConfigs', kind: 'denied', pathIncludes: '/apis/chat/' }]);
    const why = 'the api_config: GetApiConfig denied (PERMISSION_DENIED)';
    expect(facts(got, gw(EU, 'chat'))).toEqual(unreadable(why));
    expect(facts(got, gw(EU, 'chat-2'))).toEqual(unreadable(why));
    expect(flowsFrom(got, gw(EU, 'chat'))).toEqual([]);
    expect(got.notes.filter((n) => n.kind === 'denied')).toEqual([
      {
        kind: 'denied',
        message: `GetApiConfig was denied in project ${PROJECT} (global, PERMISSION_DENIED) for ${cfgId('chat')}; what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        address: cfgId('chat'),
        service: 'apigateway.googleapis.com',
        api: 'GetApiConfig',
        region: 'global',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
  });

  it('notes a disabled API per location and a list that outlives its retries; the other location is read', async () => {
    const disabled = await scan([{ collection: 'gateways', kind: 'disabled' }]);
    expect(disabled.calls.filter((c) => c.includes('/configs/'))).toEqual([]);
    expect(disabled.got.assets.filter((a) => a.kind === 'api-gateway')).toEqual([]);
    expect(disabled.got.notes.map((n) => [n.kind, n.region, n.message])).toEqual([
      [
        'skipped',
        EU,
        `ListGateways was skipped: apigateway.googleapis.com is not enabled in project ${PROJECT}; what it would have told is unknown`,
      ],
      [
        'skipped',
        US,
        `ListGateways was skipped: apigateway.googleapis.com is not enabled in project ${PROJECT}; what it would have told is unknown`,
      ],
    ]);

    const unavailable = await scan([{ collection: 'gateways', kind: 'unavailable', pathIncludes: US }]);
    expect(unavailable.calls.filter((c) => c.endsWith(`${US}/gateways`))).toHaveLength(3);
    expect(unavailable.got.assets.filter((a) => a.kind === 'api-gateway').map((a) => a.id)).toEqual([
      gw(EU, 'chat'),
      gw(EU, 'chat-2'),
      gw(EU, 'open'),
    ]);
    expect(unavailable.got.notes.filter((n) => n.errorCode === 'UNAVAILABLE').map((n) => n.message)).toEqual([
      `ListGateways failed in project ${PROJECT} (${US}, UNAVAILABLE after 2 retries); what it would have told is unknown`,
    ]);
  });
});

describe('collectGcp: API Gateway backends named by a Cloud Run service’s URLs', () => {
  const LEGACY = `//run.googleapis.com/projects/${PROJECT}/locations/${EU}/services/legacy`;
  const service = (name: string, more: Record<string, Json>): Item => ({
    name,
    template: { containers: [{ image: 'us-docker.pkg.dev/cloudrun/container/hello' }] },
    ...more,
  });

  it('resolves the hash URL to the service that reports it, and the deterministic URL to its own', async () => {
    const origin = new URL(HASH_URL).origin;
    const project = gatewayProject();
    const run = {
      services: {
        [EU]: [
          service('legacy', { uri: origin, urls: [origin, `https://legacy-402817364512.${EU}.run.app`] }),
          // Hostile or foreign URLs name nothing: only https run.app hosts are the service's.
          service('other', {
            uri: `${origin}/path`,
            urls: ['https://legacy.example', 42, `http://x.run.app`],
          }),
        ],
      },
    };
    const f = new FakeGcp({ [PROJECT]: { ...project, run } });
    await f.start();
    let got: Inventory;
    try {
      got = await collectGcp(fakeGcpOptions(f, { locations: [EU] }));
    } finally {
      await f.stop();
    }
    const invokes = (id: string): string[] =>
      got.flows.filter((x) => x.kind === 'invoke' && x.from === id).map((x) => x.to);
    expect(invokes(gw(EU, 'chat'))).toEqual([LEGACY, RUN]);
    expect(invokes(gw(EU, 'chat-2'))).toEqual([LEGACY, RUN]);
    const legacy = got.flows.find((x) => x.from === gw(EU, 'chat') && x.to === LEGACY);
    expect(legacy?.evidence).toEqual([
      { assetId: cfgId('chat'), attribute: C, note: 'x-google-backend address' },
    ]);
    expect(legacy?.authenticated).toEqual({ state: 'explicit', value: true, attribute: `${C}#security` });
    expect(got.notes.filter((n) => n.kind === 'unresolved-link')).toEqual([]);
  });

  it('notes the hash URL once at the build when no service read reports it', () => {
    const notes = scanned.inv.notes.filter(
      (n) => n.kind === 'unresolved-link' && n.address === cfgId('chat'),
    );
    expect(notes).toEqual([
      {
        kind: 'unresolved-link',
        message: `x-google-backend address ${HASH_URL} of ${CFG('chat')} names no service the scan reads (no Cloud Run service read serves at it, nor is it a deterministic run.app URL); no invoke flow is drawn`,
        input: `gcp://${PROJECT}`,
        address: cfgId('chat'),
        service: 'apigateway.googleapis.com',
        api: 'GetApiConfig',
        account: PROJECT,
      },
    ]);
  });
});

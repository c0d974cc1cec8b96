import { describe, expect, it } from 'vitest';
import {
  decodeOpenApi,
  MAX_OPENAPI_BYTES,
  readOpenApi,
} from '../../../../collectors/terraform/google/openapi.js';
import { assetOf, flowOf, inventoryOf, ref, type TestResource } from './plan-builder.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const RUN: TestResource = {
  type: 'google_cloud_run_v2_service',
  name: 'backend',
  action: 'no-op',
  values: {
    name: 'backend',
    uri: 'https://backend-abc-ez.a.run.app',
    template: [{ containers: [{ image: 'gcr.io/p/api:1' }] }],
  },
};
const IDP: TestResource = {
  type: 'google_identity_platform_config',
  name: 'auth',
  action: 'no-op',
  values: { project: 'p' },
};

function gateway(config: Omit<TestResource, 'type' | 'name'>): TestResource[] {
  return [
    RUN,
    IDP,
    {
      type: 'google_api_gateway_api_config',
      name: 'cfg',
      unknown: { id: true },
      ...config,
    },
    {
      type: 'google_api_gateway_gateway',
      name: 'gw',
      values: { gateway_id: 'gw' },
      unknown: { api_config: true },
      expressions: { api_config: ref('google_api_gateway_api_config.cfg.id') },
    },
  ];
}

const JSON_DOC = JSON.stringify({
  swagger: '2.0',
  info: { title: 't', version: '1' },
  securityDefinitions: { key: { type: 'apiKey', name: 'key', in: 'query' } },
  paths: {
    '/a': {
      get: { security: [{ key: [] }], 'x-google-backend': { address: 'https://backend-abc-ez.a.run.app/a' } },
    },
    '/health': { get: { 'x-google-backend': { address: 'https://backend-abc-ez.a.run.app/health' } } },
  },
});

describe('readOpenApi', () => {
  it('reads YAML: issuers, global security, backends, quota', () => {
    const spec = readOpenApi(
      b64(`swagger: "2.0"
securityDefinitions:
  jwt:
    type: oauth2
    flow: implicit
    authorizationUrl: ""
    x-google-issuer: "https://securetoken.google.com/p"
security:
  - jwt: []
x-google-backend:
  address: https://svc.a.run.app
x-google-management:
  quota:
    limits:
      - name: per-minute
        metric: m
        values: { STANDARD: 10 }
paths:
  /x:
    post:
      x-google-quota:
        metricCosts: { m: 1 }
`),
    );
    expect(spec).toEqual({
      issuers: ['https://securetoken.google.com/p'],
      allOperationsSecured: true,
      schemeTypes: ['oauth2'],
      backends: ['https://svc.a.run.app'],
      backendAuthDisabled: false,
      quota: true,
    });
  });

  it('reads JSON; an unsecured operation means not all operations are secured; garbage is undefined', () => {
    expect(readOpenApi(b64(JSON_DOC))).toMatchObject({
      allOperationsSecured: false,
      schemeTypes: ['apiKey'],
      quota: false,
    });
    expect(readOpenApi(b64('{ not yaml: ['))).toBeUndefined();
  });

  it('says why a hostile document cannot be read: not base64, too large, not a mapping, too deep', () => {
    expect(decodeOpenApi('not base64!')).toEqual({ error: 'the OpenAPI document is not base64' });
    expect(decodeOpenApi(b64(`# ${'x'.repeat(MAX_OPENAPI_BYTES)}`))).toEqual({
      error: 'the OpenAPI document is larger than 512 KiB',
    });
    expect(decodeOpenApi(b64('[1, 2]'))).toEqual({ error: 'the OpenAPI document is not a mapping' });
    expect(decodeOpenApi(b64(`${'{a: '.repeat(2_000)}1${'}'.repeat(2_000)}`))).toEqual({
      error: 'the OpenAPI document is neither JSON nor YAML',
    });
    // Base64 with line breaks (as some tools wrap it) still reads.
    expect('spec' in decodeOpenApi(b64(JSON_DOC).replace(/(.{76})/g, '$1\n'))).toBe(true);
  });
});

describe('google_api_gateway_gateway', () => {
  it('a document that is not base64: authentication unknown, saying so (the live collector says the same)', () => {
    const inv = inventoryOf(
      gateway({
        values: { openapi_documents: [{ document: [{ path: 'o.yaml', contents: 'not base64!' }] }] },
      }),
    );
    const f = assetOf(inv, 'google_api_gateway_gateway.gw').facts;
    expect(f.requiresAuthentication).toMatchObject({
      state: 'unknown',
      reason: 'the OpenAPI document is not base64',
    });
    expect(f.internetReachable).toMatchObject({ state: 'explicit', value: true });
  });

  it('an open operation: requiresAuthentication false, invoke flow unauthenticated, matched by backend URL', () => {
    const inv = inventoryOf(
      gateway({
        values: { openapi_documents: [{ document: [{ path: 'o.json', contents: b64(JSON_DOC) }] }] },
      }),
    );
    const f = assetOf(inv, 'google_api_gateway_gateway.gw').facts;
    expect(f.internetReachable).toMatchObject({ state: 'explicit', value: true });
    expect(f.requiresAuthentication).toMatchObject({ state: 'explicit', value: false });
    expect(f.throttling).toMatchObject({ state: 'explicit', value: false });
    const invoke = flowOf(
      inv,
      'invoke',
      'google_api_gateway_gateway.gw',
      'google_cloud_run_v2_service.backend',
    );
    expect(invoke?.authenticated).toMatchObject({ state: 'explicit', value: false });
    expect(inv.flows.filter((x) => x.kind === 'authenticate')).toEqual([]);
    // No gateway_config: the gateway calls backends as the default compute service account.
    expect(
      flowOf(
        inv,
        'assume-identity',
        'google_api_gateway_gateway.gw',
        'google_api_gateway_api_config.cfg#default-compute-service-account',
      ),
    ).toBeDefined();
  });

  it('an OpenAPI document known only after apply: facts unknown, backend still linked by reference', () => {
    const inv = inventoryOf(
      gateway({
        values: { openapi_documents: [{ document: [{ path: 'o.yaml' }] }] },
        unknown: { id: true, openapi_documents: [{ document: [{ contents: true }] }] },
        expressions: {
          openapi_documents: [{ document: [{ contents: ref('google_cloud_run_v2_service.backend.uri') }] }],
        },
      }),
    );
    const f = assetOf(inv, 'google_api_gateway_gateway.gw').facts;
    expect(f.requiresAuthentication).toMatchObject({ state: 'unknown', reason: 'known only after apply' });
    expect(f.throttling).toMatchObject({ state: 'unknown' });
    const invoke = flowOf(
      inv,
      'invoke',
      'google_api_gateway_gateway.gw',
      'google_cloud_run_v2_service.backend',
    );
    expect(invoke?.authenticated).toMatchObject({ state: 'unknown' });
  });

  it('an issuer other than Identity Platform becomes a synthetic identity provider', () => {
    const doc = `swagger: "2.0"
securityDefinitions:
  auth0:
    type: oauth2
    flow: implicit
    authorizationUrl: ""
    x-google-issuer: "https://tenant.eu.auth0.com/"
security:
  - auth0: []
paths:
  /a:
    get:
      x-google-backend:
        address: https://backend-abc-ez.a.run.app/a
`;
    const inv = inventoryOf(
      gateway({ values: { openapi_documents: [{ document: [{ path: 'o.yaml', contents: b64(doc) }] }] } }),
    );
    const idp = 'google_api_gateway_api_config.cfg#issuer:https://tenant.eu.auth0.com/';
    expect(assetOf(inv, idp).kind).toBe('identity-provider');
    expect(flowOf(inv, 'authenticate', 'google_api_gateway_gateway.gw', idp)).toBeDefined();
    expect(
      flowOf(inv, 'authenticate', 'google_api_gateway_gateway.gw', 'google_identity_platform_config.auth'),
    ).toBeUndefined();
  });

  it('a gateway whose api_config cannot be linked: facts unknown and a coverage note', () => {
    const inv = inventoryOf([
      {
        type: 'google_api_gateway_gateway',
        name: 'gw',
        values: { gateway_id: 'gw', api_config: 'projects/p/locations/global/apis/x/configs/y' },
      },
    ]);
    expect(assetOf(inv, 'google_api_gateway_gateway.gw').facts.requiresAuthentication).toMatchObject({
      state: 'unknown',
    });
    expect(
      inv.notes.some((n) => n.kind === 'unresolved-link' && n.address === 'google_api_gateway_gateway.gw'),
    ).toBe(true);
  });
});

import { MAX_OPENAPI_BYTES } from '../../../collectors/terraform/google/openapi.js';
import { base64 } from '../../fake-gcp/apigateway.js';
import type { FakeProject, Json } from '../../fake-gcp/server.js';
import { PROJECT } from './fixture.js';

export const EU = 'europe-west4';
export const US = 'us-central1';
export const NUMBER = '402817364512';
export const GW_SA = `gateway@${PROJECT}.iam.gserviceaccount.com`;
export const CFG = (api: string): string => `projects/${PROJECT}/locations/global/apis/${api}/configs/v1`;
export const gw = (location: string, id: string): string =>
  `//apigateway.googleapis.com/projects/${PROJECT}/locations/${location}/gateways/${id}`;
export const cfgId = (api: string): string => `//apigateway.googleapis.com/${CFG(api)}`;
export const RUN = `//run.googleapis.com/projects/${PROJECT}/locations/${EU}/services/llm-inference`;
export const IDP = `//identitytoolkit.googleapis.com/projects/${PROJECT}/config`;
export const HASH_URL = 'https://legacy-4k2q7xjv3a-ez.a.run.app/v1/legacy';

const CHAT = `swagger: "2.0"
info: { title: chat, version: "1" }
securityDefinitions:
  firebase:
    type: oauth2
    flow: implicit
    authorizationUrl: ""
    x-google-issuer: https://securetoken.google.com/${PROJECT}
security:
  - firebase: []
x-google-management:
  quota:
    limits: [{ name: per-user, metric: calls, unit: '1/min/{project}', values: { STANDARD: 60 } }]
paths:
  /v1/chat:
    post:
      operationId: chat
      x-google-quota: { metricCosts: { calls: 1 } }
      x-google-backend:
        address: https://llm-inference-${NUMBER}.${EU}.run.app/v1/chat
  /v1/legacy:
    post:
      operationId: legacy
      x-google-backend: { address: ${HASH_URL} }
`;
const OPEN = JSON.stringify({
  swagger: '2.0',
  securityDefinitions: {
    key: { type: 'apiKey', name: 'key', in: 'query' },
    partner: { type: 'oauth2', flow: 'implicit', 'x-google-issuer': 'https://auth.partner.example' },
  },
  paths: {
    '/a': { get: { security: [{ key: [] }] } },
    '/b': { get: {} },
  },
});
const PROTO = `__proto__: { polluted: true }
swagger: "2.0"
securityDefinitions:
  __proto__: { type: apiKey }
  key: { type: apiKey, name: key, in: header }
security: [{ key: [] }]
paths:
  /__proto__:
    get: { operationId: p }
`;
const doc = (contents: string): Record<string, Json> => ({
  openapiDocuments: [{ document: { path: 'openapi.yaml', contents } }],
});

/**
 * One project with API Gateway gateways in two locations: in europe-west4 three (two pages), two of them serving
 * one config that requires a Firebase JWT, sets quotas and calls Cloud Run (by its deterministic URL and a hash
 * URL), one serving an open JSON document with an external issuer and no service account; in us-central1
 * gateways serving hostile documents (not base64, too large, too deep, `__proto__` keys), a gRPC-only config,
 * a malformed config name and a malformed gateway name.
 */
export function gatewayProject(): FakeProject {
  const gateway = (name: string, api: string, more: Record<string, string> = {}) => ({
    name,
    apiConfig: CFG(api),
    defaultHostname: `${name}-8x1k2m4z.ew.gateway.dev`,
    state: 'ACTIVE',
    ...more,
  });
  return {
    vertex: {},
    number: NUMBER,
    apigateway: {
      gateways: {
        [EU]: [
          { ...gateway('chat', 'chat', { displayName: 'Chat gateway' }), labels: { env: 'prod' } },
          gateway('chat-2', 'chat'),
          gateway('open', 'open'),
        ],
        [US]: [
          gateway('not-base64', 'not-base64'),
          gateway('huge', 'huge'),
          gateway('deep', 'deep'),
          gateway('proto', 'proto'),
          { ...gateway('grpc', 'grpc'), labels: 'env=prod' },
          gateway('unlinked', 'x', { apiConfig: '../../../etc/passwd' }),
          { name: 'Bad Name!', apiConfig: CFG('chat') },
        ],
      },
      configs: {
        'chat/v1': { gatewayServiceAccount: GW_SA, ...doc(base64(CHAT)) },
        'open/v1': doc(base64(OPEN)),
        'not-base64/v1': doc('this is not base64!'),
        'huge/v1': doc(base64(`swagger: "2.0"\n# ${'x'.repeat(MAX_OPENAPI_BYTES)}\n`)),
        'deep/v1': doc(base64(`${'{a: '.repeat(2_000)}1${'}'.repeat(2_000)}`)),
        'proto/v1': { gatewayServiceAccount: GW_SA, ...doc(base64(PROTO)) },
        'grpc/v1': {
          gatewayServiceAccount: GW_SA,
          grpcServices: [{ fileDescriptorSet: { path: 'api.pb', contents: base64('pb') } }],
        },
      },
    },
  };
}

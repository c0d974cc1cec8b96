import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { AFTER_APPLY, attributeName, isUnknownAt, str } from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { runsAs } from './common.js';
import { identityPlatformIssuer } from './identity.js';
import { decodeOpenApi, type OpenApiSummary } from './openapi.js';

const CONFIG = ['google_api_gateway_api_config'] as const;
const CONTENTS = 'openapi_documents.0.document.0.contents';
const BACKEND_TYPES = [
  'google_cloud_run_v2_service',
  'google_cloudfunctions2_function',
  'google_vertex_ai_endpoint',
];
const GATEWAY_SA = 'gateway_config.0.backend_config.0.google_service_account';

/** google_api_gateway_api: only a container of configs; the gateway and its config carry the security facts. */
export const mapApi: MapFn = () => undefined;

/** google_api_gateway_api_config: read by the gateways that serve it (see mapGateway). */
export const mapApiConfig: MapFn = () => undefined;

/**
 * The facts of a gateway whose api_config's OpenAPI document reads as `spec` (undefined: unreadable, for
 * `reason`), the live collector's as well as this mapper's: `document` and `hostname` name where they were read.
 */
export function gatewayFacts(
  spec: OpenApiSummary | undefined,
  document: string,
  hostname: string,
  reason: string | undefined,
): Facts {
  return {
    internetReachable: explicit(true, hostname),
    ...authFacts(spec, document, reason),
    // API Gateway has no WAF of its own: a Cloud Armor policy needs an external load balancer in front.
    wafProtected: byDefault(false, 'security_policy'),
    // Request logs reach only the _Default log bucket unless a log sink routes them (patched by the sink).
    invocationLogging: byDefault(false, 'logging'),
    encryptedInTransit: explicit(true, hostname),
  };
}

function authFacts(spec: OpenApiSummary | undefined, attribute: string, reason: string | undefined): Facts {
  if (spec === undefined) {
    const why = reason ?? 'the OpenAPI document cannot be decoded';
    return {
      requiresAuthentication: unknown(attribute, why),
      authMethod: unknown(attribute, why),
      throttling: unknown(attribute, why),
    };
  }
  const method = spec.schemeTypes.includes('oauth2')
    ? 'JWT'
    : spec.schemeTypes.includes('apiKey')
      ? 'KEY'
      : 'NONE';
  return {
    requiresAuthentication: explicit(spec.allOperationsSecured, `${attribute}#security`),
    authMethod: explicit(spec.allOperationsSecured ? method : 'NONE', `${attribute}#securityDefinitions`),
    throttling: explicit(spec.quota, `${attribute}#x-google-management.quota`),
  };
}

/** The identity provider behind an issuer: the project's Identity Platform, or a synthetic one. */
function identityProvider(ctx: MapperContext, config: TfResource, issuer: string): string {
  for (const idp of ctx.resources('google_identity_platform_config')) {
    const project = str(idp, 'project');
    if (project !== undefined && identityPlatformIssuer(project) === issuer) return idp.address;
  }
  return ctx.asset(config, {
    kind: 'identity-provider',
    id: `${config.address}#issuer:${issuer}`,
    name: issuer,
    nativeType: 'openapi_jwt_issuer',
  });
}

/** Backends the config calls: references in the document's expression first, then the `address` URLs. */
function backendsOf(ctx: MapperContext, config: TfResource, spec: OpenApiSummary | undefined): string[] {
  const out = new Set(ctx.linked(config, CONTENTS, BACKEND_TYPES).map((l) => l.resource.address));
  for (const address of spec?.backends ?? []) {
    const origin = backendOrigin(address);
    for (const t of ctx.byValue(BACKEND_TYPES, address, ['uri', 'url'])) out.add(t.address);
    if (origin !== undefined)
      for (const t of ctx.byValue(BACKEND_TYPES, origin, ['uri', 'url'])) out.add(t.address);
  }
  return [...out].sort();
}

/**
 * The service URL a backend address is matched by besides itself: `https://` and its host, as a Cloud Run
 * service reports its `uri` (the address adds the path it calls).
 */
export function backendOrigin(address: string): string | undefined {
  const host = /^https?:\/\/([^/]+)/.exec(address)?.[1];
  return host === undefined ? undefined : `https://${host}`;
}

/** Whether the gateway's calls to its backends are authenticated: as its callers must be. */
export function requiresAuth(facts: Facts): Fact<boolean> {
  return facts.requiresAuthentication ?? unknown('openapi_documents', 'no OpenAPI document');
}

/**
 * google_api_gateway_gateway: always has a public `default_hostname`. Authentication, quotas and backends come
 * from the OpenAPI document of its api_config.
 */
export const mapGateway: MapFn = (r, ctx) => {
  const configs = ctx.linked(r, 'api_config', CONFIG, ['id', 'name']);
  const config = configs[0]?.resource;
  const attribute = attributeName(CONTENTS);
  let spec: OpenApiSummary | undefined;
  let reason: string | undefined;
  if (config === undefined) reason = `api_config could not be linked to a google_api_gateway_api_config`;
  else if (isUnknownAt(config, CONTENTS)) reason = AFTER_APPLY;
  else {
    const contents = str(config, CONTENTS);
    const read = contents === undefined ? undefined : decodeOpenApi(contents);
    if (read === undefined) reason = 'the api_config has no OpenAPI document';
    else if ('spec' in read) spec = read.spec;
    else reason = read.error;
  }
  const facts = gatewayFacts(spec, attribute, 'default_hostname', reason);
  ctx.asset(r, { kind: 'api-gateway', facts });
  if (config === undefined) {
    ctx.unresolved(r, 'api_config', CONFIG, []);
    return;
  }
  runsAs(ctx, config, GATEWAY_SA, r.address, true);
  for (const issuer of spec?.issuers ?? []) {
    ctx.flow(
      r.address,
      identityProvider(ctx, config, issuer),
      'authenticate',
      ctx.evidence(config, CONTENTS, `securityDefinitions x-google-issuer ${issuer}`),
    );
  }
  const backendAuth = requiresAuth(facts);
  for (const backend of backendsOf(ctx, config, spec)) {
    ctx.flow(r.address, backend, 'invoke', ctx.evidence(config, CONTENTS, 'x-google-backend address'), {
      authenticated: backendAuth,
      encrypted: explicit(true, 'x-google-backend.address'),
    });
  }
};

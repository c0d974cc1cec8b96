import {
  anyFact,
  byDefault,
  everyFact,
  explicit,
  isTrue,
  isUnknown,
  unknown,
  type Fact,
} from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  num,
  presenceFact,
  str,
  unknownReason,
} from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { summarizePolicy, type PolicySummary } from './apim-policy.js';
import { assumeIdentities, both, hostOf, linkFirst } from './common.js';

const SERVICE = ['azurerm_api_management'] as const;
const API = ['azurerm_api_management_api'] as const;
const OIDC = ['azurerm_api_management_openid_connect_provider'] as const;
const BACKEND_TARGETS = [
  'azurerm_cognitive_account',
  'azurerm_linux_function_app',
  'azurerm_linux_web_app',
] as const;
/** Host suffixes of Azure OpenAI / AI Services endpoints (`https://<custom_subdomain_name>.<suffix>/`). */
const COGNITIVE_SUFFIXES = ['openai.azure.com', 'cognitiveservices.azure.com', 'services.ai.azure.com'];

/** The API Management service a child resource belongs to (`api_management_id` in newer, `api_management_name` in older schemas). */
export function serviceOf(r: TfResource, ctx: MapperContext): TfResource[] {
  return (
    linkFirst(r, ctx, ['api_management_id', 'api_management_name'], SERVICE, ['id', 'name'])?.targets ?? []
  );
}

/** Resources of `type` that belong to the API Management `service`. */
function partsOf(type: string, service: TfResource, ctx: MapperContext): readonly TfResource[] {
  return ctx.referrers(service, type, 'service', (r) => serviceOf(r, ctx));
}

function apisOf(service: TfResource, ctx: MapperContext): readonly TfResource[] {
  return partsOf('azurerm_api_management_api', service, ctx);
}

/** The API(s) an API-level policy belongs to, restricted to the APIs of its own service. */
function apiOfPolicy(p: TfResource, ctx: MapperContext): TfResource[] {
  const candidates = linkFirst(p, ctx, ['api_id', 'api_name'], API, ['id', 'name'])?.targets ?? [];
  const services = serviceOf(p, ctx);
  return services.length === 0
    ? candidates
    : candidates.filter((a) => serviceOf(a, ctx).some((s) => services.includes(s)));
}

interface Policy {
  readonly resource: TfResource;
  /** undefined when the XML is known only after apply or comes from a link. */
  readonly summary: PolicySummary | undefined;
}

function policy(p: TfResource): Policy {
  const xml = str(p, 'xml_content');
  return {
    resource: p,
    summary: xml === undefined || isUnknownAt(p, 'xml_content') ? undefined : summarizePolicy(xml),
  };
}

function globalPolicies(service: TfResource, ctx: MapperContext): Policy[] {
  return partsOf('azurerm_api_management_policy', service, ctx).map(policy);
}

function apiPolicies(api: TfResource, ctx: MapperContext): Policy[] {
  return ctx
    .referrers(api, 'azurerm_api_management_api_policy', 'api', (p) => apiOfPolicy(p, ctx))
    .map(policy);
}

function policyFact(p: Policy, test: (s: PolicySummary) => boolean, what: string): Fact<boolean> {
  const attribute = `${p.resource.address}.xml_content`;
  if (p.summary === undefined) {
    return unknown(
      attribute,
      isUnknownAt(p.resource, 'xml_content') ? AFTER_APPLY : 'policy XML is not inline (xml_link)',
    );
  }
  return explicit(test(p.summary), `${attribute} (${what})`);
}

const validatesToken = (s: PolicySummary): boolean => s.validateJwt || s.validateEntraToken;
const validatesBody = (s: PolicySummary): boolean => s.validatesRequestBody;
const VALIDATE_CONTENT = 'validate-content (prevent) in inbound';

/**
 * Request bodies of an API are validated by a validate-content in a global or API policy, or in the policy of
 * every one of its operations (azurerm_api_management_api_operation_policy, matched on operation_id).
 */
function apiValidationFact(api: TfResource, policies: readonly Policy[], ctx: MapperContext): Fact<boolean> {
  const facts = policies.map((p) => policyFact(p, validatesBody, VALIDATE_CONTENT));
  const perOperation = ctx
    .referrers(api, 'azurerm_api_management_api_operation_policy', 'api', (p) => apiOfPolicy(p, ctx))
    .map(policy);
  if (perOperation.length > 0) {
    const operations = ctx.referrers(api, 'azurerm_api_management_api_operation', 'api', (o) =>
      apiOfPolicy(o, ctx),
    );
    const ofOperation = (op: TfResource): Policy[] =>
      perOperation.filter((p) =>
        ctx
          .linked(p.resource, 'operation_id', ['azurerm_api_management_api_operation'], ['operation_id'])
          .some((l) => l.resource === op),
      );
    facts.push(
      everyFact(
        operations.map((op) =>
          anyFact(
            ofOperation(op).map((p) => policyFact(p, validatesBody, VALIDATE_CONTENT)),
            byDefault(false, `${op.address} (no operation policy)`),
          ),
        ),
        unknown(`${api.address}.operations`, 'the operations of this API are not in the plan'),
      ),
    );
  }
  return anyFact(facts, byDefault(false, 'validate-content'));
}

/** An API requires authentication when a token is validated (API or global policy) or a subscription key is required. */
function apiAuthFact(api: TfResource, policies: readonly Policy[]): Fact<boolean> {
  const token = anyFact(
    policies.map((p) => policyFact(p, validatesToken, 'validate-jwt / validate-azure-ad-token')),
    byDefault(false, 'validate-jwt'),
  );
  // subscription_required defaults to true: callers must present a subscription key.
  return anyFact(
    [token, boolFact(api, 'subscription_required', true)],
    byDefault(false, 'subscription_required'),
  );
}

/**
 * How callers authenticate: a validated token (any policy), else a subscription key when an API requires one,
 * else NONE. A policy whose XML cannot be read may validate a token, so it leaves the method unknown.
 */
function authMethod(policies: readonly Policy[], apis: readonly TfResource[]): Fact<string> {
  const summaries = policies.flatMap((p) => (p.summary === undefined ? [] : [p.summary]));
  if (summaries.some((s) => s.validateEntraToken)) return explicit('ENTRA_ID', 'validate-azure-ad-token');
  if (summaries.some((s) => s.validateJwt)) return explicit('JWT', 'validate-jwt');
  const unread = policies.map((p) => policyFact(p, validatesToken, '')).find(isUnknown);
  if (unread !== undefined) return unread;
  const subscriptions = apis.map((a) => boolFact(a, 'subscription_required', true));
  const keyed = subscriptions.find(isTrue);
  if (keyed !== undefined)
    return keyed.state === 'explicit'
      ? explicit('KEY', 'subscription_required')
      : byDefault('KEY', 'subscription_required');
  const open = subscriptions.find(isUnknown);
  if (open !== undefined) return open;
  if (subscriptions.length === 0)
    return unknown('policy', 'no token validation or subscription setting could be read');
  return explicit('NONE', 'subscription_required');
}

/** Reachable from the internet unless deployed in Internal VNet mode or with public network access disabled. */
function internetFact(r: TfResource): Fact<boolean> {
  const notInternal = enumFact(r, 'virtual_network_type', ['None', 'External'], 'None');
  return both(notInternal, boolFact(r, 'public_network_access_enabled', true));
}

export function mapApiManagement(r: TfResource, ctx: MapperContext): void {
  const apis = apisOf(r, ctx);
  const global = globalPolicies(r, ctx);
  const perApi = new Map(apis.map((a) => [a.address, [...global, ...apiPolicies(a, ctx)]]));
  const auth = new Map(apis.map((a) => [a.address, apiAuthFact(a, perApi.get(a.address) ?? global)]));
  const allPolicies = [...new Set([...perApi.values()].flat().concat(global))];
  const requiresAuthentication = everyFact(
    [...auth.values()],
    unknown('apis', 'no API of this service in the plan'),
  );
  // The APIs that forward to a backend of this plan; request validation is judged on them.
  const forwarding = apis.filter(
    (a) =>
      backendTargets(a, 'service_url', ctx).length > 0 ||
      (perApi.get(a.address) ?? []).some(
        (p) => (p.summary?.backendUrls.length ?? 0) + (p.summary?.backendIds.length ?? 0) > 0,
      ),
  );
  const id = ctx.asset(r, {
    kind: 'api-gateway',
    facts: {
      internetReachable: internetFact(r),
      requiresAuthentication,
      authMethod: authMethod(allPolicies, apis),
      throttling: anyFact(
        allPolicies.map((p) =>
          policyFact(p, (s) => s.throttling.length > 0, 'rate-limit / quota / token-limit'),
        ),
        byDefault(false, 'azurerm_api_management_api_policy'),
      ),
      requestValidation: everyFact(
        (forwarding.length > 0 ? forwarding : apis).map((a) =>
          apiValidationFact(a, perApi.get(a.address) ?? global, ctx),
        ),
        unknown('apis', 'no API of this service in the plan'),
      ),
      // Set by an Application Gateway with a WAF policy whose backend is this service.
      wafProtected: byDefault(false, 'azurerm_application_gateway'),
      invocationLogging: byDefault(false, 'azurerm_monitor_diagnostic_setting'),
      // Set by an azurerm_api_management_diagnostic or _api_diagnostic that logs body bytes.
      requestBodyLogging: byDefault(false, 'azurerm_api_management_diagnostic'),
    },
  });
  assumeIdentities(r, ctx, id);
  for (const api of apis) {
    const authenticated = auth.get(api.address) ?? requiresAuthentication;
    authenticateFlows(api, perApi.get(api.address) ?? global, ctx, id);
    for (const t of backendTargets(api, 'service_url', ctx)) {
      ctx.flow(id, t.address, 'invoke', ctx.evidence(api, 'service_url'), { authenticated });
    }
    for (const p of perApi.get(api.address) ?? global) policyBackendFlows(p, ctx, id, authenticated);
  }
  backendFlows(r, ctx, id, requiresAuthentication);
}

function backendFlows(
  service: TfResource,
  ctx: MapperContext,
  id: string,
  authenticated: Fact<boolean>,
): void {
  for (const b of partsOf('azurerm_api_management_backend', service, ctx)) {
    for (const t of backendTargets(b, 'url', ctx))
      ctx.flow(id, t.address, 'invoke', ctx.evidence(b, 'url'), { authenticated });
  }
}

/** Flows to the identity providers an API's callers authenticate with. */
function authenticateFlows(
  api: TfResource,
  policies: readonly Policy[],
  ctx: MapperContext,
  id: string,
): void {
  const path = 'openid_authentication.0.openid_provider_name';
  for (const l of ctx.linked(api, path, OIDC, ['name'])) {
    ctx.flow(id, l.resource.address, 'authenticate', ctx.evidence(api, path, l.via));
  }
  for (const p of policies) {
    const s = p.summary;
    if (s === undefined) continue;
    for (const url of s.openIdConfigUrls) {
      const providers = ctx.byValue(OIDC, url, ['metadata_endpoint']);
      const idp =
        providers[0]?.address ??
        ctx.asset(p.resource, {
          id: `${p.resource.address}#openid-config`,
          kind: 'identity-provider',
          name: hostOf(url) ?? url,
        });
      ctx.flow(
        id,
        idp,
        'authenticate',
        ctx.evidence(p.resource, 'xml_content', `validate-jwt openid-config ${url}`),
      );
    }
    if (s.validateEntraToken) {
      const idp = ctx.asset(p.resource, {
        id: `${p.resource.address}#entra-id`,
        kind: 'identity-provider',
        name: 'Microsoft Entra ID',
      });
      ctx.flow(id, idp, 'authenticate', ctx.evidence(p.resource, 'xml_content', 'validate-azure-ad-token'));
    }
  }
}

/** Resources a backend URL points at: by configuration reference, else by the host of a known URL. */
export function backendTargets(r: TfResource, path: string, ctx: MapperContext): TfResource[] {
  const linked = ctx.linked(r, path, BACKEND_TARGETS, []).map((l) => l.resource);
  if (linked.length > 0) return linked;
  const url = str(r, path);
  return url === undefined || isUnknownAt(r, path) ? [] : targetsOfUrl(url, ctx);
}

/** Azure OpenAI accounts (by custom subdomain or endpoint) and apps (by default hostname) serving a URL. */
function targetsOfUrl(url: string, ctx: MapperContext): TfResource[] {
  const host = hostOf(url);
  if (host === undefined) return [];
  const accounts = ctx.resources('azurerm_cognitive_account').filter((a) => {
    const sub = str(a, 'custom_subdomain_name')?.toLowerCase();
    const endpoint = str(a, 'endpoint');
    return (
      (sub !== undefined && COGNITIVE_SUFFIXES.some((s) => host === `${sub}.${s}`)) ||
      (endpoint !== undefined && hostOf(endpoint) === host)
    );
  });
  const apps = ['azurerm_linux_function_app', 'azurerm_linux_web_app'].flatMap((t) =>
    ctx.resources(t).filter((a) => str(a, 'default_hostname')?.toLowerCase() === host),
  );
  return [...accounts, ...apps];
}

/** set-backend-service in a policy: `base-url` matched by host, `backend-id` through the named backend resource. */
function policyBackendFlows(p: Policy, ctx: MapperContext, id: string, authenticated: Fact<boolean>): void {
  const s = p.summary;
  if (s === undefined) return;
  const evidence = ctx.evidence(p.resource, 'xml_content', 'set-backend-service');
  for (const url of s.backendUrls)
    for (const t of targetsOfUrl(url, ctx)) ctx.flow(id, t.address, 'invoke', evidence, { authenticated });
  for (const name of s.backendIds) {
    for (const b of ctx.byValue(['azurerm_api_management_backend'], name, ['name'])) {
      for (const t of backendTargets(b, 'url', ctx))
        ctx.flow(id, t.address, 'invoke', evidence, { authenticated });
    }
  }
}

export function mapApiManagementApi(r: TfResource, ctx: MapperContext): void {
  if (serviceOf(r, ctx).length === 0)
    ctx.unresolved(r, 'api_management_name', SERVICE, ['requiresAuthentication']);
}

export function mapApiManagementApiPolicy(r: TfResource, ctx: MapperContext): void {
  if (apiOfPolicy(r, ctx).length === 0)
    ctx.unresolved(r, 'api_name', SERVICE, ['requiresAuthentication', 'throttling']);
}

export function mapApiManagementPolicy(r: TfResource, ctx: MapperContext): void {
  if (serviceOf(r, ctx).length === 0)
    ctx.unresolved(r, 'api_management_id', SERVICE, ['requiresAuthentication', 'throttling']);
}

/** The request and response settings of an API Management diagnostic (`body_bytes`: 0 to 8192, absent: none). */
const BODY_BLOCKS = ['frontend_request', 'frontend_response', 'backend_request', 'backend_response'];

/** Whether a diagnostic logs request or response bodies: any of its four settings with body_bytes above 0. */
function bodyLoggingFact(r: TfResource): Fact<boolean> {
  const facts = BODY_BLOCKS.map((block): Fact<boolean> => {
    const path = `${block}.0.body_bytes`;
    const attribute = `${r.address}.${block}[0].body_bytes`;
    for (const p of [block, path]) if (isUnknownAt(r, p)) return unknown(attribute, unknownReason(r, p));
    const bytes = num(r, path);
    return bytes !== undefined && bytes > 0
      ? explicit(true, `${attribute} (${String(bytes)})`)
      : explicit(false, attribute);
  });
  return anyFact(facts, byDefault(false, `${r.address}.body_bytes`));
}

/**
 * azurerm_api_management_diagnostic (all APIs of the service) and azurerm_api_management_api_diagnostic (one
 * API): body bytes logged to Application Insights or Azure Monitor put prompts and completions in the logs.
 */
export function mapApiManagementDiagnostic(r: TfResource, ctx: MapperContext): void {
  const services = serviceOf(r, ctx);
  if (services.length === 0) {
    ctx.unresolved(r, 'api_management_name', SERVICE, ['requestBodyLogging']);
    return;
  }
  const fact = bodyLoggingFact(r);
  for (const s of services) ctx.patch(s.address, { requestBodyLogging: fact }, 'or');
}

export function mapApiManagementBackend(r: TfResource, ctx: MapperContext): void {
  if (serviceOf(r, ctx).length === 0)
    ctx.note(
      'unresolved-link',
      'api_management_name could not be linked to an azurerm_api_management',
      r.address,
    );
}

export function mapOpenIdConnectProvider(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, { kind: 'identity-provider', name: str(r, 'display_name') ?? r.name });
  if (serviceOf(r, ctx).length === 0)
    ctx.note(
      'unresolved-link',
      'api_management_name could not be linked to an azurerm_api_management',
      r.address,
    );
}

/** WAF on an Application Gateway: a linked WAF policy that is enabled in Prevention mode, or the inline waf_configuration. */
function gatewayWafFact(r: TfResource, ctx: MapperContext): Fact<boolean> {
  const policies = ctx.linked(r, 'firewall_policy_id', ['azurerm_web_application_firewall_policy'], ['id']);
  if (policies.length > 0) {
    return anyFact(
      policies.map((l) =>
        both(
          boolFact(l.resource, 'policy_settings.0.enabled', true),
          enumFact(l.resource, 'policy_settings.0.mode', ['Prevention'], 'Prevention'),
        ),
      ),
      byDefault(false, 'firewall_policy_id'),
    );
  }
  return both(
    boolFact(r, 'waf_configuration.0.enabled', false),
    enumFact(r, 'waf_configuration.0.firewall_mode', ['Prevention'], 'Detection'),
  );
}

/** An Application Gateway: a load balancer; with a WAF it protects the APIM services in its backend pools. */
export function mapApplicationGateway(r: TfResource, ctx: MapperContext): void {
  const waf = gatewayWafFact(r, ctx);
  const id = ctx.asset(r, {
    kind: 'load-balancer',
    facts: { internetReachable: publicFrontend(r, ctx), wafProtected: waf },
  });
  const path = 'backend_address_pool';
  for (const service of ctx.linked(r, path, SERVICE, ['gateway_url'])) {
    ctx.flow(id, service.resource.address, 'invoke', ctx.evidence(r, path, service.via));
    ctx.patch(service.resource.address, {
      wafProtected: { ...waf, attribute: `${r.address}.${waf.attribute}` },
    });
  }
}

export function mapWafPolicy(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, { kind: 'waf' });
}

/** A frontend with a public IP (a configured reference to an azurerm_public_ip counts even before its id is known). */
function publicFrontend(r: TfResource, ctx: MapperContext): Fact<boolean> {
  const facts = list(r, 'frontend_ip_configuration').map((_, i) => {
    const path = `frontend_ip_configuration.${i}.public_ip_address_id`;
    const ips = ctx.linked(r, path, ['azurerm_public_ip'], ['id']);
    return ips.length > 0 ? explicit(true, attributeName(path)) : presenceFact(r, path);
  });
  return anyFact(facts, byDefault(false, 'frontend_ip_configuration'));
}

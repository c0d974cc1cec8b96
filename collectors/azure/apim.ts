import type {
  ApiContract,
  ApiManagementServiceResource,
  BackendContract,
  DiagnosticContract,
  OpenidConnectProviderContract,
  PolicyContract,
} from '@azure/arm-apimanagement';
import {
  anyFact,
  byDefault,
  everyFact,
  explicit,
  isTrue,
  isUnknown,
  unknown,
  type Evidence,
  type Fact,
  type Facts,
} from '../../src/model/index.js';
import { summarizePolicy, type PolicySummary } from '../terraform/azurerm/apim-policy.js';
import { both, hostOf } from '../terraform/azurerm/common.js';
import type { AzureInventory } from './inventory.js';
import { assumeIdentities } from './managed-identity.js';
import type { AzureRuntime, Reading } from './runtime.js';

const SERVICE = 'Microsoft.ApiManagement';
const SERVICES = { service: SERVICE, operation: 'ApiManagementService_List' } as const;
const APIS = { service: SERVICE, operation: 'Api_ListByService' } as const;
/** ApiPolicy_Get is declared XML in the SDK and loses the JSON ARM sends; the list of the API's policies is not. */
const API_POLICY = { service: SERVICE, operation: 'ApiPolicy_ListByApi' } as const;
const GLOBAL_POLICY = { service: SERVICE, operation: 'Policy_Get' } as const;
const PROVIDERS = { service: SERVICE, operation: 'OpenIdConnectProvider_ListByService' } as const;
const BACKENDS = { service: SERVICE, operation: 'Backend_ListByService' } as const;
const DIAGNOSTICS = { service: SERVICE, operation: 'Diagnostic_ListByService' } as const;
const API_DIAGNOSTICS = { service: SERVICE, operation: 'ApiDiagnostic_ListByService' } as const;
const NATIVE = `${SERVICE}/service`;
/** Policies are read unescaped (`rawxml`): C# expressions in attribute values stay as written. */
const RAW = { format: 'rawxml' } as const;
const NO_API = 'no API of this service could be read';

const at = (api: string, field: string): string => `${api}.${field}`;

type Client = import('@azure/arm-apimanagement').ApiManagementClient;

/** A policy document of the service (global) or of one API; `summary` undefined when it could not be read. */
interface Policy {
  readonly id: string;
  readonly operation: string;
  readonly summary: PolicySummary | undefined;
  readonly failure?: string;
}

interface Api {
  readonly contract: ApiContract;
  readonly policies: readonly Policy[];
  readonly auth: Fact<boolean>;
}

/**
 * API Management services with their APIs, policies, backends and OpenID Connect providers, judged as the
 * azurerm mapper judges azurerm_api_management and its children. Invoke flows to backends are drawn once every
 * service is read, since the backend (an Azure OpenAI account) is matched by the host of its URL.
 */
export async function collectApim(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const client = await rt.client(subscription, 'apim', async () => {
    const sdk = await import('@azure/arm-apimanagement');
    return { Client: sdk.ApiManagementClient, getContinuationToken: sdk.getContinuationToken };
  });
  const services = await rt.list(subscription, SERVICES, () => client.apiManagementService.list().byPage());
  await Promise.all(services.items.map((s) => collectService(rt, inv, subscription, client, s)));
  rt.progress(`${subscription}: API Management services read`);
}

async function collectService(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
  client: Client,
  s: ApiManagementServiceResource,
): Promise<void> {
  const { id, name } = s;
  const group = id === undefined ? undefined : /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];
  if (id === undefined || name === undefined || group === undefined) return;
  const [apis, global, providers, backends, diagnostics] = await Promise.all([
    rt.list(subscription, APIS, () => client.api.listByService(group, name).byPage(), id),
    rt.get(subscription, GLOBAL_POLICY, () => client.policy.get(group, name, 'policy', RAW), id),
    rt.list(
      subscription,
      PROVIDERS,
      () => client.openIdConnectProvider.listByService(group, name).byPage(),
      id,
    ),
    rt.list(subscription, BACKENDS, () => client.backend.listByService(group, name).byPage(), id),
    rt.list(subscription, DIAGNOSTICS, () => client.diagnostic.listByService(group, name).byPage(), id),
  ]);
  const globals = policyOf(`${id}/policies/policy`, GLOBAL_POLICY.operation, global);
  // Revisions other than the current one do not serve calls.
  const current = apis.items.filter((a) => a.isCurrent !== false && a.name !== undefined);
  const read = await Promise.all(
    current.map(async (contract): Promise<Api & { bodies: Fact<boolean> }> => {
      const apiId = contract.name ?? '';
      const apiRef = contract.id ?? `${id}/apis/${apiId}`;
      const [policy, apiDiagnostics] = await Promise.all([
        rt.get(subscription, API_POLICY, () => client.apiPolicy.listByApi(group, name, apiId), apiRef),
        rt.list(
          subscription,
          API_DIAGNOSTICS,
          () => client.apiDiagnostic.listByService(group, name, apiId).byPage(),
          apiRef,
        ),
      ]);
      const own =
        policy.value === undefined
          ? policyOf(`${apiRef}/policies/policy`, API_POLICY.operation, { ...policy, value: undefined })
          : (policy.value.value ?? []).flatMap((p) =>
              policyOf(p.id ?? `${apiRef}/policies/policy`, API_POLICY.operation, { value: p }),
            );
      const policies = [...globals, ...own];
      return {
        contract,
        policies,
        auth: apiAuthFact(contract, policies),
        bodies: bodyLoggingFact(API_DIAGNOSTICS.operation, apiDiagnostics),
      };
    }),
  );
  const all = [...new Set([...globals, ...read.flatMap((a) => a.policies)])];
  const requiresAuthentication =
    apis.incomplete === undefined
      ? everyFact(
          read.map((a) => a.auth),
          unknown('apis', 'no API of this service'),
        )
      : unknown(APIS.operation, apis.incomplete.message);
  const forwarding = read.filter(
    (a) =>
      (a.contract.serviceUrl ?? '') !== '' ||
      a.policies.some((p) => (p.summary?.backendUrls.length ?? 0) + (p.summary?.backendIds.length ?? 0) > 0),
  );
  const facts: Facts = {
    internetReachable: internetFact(s),
    requiresAuthentication,
    authMethod:
      apis.incomplete === undefined
        ? authMethod(all, read)
        : unknown(APIS.operation, apis.incomplete.message),
    throttling: anyFact(
      all.map((p) => policyFact(p, (x) => x.throttling.length > 0, 'rate-limit / quota / token-limit')),
      byDefault(false, at(API_POLICY.operation, 'properties.value')),
    ),
    requestValidation:
      apis.incomplete === undefined
        ? everyFact(
            (forwarding.length > 0 ? forwarding : read).map((a) => validationFact(a.policies)),
            unknown('apis', NO_API),
          )
        : unknown(APIS.operation, apis.incomplete.message),
    wafProtected: unknown(
      'applicationGateways',
      'Application Gateways in front of the service are not read by the live Azure collector',
    ),
    requestBodyLogging: anyFact(
      [bodyLoggingFact(DIAGNOSTICS.operation, diagnostics), ...read.map((a) => a.bodies)],
      byDefault(false, at(DIAGNOSTICS.operation, 'value')),
    ),
  };
  inv.asset(subscription, {
    id,
    kind: 'api-gateway',
    nativeType: NATIVE,
    name,
    ...(s.location === undefined ? {} : { region: s.location }),
    facts,
    tags: s.tags ?? {},
  });
  identities(inv, subscription, s, id);
  const idps = providerAssets(inv, subscription, id, providers.items, s.location);
  for (const a of read) {
    authenticateFlows(inv, subscription, id, a, idps);
    const authenticated = a.auth;
    const url = a.contract.serviceUrl;
    if (url !== undefined && url !== '')
      invokeByUrl(inv, id, url, apiEvidence(a, 'properties.serviceUrl'), authenticated);
    for (const p of a.policies) {
      const evidence = {
        assetId: p.id,
        attribute: at(p.operation, 'properties.value (set-backend-service)'),
      };
      for (const u of p.summary?.backendUrls ?? []) invokeByUrl(inv, id, u, evidence, authenticated);
      for (const backendId of p.summary?.backendIds ?? [])
        for (const b of backends.items.filter((x) => x.name === backendId))
          if (b.url !== undefined) invokeByUrl(inv, id, b.url, evidence, authenticated);
    }
  }
  for (const b of backends.items) backendFlow(inv, id, b, requiresAuthentication);
}

function policyOf(id: string, operation: string, r: Reading<PolicyContract>): Policy[] {
  if (r.missing === true) return [];
  if (r.incomplete !== undefined)
    return [{ id, operation, summary: undefined, failure: r.incomplete.message }];
  const xml = r.value?.value;
  return xml === undefined || xml === ''
    ? [{ id, operation, summary: undefined, failure: 'the policy has no content' }]
    : [{ id, operation, summary: summarizePolicy(xml) }];
}

function policyFact(p: Policy, test: (s: PolicySummary) => boolean, what: string): Fact<boolean> {
  const attribute = at(p.operation, 'properties.value');
  if (p.summary === undefined) return unknown(attribute, p.failure ?? 'the policy could not be read');
  return explicit(test(p.summary), `${attribute} (${what})`);
}

const validatesToken = (s: PolicySummary): boolean => s.validateJwt || s.validateEntraToken;

/** As in the mapper: a validated token (API or global policy), or a subscription key (required by default). */
function apiAuthFact(api: ApiContract, policies: readonly Policy[]): Fact<boolean> {
  const token = anyFact(
    policies.map((p) => policyFact(p, validatesToken, 'validate-jwt / validate-azure-ad-token')),
    byDefault(false, 'validate-jwt'),
  );
  return anyFact([token, subscriptionFact(api)], byDefault(false, 'subscriptionRequired'));
}

function subscriptionFact(api: ApiContract): Fact<boolean> {
  const attribute = at(APIS.operation, 'properties.subscriptionRequired');
  return api.subscriptionRequired === undefined
    ? byDefault(true, attribute)
    : explicit(api.subscriptionRequired, attribute);
}

/** A validated token (any policy), else a subscription key when an API requires one, else NONE. */
function authMethod(policies: readonly Policy[], apis: readonly Api[]): Fact<string> {
  const summaries = policies.flatMap((p) => (p.summary === undefined ? [] : [p.summary]));
  if (summaries.some((s) => s.validateEntraToken)) return explicit('ENTRA_ID', 'validate-azure-ad-token');
  if (summaries.some((s) => s.validateJwt)) return explicit('JWT', 'validate-jwt');
  const unread = policies.map((p) => policyFact(p, validatesToken, '')).find(isUnknown);
  if (unread !== undefined) return unread;
  const keyed = apis.map((a) => subscriptionFact(a.contract)).find(isTrue);
  if (keyed !== undefined)
    return keyed.state === 'explicit' ? explicit('KEY', keyed.attribute) : byDefault('KEY', keyed.attribute);
  if (apis.length === 0)
    return unknown('policy', 'no token validation or subscription setting could be read');
  return explicit('NONE', at(APIS.operation, 'properties.subscriptionRequired'));
}

/**
 * validate-content in the global or API policy. Without one, an operation's own policy may still validate: those
 * are not read (one call per operation), so the answer is unknown rather than false.
 */
function validationFact(policies: readonly Policy[]): Fact<boolean> {
  const fact = anyFact(
    policies.map((p) =>
      policyFact(p, (s) => s.validatesRequestBody, 'validate-content (prevent) in inbound'),
    ),
    byDefault(false, 'validate-content'),
  );
  if (fact.state === 'unknown' || fact.value) return fact;
  return unknown(
    'ApiOperationPolicy_Get',
    'no global or API policy validates request bodies; operation policies are not read by the live Azure collector',
  );
}

/** Reachable from the internet unless deployed in Internal VNet mode or with public network access disabled. */
function internetFact(s: ApiManagementServiceResource): Fact<boolean> {
  const vnet = at(SERVICES.operation, 'properties.virtualNetworkType');
  const pub = at(SERVICES.operation, 'properties.publicNetworkAccess');
  const notInternal =
    s.virtualNetworkType === undefined
      ? byDefault(true, vnet)
      : explicit(s.virtualNetworkType !== 'Internal', vnet);
  const open =
    s.publicNetworkAccess === undefined
      ? byDefault(true, pub)
      : explicit(s.publicNetworkAccess === 'Enabled', pub);
  return both(notInternal, open);
}

/** Whether any diagnostic logs request or response bodies (`body.bytes` above 0 in one of its four settings). */
function bodyLoggingFact(
  operation: string,
  listing: { items: DiagnosticContract[]; incomplete?: { message: string } },
): Fact<boolean> {
  if (listing.incomplete !== undefined) return unknown(operation, listing.incomplete.message);
  const facts = listing.items.map((d) => {
    for (const side of ['frontend', 'backend'] as const)
      for (const way of ['request', 'response'] as const) {
        const bytes = d[side]?.[way]?.body?.bytes;
        if (bytes !== undefined && bytes > 0)
          return explicit(
            true,
            `${at(operation, `properties.${side}.${way}.body.bytes`)} (${String(bytes)})`,
          );
      }
    return explicit(false, at(operation, 'properties.body.bytes'));
  });
  return anyFact(facts, byDefault(false, at(operation, 'value')));
}

function identities(
  inv: AzureInventory,
  subscription: string,
  s: ApiManagementServiceResource,
  id: string,
): void {
  inv.principal(s.identity?.principalId, id);
  assumeIdentities(
    inv,
    subscription,
    id,
    s.identity,
    at(SERVICES.operation, 'identity.userAssignedIdentities'),
  );
}

/** OpenID Connect providers as identity-provider assets, by provider name and by metadata endpoint. */
function providerAssets(
  inv: AzureInventory,
  subscription: string,
  service: string,
  providers: readonly OpenidConnectProviderContract[],
  region: string | undefined,
): { byName: Map<string, string>; byMetadata: Map<string, string> } {
  const byName = new Map<string, string>();
  const byMetadata = new Map<string, string>();
  for (const p of providers) {
    if (p.name === undefined) continue;
    const id = inv.asset(subscription, {
      id: p.id ?? `${service}/openidConnectProviders/${p.name}`,
      kind: 'identity-provider',
      nativeType: `${NATIVE}/openidConnectProviders`,
      name: p.displayName ?? p.name,
      ...(region === undefined ? {} : { region }),
    });
    byName.set(p.name, id);
    if (p.metadataEndpoint !== undefined) byMetadata.set(p.metadataEndpoint, id);
  }
  return { byName, byMetadata };
}

/** Flows to the identity providers an API's callers authenticate with (its settings and its policies). */
function authenticateFlows(
  inv: AzureInventory,
  subscription: string,
  service: string,
  a: Api,
  idps: { byName: Map<string, string>; byMetadata: Map<string, string> },
): void {
  const settings = a.contract.authenticationSettings;
  const named = [settings?.openid, ...(settings?.openidAuthenticationSettings ?? [])].flatMap((o) =>
    o?.openidProviderId === undefined ? [] : [o.openidProviderId],
  );
  for (const name of named) {
    const idp = idps.byName.get(name.split('/').pop() ?? name);
    if (idp !== undefined)
      inv.flow('authenticate', service, idp, apiEvidence(a, 'properties.authenticationSettings.openid'));
  }
  for (const p of a.policies) {
    const s = p.summary;
    if (s === undefined) continue;
    for (const url of s.openIdConfigUrls) {
      const idp =
        idps.byMetadata.get(url) ??
        inv.asset(subscription, {
          id: `${p.id}#openid-config`,
          kind: 'identity-provider',
          nativeType: 'openid-configuration',
          name: hostOf(url) ?? url,
        });
      inv.flow('authenticate', service, idp, {
        assetId: p.id,
        attribute: at(p.operation, `properties.value (validate-jwt openid-config ${url})`),
      });
    }
    if (s.validateEntraToken) {
      const idp = inv.asset(subscription, {
        id: `${p.id}#entra-id`,
        kind: 'identity-provider',
        nativeType: 'openid-configuration',
        name: 'Microsoft Entra ID',
      });
      inv.flow('authenticate', service, idp, {
        assetId: p.id,
        attribute: at(p.operation, 'properties.value (validate-azure-ad-token)'),
      });
    }
  }
}

function apiEvidence(a: Api, field: string): Evidence {
  return { assetId: a.contract.id ?? '', attribute: at(APIS.operation, field) };
}

/** An invoke flow to whatever inventoried resource serves the URL's host, once every service is read. */
function invokeByUrl(
  inv: AzureInventory,
  from: string,
  url: string,
  evidence: Evidence,
  authenticated: Fact<boolean>,
): void {
  const host = hostOf(url);
  if (host === undefined) return;
  inv.afterServices(() => {
    for (const to of inv.servedBy(host)) inv.flow('invoke', from, to, evidence, { authenticated });
  });
}

function backendFlow(
  inv: AzureInventory,
  id: string,
  b: BackendContract,
  authenticated: Fact<boolean>,
): void {
  if (b.url === undefined) return;
  invokeByUrl(
    inv,
    id,
    b.url,
    { assetId: b.id ?? id, attribute: at(BACKENDS.operation, 'properties.url') },
    authenticated,
  );
}

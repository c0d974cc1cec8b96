import type { Account, Deployment, RaiPolicy } from '@azure/arm-cognitiveservices';
import {
  byDefault,
  everyFact,
  explicit,
  unknown,
  type Evidence,
  type Fact,
  type Facts,
} from '../../src/model/index.js';
import {
  deploymentFilterFacts,
  type DeploymentFilterFacts,
  type DeploymentPolicy,
} from '../terraform/azurerm/cognitive.js';
import { both, hostOf } from '../terraform/azurerm/common.js';
import { raiPolicyFacts, raiPolicyResource, relabelAll } from './rai.js';
import type { AzureInventory } from './inventory.js';
import { approvedPrivateEndpoint, assumeIdentities, resourceGroupOf } from './managed-identity.js';
import type { AzureRuntime } from './runtime.js';

const SERVICE = 'Microsoft.CognitiveServices';
const ACCOUNTS = { service: SERVICE, operation: 'Accounts_List' } as const;
const DEPLOYMENTS = { service: SERVICE, operation: 'Deployments_List' } as const;
const RAI_POLICIES = { service: SERVICE, operation: 'RaiPolicies_List' } as const;
/** Host suffixes of an account's custom subdomain (`https://<customSubDomainName>.<suffix>/`). */
const ENDPOINT_SUFFIXES = ['openai.azure.com', 'cognitiveservices.azure.com', 'services.ai.azure.com'];
const GENERATIVE_KINDS = new Set(['openai', 'aiservices']);

const at = (api: string, field: string): string => `${api}.${field}`;

/**
 * The Cognitive Services accounts of a subscription and, for kinds OpenAI and AIServices, their model
 * deployments, with the facts the azurerm mapper gives for azurerm_cognitive_account and _deployment.
 */
export async function collectCognitive(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const client = await rt.client(subscription, 'cognitive', async () => {
    const sdk = await import('@azure/arm-cognitiveservices');
    return { Client: sdk.CognitiveServicesManagementClient, getContinuationToken: sdk.getContinuationToken };
  });
  const accounts = await rt.list(subscription, ACCOUNTS, () => client.accounts.list().byPage());
  await Promise.all(
    accounts.items.map(async (account) => {
      const id = account.id;
      const name = account.name;
      if (id === undefined || name === undefined) return;
      const generative = GENERATIVE_KINDS.has((account.kind ?? '').toLowerCase());
      const facts = accountFacts(account);
      if (generative) {
        const group = resourceGroupOf(id);
        const bad = {
          items: [],
          incomplete: { code: 'BadResourceId', message: `no resource group in ${id}` },
        };
        const [deployments, policies] =
          group === undefined
            ? [bad, bad]
            : await Promise.all([
                rt.list(subscription, DEPLOYMENTS, () => client.deployments.list(group, name).byPage(), id),
                rt.list(subscription, RAI_POLICIES, () => client.raiPolicies.list(group, name).byPage(), id),
              ]);
        if (deployments.incomplete !== undefined)
          facts.guardrailAttached = unknown(DEPLOYMENTS.operation, deployments.incomplete.message);
        const byName: Policies = {
          named: new Map(policies.items.map((p) => [p.name ?? '', p])),
          incomplete: policies.incomplete,
        };
        const filtered = deployments.items.map((d) => [d, filterFacts(d, byName)] as const);
        if (deployments.incomplete === undefined && filtered.length > 0)
          facts.guardrailAttached = everyFact(
            filtered.map(([, f]) => f.guardrailAttached),
            byDefault(false, at(DEPLOYMENTS.operation, 'properties.raiPolicyName')),
          );
        for (const [d, f] of filtered) addDeployment(inv, subscription, id, account.location, d, f);
        for (const p of policies.items) addRaiPolicy(inv, subscription, account.location, p);
      }
      inv.asset(subscription, {
        id,
        kind: account.kind === 'ContentSafety' ? 'guardrail' : 'foundation-model-service',
        nativeType: `${SERVICE}/accounts`,
        name,
        ...(account.location === undefined ? {} : { region: account.location }),
        facts,
        tags: account.tags ?? {},
      });
      inv.principal(account.identity?.principalId, id);
      const p = account.properties ?? {};
      for (const suffix of ENDPOINT_SUFFIXES)
        if (p.customSubDomainName !== undefined && p.customSubDomainName !== '')
          inv.serves(`${p.customSubDomainName}.${suffix}`, id);
      for (const url of [p.endpoint, ...Object.values(p.endpoints ?? {})])
        if (url !== undefined) inv.serves(hostOf(url), id);
      assumeIdentities(
        inv,
        subscription,
        id,
        account.identity,
        at(ACCOUNTS.operation, 'identity.userAssignedIdentities'),
      );
    }),
  );
  rt.progress(`${subscription}: Cognitive Services accounts read`);
}

function accountFacts(a: Account): Facts {
  const api = ACCOUNTS.operation;
  const p = a.properties ?? {};
  const publicAccess =
    p.publicNetworkAccess === undefined
      ? byDefault(true, at(api, 'properties.publicNetworkAccess'))
      : explicit(p.publicNetworkAccess === 'Enabled', at(api, 'properties.publicNetworkAccess'));
  const aclDefault =
    p.networkAcls?.defaultAction === undefined
      ? byDefault(true, at(api, 'properties.networkAcls.defaultAction'))
      : explicit(p.networkAcls.defaultAction === 'Allow', at(api, 'properties.networkAcls.defaultAction'));
  const approved = approvedPrivateEndpoint(p.privateEndpointConnections);
  return {
    internetReachable: both(publicAccess, aclDefault),
    keyAuthEnabled: boolOf(p.disableLocalAuth, at(api, 'properties.disableLocalAuth'), true, true),
    customerManagedKey:
      p.encryption?.keySource === undefined
        ? byDefault(false, at(api, 'properties.encryption.keySource'))
        : explicit(
            p.encryption.keySource === 'Microsoft.KeyVault',
            at(api, 'properties.encryption.keySource'),
          ),
    networkIsolated: boolOf(
      p.restrictOutboundNetworkAccess,
      at(api, 'properties.restrictOutboundNetworkAccess'),
      false,
      false,
    ),
    privateNetwork: explicit(approved, at(api, 'properties.privateEndpointConnections')),
    providerManaged: explicit(true, at(api, 'kind')),
  };
}

/** A boolean field, negated when `invert` (disableLocalAuth says the opposite of keyAuthEnabled). */
function boolOf(
  value: boolean | undefined,
  attribute: string,
  dflt: boolean,
  invert: boolean,
): Fact<boolean> {
  if (value === undefined) return byDefault(dflt, attribute);
  return explicit(invert ? !value : value, attribute);
}

/** The RAI policies of an account, by name, or why they could not be listed. */
interface Policies {
  readonly named: ReadonlyMap<string, RaiPolicy>;
  readonly incomplete: { readonly message: string } | undefined;
}

/**
 * The policy a deployment names, judged as the azurerm mapper judges a plan's: from the filters ARM lists for it
 * (the list holds the system-managed policies too), else by its name. API versions before the one that names
 * Microsoft.DefaultV2 on a deployment created without a policy return no raiPolicyName: the default policy.
 */
function filterFacts(d: Deployment, policies: Policies): DeploymentFilterFacts {
  const name = d.properties?.raiPolicyName ?? '';
  const read = policies.named.get(name);
  const policy: DeploymentPolicy =
    name === ''
      ? { kind: 'default' }
      : read !== undefined
        ? { kind: 'read', policy: raiPolicyResource(read) }
        : {
            kind: 'named',
            name,
            reason:
              policies.incomplete === undefined
                ? `RAI policy "${name}" is not among the account's RAI policies`
                : `RAI policy "${name}" could not be read: ${policies.incomplete.message}`,
          };
  return relabelAll(deploymentFilterFacts(policy, at(DEPLOYMENTS.operation, 'properties.raiPolicyName')));
}

function addDeployment(
  inv: AzureInventory,
  subscription: string,
  accountId: string,
  region: string | undefined,
  d: Deployment,
  filters: DeploymentFilterFacts,
): void {
  if (d.id === undefined || d.name === undefined) return;
  const api = DEPLOYMENTS.operation;
  const p = d.properties ?? {};
  const upgrade = p.versionUpgradeOption;
  const sku = d.sku?.name;
  const facts: Facts = {
    ...filters,
    // Default OnceNewDefaultVersionAvailable: the model version changes without review.
    autoModelUpgrade:
      upgrade === undefined
        ? byDefault(true, at(api, 'properties.versionUpgradeOption'))
        : explicit(upgrade !== 'NoAutoUpgrade', at(api, 'properties.versionUpgradeOption')),
    // Global* and DataZone* SKUs may process prompts outside the deployment's region.
    crossRegionProcessing:
      sku === undefined
        ? byDefault(false, at(api, 'sku.name'))
        : explicit(/^(global|datazone)/i.test(sku), at(api, 'sku.name')),
  };
  inv.asset(subscription, {
    id: d.id,
    kind: 'model',
    nativeType: `${SERVICE}/accounts/deployments`,
    name: p.model?.name === undefined ? d.name : `${d.name} (${p.model.name})`,
    ...(region === undefined ? {} : { region }),
    facts,
    tags: d.tags ?? {},
  });
  inv.flow('invoke', accountId, d.id, evidence(accountId, api, 'id'));
}

/** A content filter policy the account's owners manage (the built-in ones are no resource of their own). */
function addRaiPolicy(
  inv: AzureInventory,
  subscription: string,
  region: string | undefined,
  p: RaiPolicy,
): void {
  if (p.id === undefined || p.name === undefined || p.properties?.type === 'SystemManaged') return;
  inv.asset(subscription, {
    id: p.id,
    kind: 'guardrail',
    nativeType: `${SERVICE}/accounts/raiPolicies`,
    name: p.name,
    ...(region === undefined ? {} : { region }),
    facts: raiPolicyFacts(p),
    tags: p.tags ?? {},
  });
}

function evidence(assetId: string, api: string, field: string): Evidence {
  return { assetId, attribute: at(api, field) };
}

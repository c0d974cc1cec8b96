import type { Account, Deployment } from '@azure/arm-cognitiveservices';
import {
  byDefault,
  everyFact,
  explicit,
  unknown,
  type Evidence,
  type Fact,
  type Facts,
} from '../../src/model/index.js';
import { both } from '../terraform/azurerm/common.js';
import type { AzureInventory } from './inventory.js';
import type { AzureRuntime } from './runtime.js';

const SERVICE = 'Microsoft.CognitiveServices';
const ACCOUNTS = { service: SERVICE, operation: 'Accounts_List' } as const;
const DEPLOYMENTS = { service: SERVICE, operation: 'Deployments_List' } as const;
const GENERATIVE_KINDS = new Set(['openai', 'aiservices']);
/** The built-in policies block the four harm categories in completions at medium severity. */
const BUILT_IN_POLICIES = new Set(['Microsoft.Default', 'Microsoft.DefaultV2']);
const NOT_READ = 'diagnostic settings are not read by the live Azure collector yet';

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
        const deployments =
          group === undefined
            ? { items: [], incomplete: { code: 'BadResourceId', message: `no resource group in ${id}` } }
            : await rt.list(
                subscription,
                DEPLOYMENTS,
                () => client.deployments.list(group, name).byPage(),
                id,
              );
        if (deployments.incomplete !== undefined)
          facts.guardrailAttached = unknown(DEPLOYMENTS.operation, deployments.incomplete.message);
        else if (deployments.items.length > 0)
          facts.guardrailAttached = everyFact(
            deployments.items.map(guardrailFact),
            byDefault(false, at(DEPLOYMENTS.operation, 'properties.raiPolicyName')),
          );
        for (const d of deployments.items) addDeployment(inv, subscription, id, account.location, d);
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
      for (const identity of Object.keys(account.identity?.userAssignedIdentities ?? {}).sort()) {
        inv.asset(subscription, {
          id: identity,
          kind: 'identity',
          nativeType: 'Microsoft.ManagedIdentity/userAssignedIdentities',
          name: identity.split('/').pop() ?? identity,
        });
        inv.flow(
          'assume-identity',
          id,
          identity,
          evidence(id, ACCOUNTS.operation, 'identity.userAssignedIdentities'),
        );
      }
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
  const approved = (p.privateEndpointConnections ?? []).some(
    (c) => c.properties?.privateLinkServiceConnectionState?.status === 'Approved',
  );
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
    invocationLogging: unknown('diagnosticSettings', NOT_READ),
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

/**
 * A deployment without raiPolicyName gets the default content filter, which does not block prompt attacks
 * (as in the azurerm mapper), so guardrailAttached is false for it.
 */
function guardrailFact(d: Deployment): Fact<boolean> {
  return explicit(
    (d.properties?.raiPolicyName ?? '') !== '',
    at(DEPLOYMENTS.operation, 'properties.raiPolicyName'),
  );
}

function addDeployment(
  inv: AzureInventory,
  subscription: string,
  accountId: string,
  region: string | undefined,
  d: Deployment,
): void {
  if (d.id === undefined || d.name === undefined) return;
  const api = DEPLOYMENTS.operation;
  const p = d.properties ?? {};
  const upgrade = p.versionUpgradeOption;
  const sku = d.sku?.name;
  const facts: Facts = {
    guardrailAttached: guardrailFact(d),
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
  const policy = p.raiPolicyName ?? '';
  if (policy === '') facts.harmfulContentFilter = byDefault(true, at(api, 'properties.raiPolicyName'));
  else {
    // The content of a named policy (raiPolicies) is not read in this slice.
    const reason = `RAI policy "${policy}" is not read by the live Azure collector yet`;
    facts.promptAttackFilter = unknown(at(api, 'properties.raiPolicyName'), reason);
    facts.sensitiveDataFilter = unknown(at(api, 'properties.raiPolicyName'), reason);
    facts.harmfulContentFilter = BUILT_IN_POLICIES.has(policy)
      ? explicit(true, at(api, 'properties.raiPolicyName'))
      : unknown(at(api, 'properties.raiPolicyName'), reason);
  }
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

function evidence(assetId: string, api: string, field: string): Evidence {
  return { assetId, attribute: at(api, field) };
}

/** The resource group of an ARM resource id. */
function resourceGroupOf(id: string): string | undefined {
  return /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];
}

import type {
  BlobServiceProperties,
  ListContainerItem,
  ManagementPolicy,
  ManagementPolicyRule,
  StorageAccount,
} from '@azure/arm-storage';
import { anyFact, byDefault, explicit, unknown, type Fact, type Facts } from '../../src/model/index.js';
import { both } from '../terraform/azurerm/common.js';
import type { AzureInventory } from './inventory.js';
import { approvedPrivateEndpoint, assumeIdentities, resourceGroupOf } from './managed-identity.js';
import type { AzureRuntime, Listing, Reading } from './runtime.js';

const SERVICE = 'Microsoft.Storage';
const ACCOUNTS = { service: SERVICE, operation: 'StorageAccounts_List' } as const;
const BLOB_SERVICE = { service: SERVICE, operation: 'BlobServices_GetServiceProperties' } as const;
const CONTAINERS = { service: SERVICE, operation: 'BlobContainers_List' } as const;
const POLICY = { service: SERVICE, operation: 'ManagementPolicies_Get' } as const;
/** Container access levels that let anyone read blobs without a credential. */
const PUBLIC_LEVELS = new Set(['blob', 'container']);

const at = (api: string, field: string): string => `${api}.${field}`;

/** What the blob service of an account gave: its properties, its containers and its lifecycle policy. */
interface BlobReadings {
  readonly service: Reading<BlobServiceProperties>;
  readonly containers: Listing<ListContainerItem>;
  readonly policy: Reading<ManagementPolicy>;
  /** Set for an account kind without a blob service. */
  readonly none?: true;
}

/** A FileStorage account has no blob service: it is not asked about one. */
const NO_BLOBS: BlobReadings = {
  service: { missing: true },
  containers: { items: [] },
  policy: { missing: true },
  none: true,
};

/**
 * The storage accounts of a subscription with their blob service properties, containers and management policy,
 * with the facts the azurerm mapper gives for azurerm_storage_account (its containers, network rules and
 * management policy folded in). Account keys are never listed.
 */
export async function collectStorage(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const client = await rt.client(subscription, 'storage', async () => {
    const sdk = await import('@azure/arm-storage');
    return { Client: sdk.StorageManagementClient, getContinuationToken: continuationOf };
  });
  const accounts = await rt.list(subscription, ACCOUNTS, () => client.storageAccounts.list().byPage());
  await Promise.all(
    accounts.items.map(async (account) => {
      const { id, name } = account;
      if (id === undefined || name === undefined) return;
      const group = resourceGroupOf(id);
      // Data-plane logs are set on the blob service, or on the file service of a FileStorage account.
      inv.logsAt(id, `${id}/${account.kind === 'FileStorage' ? 'fileServices' : 'blobServices'}/default`);
      let blobs = NO_BLOBS;
      if (group === undefined) {
        const incomplete = { code: 'BadResourceId', message: `no resource group in ${id}` };
        blobs = { service: { incomplete }, containers: { items: [], incomplete }, policy: { incomplete } };
      } else if (account.kind !== 'FileStorage') {
        const [service, containers, policy] = await Promise.all([
          rt.get(subscription, BLOB_SERVICE, () => client.blobServices.getServiceProperties(group, name), id),
          rt.list(subscription, CONTAINERS, () => client.blobContainers.list(group, name).byPage(), id),
          rt.get(subscription, POLICY, () => client.managementPolicies.get(group, name, 'default'), id),
        ]);
        blobs = { service, containers, policy };
      }
      inv.asset(subscription, {
        id,
        kind: 'object-store',
        nativeType: `${SERVICE}/storageAccounts`,
        name,
        ...(account.location === undefined ? {} : { region: account.location }),
        facts: accountFacts(account, blobs),
        tags: account.tags ?? {},
      });
      assumeIdentities(
        inv,
        subscription,
        id,
        account.identity,
        at(ACCOUNTS.operation, 'identity.userAssignedIdentities'),
      );
    }),
  );
  rt.progress(`${subscription}: storage accounts read`);
}

function accountFacts(a: StorageAccount, blobs: BlobReadings): Facts {
  const api = ACCOUNTS.operation;
  const publicAccess =
    a.publicNetworkAccess === undefined
      ? byDefault(true, at(api, 'properties.publicNetworkAccess'))
      : explicit(a.publicNetworkAccess === 'Enabled', at(api, 'properties.publicNetworkAccess'));
  const aclDefault =
    a.networkRuleSet?.defaultAction === undefined
      ? byDefault(true, at(api, 'properties.networkAcls.defaultAction'))
      : explicit(a.networkRuleSet.defaultAction === 'Allow', at(api, 'properties.networkAcls.defaultAction'));
  // allowBlobPublicAccess: "the default interpretation is false".
  const nestedPublic = boolOf(a.allowBlobPublicAccess, at(api, 'properties.allowBlobPublicAccess'), false);
  const keySource = a.encryption?.keySource;
  const approved = approvedPrivateEndpoint(a.privateEndpointConnections);
  return {
    internetReachable: both(publicAccess, aclDefault),
    keyAuthEnabled: boolOf(a.allowSharedKeyAccess, at(api, 'properties.allowSharedKeyAccess'), true),
    anonymousRead: both(nestedPublic, containersPublic(blobs.containers)),
    // Anonymous access to Azure Blob storage is read-only.
    anonymousWrite: byDefault(false, at(CONTAINERS.operation, 'properties.publicAccess')),
    publicAccessBlocked:
      a.allowBlobPublicAccess === undefined
        ? byDefault(true, at(api, 'properties.allowBlobPublicAccess'))
        : explicit(!a.allowBlobPublicAccess, at(api, 'properties.allowBlobPublicAccess')),
    // Azure Storage encrypts all data at rest (Microsoft-managed keys unless a customer-managed key is set).
    encryptedAtRest:
      a.encryption?.services?.blob?.enabled === true
        ? explicit(true, at(api, 'properties.encryption.services.blob.enabled'))
        : byDefault(true, at(api, 'properties.encryption')),
    customerManagedKey:
      keySource === undefined
        ? byDefault(false, at(api, 'properties.encryption.keySource'))
        : explicit(
            keySource.toLowerCase() === 'microsoft.keyvault',
            at(api, 'properties.encryption.keySource'),
          ),
    versioning: blobs.none ? explicit(false, at(api, 'kind')) : versioningFact(blobs.service),
    immutability: boolOf(
      a.immutableStorageWithVersioning?.enabled,
      at(api, 'properties.immutableStorageWithVersioning.enabled'),
      false,
    ),
    deletionLifecycle: blobs.none ? explicit(false, at(api, 'kind')) : lifecycleFact(blobs.policy),
    privateNetwork: explicit(approved, at(api, 'properties.privateEndpointConnections')),
  };
}

function boolOf(value: boolean | undefined, attribute: string, dflt: boolean): Fact<boolean> {
  return value === undefined ? byDefault(dflt, attribute) : explicit(value, attribute);
}

/** Whether a container lets anyone read: access level Blob or Container. A gap in the listing is unknown. */
function containersPublic(containers: Listing<ListContainerItem>): Fact<boolean> {
  const attribute = at(CONTAINERS.operation, 'properties.publicAccess');
  const read = containers.items.map((c) =>
    c.publicAccess === undefined
      ? byDefault(false, attribute)
      : explicit(PUBLIC_LEVELS.has(c.publicAccess.toLowerCase()), attribute),
  );
  const gap = containers.incomplete === undefined ? [] : [unknown(attribute, containers.incomplete.message)];
  return anyFact([...read, ...gap], byDefault(false, attribute));
}

function versioningFact(service: Reading<BlobServiceProperties>): Fact<boolean> {
  const attribute = at(BLOB_SERVICE.operation, 'properties.isVersioningEnabled');
  if (service.incomplete !== undefined) return unknown(attribute, service.incomplete.message);
  return boolOf(service.value?.isVersioningEnabled, attribute, false);
}

/** As the mapper judges a management policy: an enabled rule with a delete action after some days. */
function lifecycleFact(policy: Reading<ManagementPolicy>): Fact<boolean> {
  const api = POLICY.operation;
  if (policy.incomplete !== undefined)
    return unknown(at(api, 'properties.policy'), policy.incomplete.message);
  if (policy.value === undefined) return byDefault(false, at(api, 'properties.policy'));
  const rules = policy.value.policy?.rules ?? [];
  const i = rules.findIndex(ruleDeletes);
  return i >= 0
    ? explicit(true, at(api, `properties.policy.rules[${i}].definition.actions`))
    : explicit(false, at(api, 'properties.policy.rules'));
}

function ruleDeletes(rule: ManagementPolicyRule): boolean {
  if (rule.enabled === false) return false;
  const a = rule.definition.actions;
  return [a.baseBlob?.delete, a.snapshot?.delete, a.version?.delete].some(
    (d) => d !== undefined && Object.values(d).some((v) => typeof v === 'number'),
  );
}

/** The nextLink behind a page of this (TypeSpec-generated) package: pages carry it as `continuationToken`. */
function continuationOf(page: unknown): string | undefined {
  const token = (page as { continuationToken?: unknown } | undefined)?.continuationToken;
  return typeof token === 'string' ? token : undefined;
}

import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { AFTER_APPLY, isUnknownAt, list, num, presenceFact } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { Json, TfResource } from '../types.js';
import { encryptWith, linkFirst } from './common.js';

const WORKSPACE = ['azurerm_log_analytics_workspace'] as const;
/** Resources whose diagnostic settings we read. */
const DIAGNOSTIC_TARGETS = [
  'azurerm_cognitive_account',
  'azurerm_api_management',
  'azurerm_storage_account',
  'azurerm_machine_learning_workspace',
  'azurerm_ai_foundry',
  'azurerm_key_vault',
  'azurerm_search_service',
  'azurerm_container_registry',
  'azurerm_linux_function_app',
  'azurerm_linux_web_app',
] as const;
/** Log categories that record invocations: Cognitive Services Audit/RequestResponse, APIM GatewayLogs. */
const INVOCATION_CATEGORIES = new Set(['audit', 'requestresponse', 'gatewaylogs']);
/**
 * Storage data-plane logs of reads and writes (on the blobServices/default sub-resource). StorageDelete alone
 * records neither a copy of the data nor an overwrite, so it does not count.
 */
const ACCESS_CATEGORIES = new Set(['storageread', 'storagewrite']);
/** Azure AI Search: OperationLogs record queries, indexing and indexer runs. */
const SEARCH_CATEGORIES = new Set(['operationlogs']);
const GROUPS = new Set(['alllogs', 'audit']);

export function mapLogAnalyticsWorkspace(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, {
    kind: 'log-sink',
    facts: {
      // Set by a Log Analytics cluster with a customer-managed key linked to the workspace.
      customerManagedKey: byDefault(false, 'azurerm_log_analytics_cluster_customer_managed_key'),
      deletionLifecycle: retentionFact(r),
    },
  });
}

/** Log Analytics always expires data; the service default retention is 30 days when retention_in_days is not set. */
function retentionFact(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'retention_in_days')) return unknown('retention_in_days', AFTER_APPLY);
  const days = num(r, 'retention_in_days');
  return days === undefined
    ? byDefault(true, 'retention_in_days')
    : explicit(true, `retention_in_days (${days} days)`);
}

export function mapApplicationInsights(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, { kind: 'log-sink', facts: { deletionLifecycle: retentionFact(r) } });
  for (const l of ctx.linked(r, 'workspace_id', WORKSPACE, ['id'])) {
    ctx.flow(id, l.resource.address, 'log-to', ctx.evidence(r, 'workspace_id', l.via));
  }
}

/** A workspace linked (write access) to a dedicated cluster is encrypted with the cluster's customer-managed key. */
export function mapLogAnalyticsLinkedService(r: TfResource, ctx: MapperContext): void {
  const workspaces = ctx.linked(r, 'workspace_id', WORKSPACE, ['id']);
  const clusters = ctx.linked(r, 'write_access_id', ['azurerm_log_analytics_cluster'], ['id']);
  if (workspaces.length === 0) {
    ctx.unresolved(r, 'workspace_id', WORKSPACE, ['customerManagedKey']);
    return;
  }
  for (const c of clusters) {
    const keys = ctx
      .resources('azurerm_log_analytics_cluster_customer_managed_key')
      .filter((k) =>
        ctx
          .linked(k, 'log_analytics_cluster_id', ['azurerm_log_analytics_cluster'], ['id'])
          .some((l) => l.resource.address === c.resource.address),
      );
    for (const k of keys) {
      for (const w of workspaces) {
        ctx.patch(w.resource.address, {
          customerManagedKey: explicit(true, `${k.address}.key_vault_key_id`),
        });
        encryptWith(k, ctx, w.resource.address, 'key_vault_key_id');
      }
    }
  }
}

interface LogCategory {
  readonly name: string;
  readonly path: string;
}

/** Enabled log categories and category groups: `enabled_log` (4.x+) and the older `log` blocks (`enabled` default true). */
function enabledCategories(r: TfResource): LogCategory[] {
  const out: LogCategory[] = [];
  for (const block of ['enabled_log', 'log']) {
    list(r, block).forEach((entry: Json, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || entry['enabled'] === false)
        return;
      for (const key of ['category', 'category_group']) {
        const v = entry[key];
        if (typeof v === 'string' && v !== '')
          out.push({ name: v.toLowerCase(), path: `${block}[${i}].${key}` });
      }
    });
  }
  return out;
}

function loggingFact(r: TfResource, categories: ReadonlySet<string>, label: string): Fact<boolean> {
  if (isUnknownAt(r, 'enabled_log') || isUnknownAt(r, 'log')) return unknown('enabled_log', AFTER_APPLY);
  const hit = enabledCategories(r).find((c) => categories.has(c.name) || GROUPS.has(c.name));
  return hit
    ? explicit(true, `${r.address}.${hit.path}`)
    : explicit(false, `${r.address}.enabled_log (no ${label} category)`);
}

/** A diagnostic setting: `log-to` from its target to the destinations, and logging facts on the target. */
export function mapDiagnosticSetting(r: TfResource, ctx: MapperContext): void {
  const targets = ctx.linked(r, 'target_resource_id', DIAGNOSTIC_TARGETS, ['id']);
  if (targets.length === 0) {
    ctx.unresolved(r, 'target_resource_id', DIAGNOSTIC_TARGETS, ['invocationLogging', 'accessLogging']);
    return;
  }
  const destinations = [
    linkFirst(r, ctx, ['log_analytics_workspace_id'], WORKSPACE, ['id']),
    linkFirst(r, ctx, ['storage_account_id'], ['azurerm_storage_account'], ['id']),
  ].flatMap((d) => (d === undefined ? [] : d.targets.map((t) => ({ target: t, path: d.path, via: d.via }))));
  const hasLogs =
    presenceFact(r, 'enabled_log').state !== 'default' || presenceFact(r, 'log').state !== 'default';
  for (const t of targets) {
    const target = t.resource;
    for (const d of destinations)
      ctx.flow(target.address, d.target.address, 'log-to', ctx.evidence(r, d.path, d.via));
    if (!hasLogs) continue;
    const facts: Facts =
      target.type === 'azurerm_storage_account'
        ? { accessLogging: loggingFact(r, ACCESS_CATEGORIES, 'StorageRead/StorageWrite') }
        : target.type === 'azurerm_search_service'
          ? { accessLogging: loggingFact(r, SEARCH_CATEGORIES, 'OperationLogs') }
          : { invocationLogging: loggingFact(r, INVOCATION_CATEGORIES, 'Audit/RequestResponse/GatewayLogs') };
    ctx.patch(target.address, facts, 'or');
  }
}

import type { DiagnosticSettingsResource, LogSettings } from '@azure/arm-monitor';
import {
  anyFact,
  byDefault,
  explicit,
  unknown,
  type Asset,
  type Fact,
  type FactName,
} from '../../src/model/index.js';
import type { AzureInventory } from './inventory.js';
import { inputOf, type AzureRuntime } from './runtime.js';

const LIST = { service: 'Microsoft.Insights', operation: 'DiagnosticSettings_List' } as const;
const WORKSPACES = 'Microsoft.OperationalInsights/workspaces';

interface Judged {
  readonly fact: FactName;
  readonly categories: ReadonlySet<string>;
  readonly label: string;
  /** Whether the mapper gives the fact (default false) without any diagnostic setting. */
  readonly always: boolean;
}

/** As in the azurerm mapper: Cognitive Services Audit/RequestResponse, APIM GatewayLogs. */
const INVOCATION: Omit<Judged, 'always'> = {
  fact: 'invocationLogging',
  categories: new Set(['audit', 'requestresponse', 'gatewaylogs']),
  label: 'Audit/RequestResponse/GatewayLogs',
};
/** Resources whose diagnostic settings the mapper reads (azurerm_monitor_diagnostic_setting targets), by native type. */
const TARGETS: Readonly<Record<string, Judged>> = {
  'microsoft.cognitiveservices/accounts': { ...INVOCATION, always: true },
  'microsoft.apimanagement/service': { ...INVOCATION, always: true },
  'microsoft.machinelearningservices/workspaces': { ...INVOCATION, always: false },
  'microsoft.keyvault/vaults': { ...INVOCATION, always: false },
  'microsoft.containerregistry/registries': { ...INVOCATION, always: false },
  'microsoft.web/sites': { ...INVOCATION, always: false },
  // StorageDelete alone records neither a copy of the data nor an overwrite.
  'microsoft.storage/storageaccounts': {
    fact: 'accessLogging',
    categories: new Set(['storageread', 'storagewrite']),
    label: 'StorageRead/StorageWrite',
    always: true,
  },
  'microsoft.search/searchservices': {
    fact: 'accessLogging',
    categories: new Set(['operationlogs']),
    label: 'OperationLogs',
    always: true,
  },
};
const GROUPS = new Set(['alllogs', 'audit']);

/**
 * The diagnostic settings of every inventoried resource the mapper judges by them: its logging fact, and log-to
 * flows to the Log Analytics workspace or storage account the logs go to. Runs after the services.
 */
export async function collectDiagnostics(
  rt: AzureRuntime,
  inv: AzureInventory,
  subscription: string,
): Promise<void> {
  const targets = [...inv.all()].filter(
    (a) => a.source.input === inputOf(subscription) && TARGETS[a.nativeType.toLowerCase()] !== undefined,
  );
  if (targets.length === 0) return;
  const client = await rt.client(subscription, 'monitor', async () => {
    const sdk = await import('@azure/arm-monitor');
    // Diagnostic settings lists are not paged.
    return { Client: sdk.MonitorClient, getContinuationToken: () => undefined };
  });
  await Promise.all(
    targets.map(async (a) => {
      const judged = TARGETS[a.nativeType.toLowerCase()] as Judged;
      const uri = inv.logScopeOf(a.id);
      // The SDK puts the id after a `/` of its own.
      const read = await rt.get(
        subscription,
        LIST,
        () => client.diagnosticSettings.list(uri.replace(/^\/+/, '')),
        a.id,
      );
      apply(inv, subscription, a, judged, read.incomplete, read.value?.value ?? []);
    }),
  );
  rt.progress(`${subscription}: diagnostic settings read`);
}

function apply(
  inv: AzureInventory,
  subscription: string,
  a: Asset,
  judged: Judged,
  incomplete: { readonly message: string } | undefined,
  settings: readonly DiagnosticSettingsResource[],
): void {
  if (incomplete !== undefined) {
    inv.patch(a.id, { [judged.fact]: unknown(LIST.operation, incomplete.message) });
    return;
  }
  for (const s of settings) {
    const evidence = (field: string): { assetId: string; attribute: string } => ({
      assetId: s.id ?? a.id,
      attribute: `${LIST.operation}.properties.${field}`,
    });
    if (s.workspaceId !== undefined && s.workspaceId !== '') {
      const sink = workspace(inv, subscription, s.workspaceId);
      inv.flow('log-to', a.id, sink, evidence('workspaceId'));
    }
    if (s.storageAccountId !== undefined && inv.has(s.storageAccountId))
      inv.flow('log-to', a.id, s.storageAccountId, evidence('storageAccountId'));
  }
  const logging = settings.filter((s) => (s.logs ?? []).length > 0).map((s) => loggingFact(s, judged));
  if (logging.length === 0 && !judged.always) return;
  inv.patch(a.id, { [judged.fact]: anyFact(logging, byDefault(false, `${LIST.operation}.value`)) });
}

function loggingFact(s: DiagnosticSettingsResource, judged: Judged): Fact<boolean> {
  // categoryGroup is newer than the SDK's api-version (2017-05-01-preview); read it where ARM gives it.
  const logs: readonly (LogSettings & { readonly categoryGroup?: string })[] = s.logs ?? [];
  const i = logs.findIndex(
    (l) =>
      l.enabled &&
      (judged.categories.has((l.category ?? '').toLowerCase()) ||
        GROUPS.has((l.categoryGroup ?? '').toLowerCase()) ||
        GROUPS.has((l.category ?? '').toLowerCase())),
  );
  const hit = logs[i];
  if (hit === undefined)
    return explicit(false, `${LIST.operation}.properties.logs (no ${judged.label} category)`);
  const field = hit.category !== undefined && hit.category !== '' ? 'category' : 'categoryGroup';
  return explicit(true, `${LIST.operation}.properties.logs[${String(i)}].${field}`);
}

/**
 * The Log Analytics workspace logs go to. Workspaces are not read: Log Analytics always expires data (as the
 * mapper says), whether a dedicated cluster's customer-managed key encrypts it is unknown.
 */
function workspace(inv: AzureInventory, subscription: string, id: string): string {
  if (inv.has(id)) return id;
  return inv.asset(subscription, {
    id,
    kind: 'log-sink',
    nativeType: WORKSPACES,
    name: id.split('/').pop() ?? id,
    facts: {
      customerManagedKey: unknown(
        'Microsoft.OperationalInsights/clusters',
        'Log Analytics workspaces and clusters are not read by the live Azure collector',
      ),
      deletionLifecycle: byDefault(true, `${WORKSPACES} (retention always applies)`),
    },
  });
}

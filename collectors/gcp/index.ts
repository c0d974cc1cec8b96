import { InputError, type Inventory } from '../../src/model/index.js';
import { collectApiGateways } from './apigateway.js';
import { collectApiKeys } from './apikeys.js';
import { collectNetworks } from './compute.js';
import { collectDatasets } from './datasets.js';
import { collectEndpoints } from './endpoints.js';
import { collectIam } from './iam.js';
import { collectIdentityPlatform } from './identity.js';
import { GcpInventory } from './inventory.js';
import { collectKeys } from './kms.js';
import { collectLogging } from './logging.js';
import { collectJobs } from './jobs.js';
import { collectModels } from './models.js';
import { collectPublisherModels } from './monitoring.js';
import { collectNotebookRuntimes, collectWorkbench } from './notebooks.js';
import type { GcpScanOptions } from './options.js';
import { collectPerimeters } from './perimeters.js';
import { collectPersistentResources } from './persistent.js';
import { ALL_PROJECTS, requestedProjects, visibleProjects } from './projects.js';
import { collectRunServices } from './run.js';
import { GcpRuntime, type Scope } from './runtime.js';
import { collectBuckets } from './storage.js';
import { collectVectorStores } from './vector.js';

export type { GcpScanOptions } from './options.js';

/** A Cloud region (europe-west4, us-central1, northamerica-northeast2). */
const REGION = /^[a-z]{2,}-[a-z]+\d{1,2}$/;

const REGIONAL: readonly ((rt: GcpRuntime, inv: GcpInventory, scope: Scope) => Promise<void>)[] = [
  collectEndpoints,
  collectModels,
  collectDatasets,
  collectJobs,
  collectVectorStores,
  collectPersistentResources,
  collectNotebookRuntimes,
  collectRunServices,
];

/** The token goes with every call: plain http only to this machine. */
function checkEndpoint(endpoint: string | undefined): void {
  if (endpoint === undefined) return;
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  const loopback = url !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url === undefined || (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)))
    throw new InputError('--endpoint-url', 'must be an https URL, or http on 127.0.0.1 or localhost');
}

/**
 * Reads the Vertex AI resources of one or more projects (in each location) and their Workbench instances into
 * one inventory, with each project's VPC networks, subnetworks and firewall rules. Only GET calls are made (and
 * the credential's token request); roles/aiplatform.viewer, roles/notebooks.viewer, roles/compute.networkViewer
 * and roles/browser are enough (docs/gcp-permissions.md), with roles/logging.viewer and roles/identitytoolkit.viewer
 * for the log sinks and Identity Platform, roles/serviceusage.apiKeysViewer and roles/monitoring.viewer for the
 * API keys and the publisher models invoked, and roles/accesscontextmanager.policyReader at the organization for
 * the service perimeters.
 */
export async function collectGcp(options: GcpScanOptions): Promise<Inventory> {
  const requested = requestedProjects(options.projects);
  const locations = [...new Set(options.locations ?? ['us-central1'])].sort();
  const badLocation = locations.find((l) => !REGION.test(l));
  if (badLocation !== undefined || locations.length === 0)
    throw new InputError(
      '--locations',
      `${JSON.stringify((badLocation ?? '').slice(0, 80))} is not a Cloud region (e.g. us-central1)`,
    );
  checkEndpoint(options.apiEndpoint);
  const rt = new GcpRuntime(options);
  const inv = new GcpInventory();
  let projects: readonly string[] = [];
  try {
    projects = requested === ALL_PROJECTS ? await visibleProjects(rt) : requested;
    // The project IAM policies set facts on every module's assets: applied once all are in.
    const iam = Promise.all(projects.map((project) => collectIam(rt, inv, project)));
    // Sinks are made last, once every resource is read: they take facts from their destination and patch sources.
    const logging = Promise.all(projects.map((project) => collectLogging(rt, inv, project)));
    // Perimeters are the organization's, read once for all the projects in it.
    const perimeters = collectPerimeters(rt, inv, projects);
    // Awaited below; this keeps a failure there from being unhandled while the others still run.
    const late = Promise.all([iam, logging, perimeters]);
    void late.catch(() => undefined);
    await Promise.all(
      projects.flatMap((project) => [
        collectWorkbench(rt, inv, project),
        collectNetworks(rt, inv, project),
        collectBuckets(rt, inv, project),
        collectKeys(rt, inv, project, locations),
        collectApiGateways(rt, inv, project, locations),
        collectIdentityPlatform(rt, inv, project),
        collectApiKeys(rt, inv, project),
        collectPublisherModels(rt, inv, project),
        ...locations.flatMap((location) =>
          REGIONAL.map((collect) => collect(rt, inv, { project, location })),
        ),
      ]),
    );
    const [policies, sinks] = await late;
    // The project policies first: the sinks read the invocation logging the audit configs decide.
    for (const apply of policies) apply();
    for (const finish of sinks) finish();
  } finally {
    await rt.close();
  }
  rt.progress(`${String(rt.calls.made)} calls made`);
  return inv.build(
    projects.map((id) => ({ id, regions: locations })),
    rt.notes,
  );
}

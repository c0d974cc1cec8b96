import type { protos } from '@google-cloud/aiplatform';
import { explicit } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import {
  encryptsWith,
  placedIn,
  present,
  resourceId,
  runsAs,
  toBucket,
  VERTEX_API,
  type Link,
} from './links.js';
import { workloadFacts } from './network.js';
import type { GcpRuntime, Scope } from './runtime.js';

type CustomJob = protos.google.cloud.aiplatform.v1.ICustomJob;
type PipelineJob = protos.google.cloud.aiplatform.v1.IPipelineJob;

const CUSTOM = { service: VERTEX_API, operation: 'ListCustomJobs' } as const;
const PIPELINE = { service: VERTEX_API, operation: 'ListPipelineJobs' } as const;

/**
 * Custom (training) jobs and pipeline jobs of a region: network placement, the service account they run as,
 * CMEK and the bucket they write their outputs to. A job that names no service account runs as the Vertex AI
 * Custom Code Service Agent (custom jobs) or the default compute service account (pipelines): no flow is drawn.
 */
export async function collectJobs(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const [jobs, pipelines] = await Promise.all([
    rt.vertex('JobServiceClient', scope.location),
    rt.vertex('PipelineServiceClient', scope.location),
  ]);
  const [custom, pipeline] = await Promise.all([
    rt.list(scope, CUSTOM, (pageToken, o) => jobs.listCustomJobs({ parent, pageToken }, o)),
    rt.list(scope, PIPELINE, (pageToken, o) => pipelines.listPipelineJobs({ parent, pageToken }, o)),
  ]);
  for (const j of custom.items) addCustomJob(inv, scope, j);
  for (const p of pipeline.items) addPipelineJob(inv, scope, p);
}

function addCustomJob(inv: GcpInventory, scope: Scope, j: CustomJob): void {
  if (!present(j.name)) return;
  const op = CUSTOM.operation;
  const id = resourceId(VERTEX_API, String(j.name));
  const spec = j.jobSpec ?? {};
  const kmsKeyName = j.encryptionSpec?.kmsKeyName;
  inv.asset(scope.project, {
    id,
    kind: 'training-job',
    nativeType: `${VERTEX_API}/CustomJob`,
    name: present(j.displayName) ? String(j.displayName) : String(j.name),
    region: scope.location,
    facts: {
      ...workloadFacts(
        op,
        { network: spec.network, pscInterfaceConfig: spec.pscInterfaceConfig, kmsKeyName },
        'jobSpec.',
      ),
      // An interactive shell into the training containers (Vertex AI "web access").
      shellAccess: explicit(spec.enableWebAccess === true, `${op}.jobSpec.enableWebAccess`),
    },
    tags: { ...(j.labels ?? {}) },
  });
  const l: Link = { inv, project: scope.project, from: id, operation: op };
  encryptsWith(l, kmsKeyName, 'encryptionSpec.kmsKeyName');
  placedIn(l, spec.network, 'jobSpec.network');
  runsAs(l, spec.serviceAccount, 'jobSpec.serviceAccount', false);
  toBucket(
    l,
    'produce-artifact',
    spec.baseOutputDirectory?.outputUriPrefix,
    'jobSpec.baseOutputDirectory.outputUriPrefix',
  );
}

function addPipelineJob(inv: GcpInventory, scope: Scope, p: PipelineJob): void {
  if (!present(p.name)) return;
  const op = PIPELINE.operation;
  const id = resourceId(VERTEX_API, String(p.name));
  const kmsKeyName = p.encryptionSpec?.kmsKeyName;
  inv.asset(scope.project, {
    id,
    kind: 'ml-pipeline',
    nativeType: `${VERTEX_API}/PipelineJob`,
    name: present(p.displayName) ? String(p.displayName) : String(p.name),
    region: scope.location,
    facts: workloadFacts(op, { network: p.network, pscInterfaceConfig: p.pscInterfaceConfig, kmsKeyName }),
    tags: { ...(p.labels ?? {}) },
  });
  const l: Link = { inv, project: scope.project, from: id, operation: op };
  encryptsWith(l, kmsKeyName, 'encryptionSpec.kmsKeyName');
  placedIn(l, p.network, 'network');
  runsAs(l, p.serviceAccount, 'serviceAccount', false);
  toBucket(l, 'produce-artifact', p.runtimeConfig?.gcsOutputDirectory, 'runtimeConfig.gcsOutputDirectory');
}

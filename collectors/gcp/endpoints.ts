import type { protos } from '@google-cloud/aiplatform';
import { byDefault, explicit, type Fact } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import {
  cmek,
  encryptsWith,
  evidence,
  negate,
  notRead,
  placedIn,
  present,
  resourceId,
  runsAs,
  VERTEX_API,
  type Link,
} from './links.js';
import type { GcpRuntime, Scope } from './runtime.js';

type Endpoint = protos.google.cloud.aiplatform.v1.IEndpoint;

const OP = 'ListEndpoints';
const API = { service: VERTEX_API, operation: OP } as const;

/**
 * Online prediction endpoints of a region with the facts the google mapper gives google_vertex_ai_endpoint,
 * and an `invoke` flow to each deployed model (with the service account it runs as).
 */
export async function collectEndpoints(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const client = await rt.vertex('EndpointServiceClient', scope.location);
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list(scope, API, (pageToken, o) => client.listEndpoints({ parent, pageToken }, o));
  for (const e of got.items) addEndpoint(inv, scope, e);
}

/** On a VPC (`network`) or behind Private Service Connect, otherwise public. */
function privateEndpoint(e: Endpoint): Fact<boolean> {
  if (present(e.network)) return explicit(true, `${OP}.network`);
  const psc = 'privateServiceConnectConfig.enablePrivateServiceConnect';
  if (
    e.privateServiceConnectConfig?.enablePrivateServiceConnect === true ||
    e.enablePrivateServiceConnect === true
  )
    return explicit(true, `${OP}.${psc}`);
  return explicit(false, `${OP}.network`);
}

function addEndpoint(inv: GcpInventory, scope: Scope, e: Endpoint): void {
  if (!present(e.name)) return;
  const id = resourceId(VERTEX_API, String(e.name));
  const priv = privateEndpoint(e);
  const logAt = `${OP}.predictRequestResponseLoggingConfig.enabled`;
  const logging =
    e.predictRequestResponseLoggingConfig === null || e.predictRequestResponseLoggingConfig === undefined
      ? byDefault(false, logAt)
      : explicit(e.predictRequestResponseLoggingConfig.enabled === true, logAt);
  inv.asset(scope.project, {
    id,
    kind: 'inference-endpoint',
    nativeType: `${VERTEX_API}/Endpoint`,
    name: present(e.displayName) ? String(e.displayName) : String(e.name),
    region: scope.location,
    facts: {
      internetReachable: negate(priv),
      privateNetwork: priv,
      // Prediction needs IAM unless the endpoint's policy grants allUsers, and that policy is not read yet.
      requiresAuthentication: notRead('GetIamPolicy', 'endpoint IAM policies'),
      invocationLogging: logging,
      requestBodyLogging: logging,
      dataCapture: logging,
      customerManagedKey: cmek(e.encryptionSpec?.kmsKeyName, `${OP}.encryptionSpec.kmsKeyName`),
    },
    tags: { ...(e.labels ?? {}) },
  });
  const l: Link = { inv, project: scope.project, from: id, operation: OP };
  encryptsWith(l, e.encryptionSpec?.kmsKeyName, 'encryptionSpec.kmsKeyName');
  placedIn(l, e.network, 'network');
  // Request-response logging writes prompts and predictions into a BigQuery table.
  const out = e.predictRequestResponseLoggingConfig?.bigqueryDestination?.outputUri ?? '';
  const dataset = /^bq:\/\/([^.]+)\.([^.]+)/.exec(out);
  if (logging.state === 'explicit' && logging.value && dataset !== null)
    inv.flow(
      'write',
      id,
      `//bigquery.googleapis.com/projects/${dataset[1] ?? ''}/datasets/${dataset[2] ?? ''}`,
      evidence(id, OP, 'predictRequestResponseLoggingConfig.bigqueryDestination.outputUri'),
    );
  for (const d of e.deployedModels ?? []) {
    if (!present(d.model)) continue;
    inv.flow('invoke', id, resourceId(VERTEX_API, String(d.model)), evidence(id, OP, 'deployedModels.model'));
    runsAs(l, d.serviceAccount, 'deployedModels.serviceAccount', false);
  }
}

import type { protos } from '@google-cloud/aiplatform';
import { byDefault, explicit, unknown, type Fact } from '../../src/model/index.js';
import { invokesAnonymously } from '../terraform/google/roles.js';
import { ANONYMOUS_MEMBERS, roleFlows } from '../terraform/google/roles.js';
import { bindingsOf } from './iam.js';
import { memberAccount } from './policy.js';
import type { GcpInventory } from './inventory.js';
import {
  cmek,
  encryptsWith,
  evidence,
  negate,
  placedIn,
  present,
  resourceId,
  runsAs,
  serviceAccountId,
  VERTEX_API,
  type Link,
} from './links.js';
import { postJson } from './rest.js';
import type { GcpRuntime, Scope } from './runtime.js';

type Endpoint = protos.google.cloud.aiplatform.v1.IEndpoint;

const OP = 'ListEndpoints';
const API = { service: VERTEX_API, operation: OP } as const;
const IAM_OP = 'GetEndpointIamPolicy';
const IAM_API = { service: VERTEX_API, operation: IAM_OP } as const;
const ENDPOINT = /^projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/]+$/;

/**
 * Online prediction endpoints of a region with the facts the google mapper gives google_vertex_ai_endpoint,
 * and an `invoke` flow to each deployed model (with the service account it runs as).
 */
export async function collectEndpoints(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const client = await rt.vertex('EndpointServiceClient', scope.location);
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list(scope, API, (pageToken, o) => client.listEndpoints({ parent, pageToken }, o));
  const endpoints = got.items.filter((e) => ENDPOINT.test(e.name ?? ''));
  for (const e of endpoints) addEndpoint(inv, scope, e);
  await Promise.all(endpoints.map((e) => readPolicy(rt, inv, scope, String(e.name))));
}

/**
 * The endpoint's IAM policy (Vertex AI v1 has no getIamPolicy for endpoints; v1beta1 does): prediction needs
 * IAM unless an anonymous member holds a role that invokes, as the google mapper judges
 * google_vertex_ai_endpoint_iam_*; service accounts granted a role get its flows. Unknown when it is not read.
 */
async function readPolicy(rt: GcpRuntime, inv: GcpInventory, scope: Scope, name: string): Promise<void> {
  const id = resourceId(VERTEX_API, name);
  const at = `${IAM_OP}.bindings`;
  const got = await rt.list<unknown>(
    scope,
    IAM_API,
    async () => [
      [
        await postJson(
          rt,
          `${scope.location}-${VERTEX_API}`,
          `/v1beta1/${name}:getIamPolicy`,
          { 'options.requestedPolicyVersion': '3' },
          undefined,
        ),
      ],
      null,
      undefined,
    ],
    id,
  );
  if (got.incomplete !== undefined) {
    inv.patch(id, {
      requiresAuthentication: unknown(at, `the endpoint IAM policy: ${got.incomplete.message}`),
    });
    return;
  }
  const bindings = bindingsOf(got.items[0]);
  // A custom role granted to anyone may hold aiplatform.endpoints.predict: its permissions are not read here.
  const custom = bindings.find(
    (b) => !b.role.startsWith('roles/') && b.members.some((m) => ANONYMOUS_MEMBERS.has(m)),
  );
  const open = bindings.some((b) => invokesAnonymously(b.role, b.members));
  inv.patch(id, {
    requiresAuthentication:
      custom !== undefined && !open
        ? unknown(at, `custom role ${custom.role} is granted to anyone; its permissions are not read`)
        : explicit(!open, at),
  });
  for (const b of bindings)
    for (const m of b.members) {
      const email = memberAccount(m);
      if (email === undefined) continue;
      for (const kind of roleFlows(b.role))
        inv.flow(kind, serviceAccountId(email), id, evidence(id, IAM_OP, 'bindings', `${b.role} via ${m}`));
    }
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
      // Prediction needs IAM unless the endpoint's policy grants allUsers (readPolicy sets it once read).
      requiresAuthentication: unknown(
        `${IAM_OP}.bindings`,
        'the endpoint IAM policy is read after the endpoint',
      ),
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

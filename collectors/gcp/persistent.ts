import type { protos } from '@google-cloud/aiplatform';
import type { GcpInventory } from './inventory.js';
import { encryptsWith, placedIn, present, resourceId, runsAs, VERTEX_API, type Link } from './links.js';
import { workloadFacts } from './network.js';
import type { GcpRuntime, Scope } from './runtime.js';

type PersistentResource = protos.google.cloud.aiplatform.v1.IPersistentResource;

const OP = 'ListPersistentResources';
const API = { service: VERTEX_API, operation: OP } as const;

/** Persistent resources (training clusters) of a region, as the google mapper reads google_vertex_ai_persistent_resource. */
export async function collectPersistentResources(
  rt: GcpRuntime,
  inv: GcpInventory,
  scope: Scope,
): Promise<void> {
  const client = await rt.vertex('PersistentResourceServiceClient', scope.location);
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list(scope, API, (pageToken, o) =>
    client.listPersistentResources({ parent, pageToken }, o),
  );
  for (const r of got.items) addPersistentResource(inv, scope, r);
}

function addPersistentResource(inv: GcpInventory, scope: Scope, r: PersistentResource): void {
  if (!present(r.name)) return;
  const id = resourceId(VERTEX_API, String(r.name));
  const kmsKeyName = r.encryptionSpec?.kmsKeyName;
  inv.asset(scope.project, {
    id,
    kind: 'ml-compute',
    nativeType: `${VERTEX_API}/PersistentResource`,
    name: present(r.displayName) ? String(r.displayName) : String(r.name),
    region: scope.location,
    facts: workloadFacts(OP, { network: r.network, pscInterfaceConfig: r.pscInterfaceConfig, kmsKeyName }),
    tags: { ...(r.labels ?? {}) },
  });
  const l: Link = { inv, project: scope.project, from: id, operation: OP };
  encryptsWith(l, kmsKeyName, 'encryptionSpec.kmsKeyName');
  placedIn(l, r.network, 'network');
  // Without one the jobs run as the Vertex AI Custom Code Service Agent or the account each job names.
  runsAs(
    l,
    r.resourceRuntimeSpec?.serviceAccountSpec?.serviceAccount,
    'resourceRuntimeSpec.serviceAccountSpec.serviceAccount',
    false,
  );
}

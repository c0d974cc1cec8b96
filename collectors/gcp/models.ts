import type { protos } from '@google-cloud/aiplatform';
import type { GcpInventory } from './inventory.js';
import { cmek, encryptsWith, present, resourceId, toBucket, VERTEX_API, type Link } from './links.js';
import type { GcpRuntime, Scope } from './runtime.js';

type Model = protos.google.cloud.aiplatform.v1.IModel;

const OP = 'ListModels';
const API = { service: VERTEX_API, operation: OP } as const;

/** Models of the Model Registry in a region: each reads its artifacts from the bucket of `artifactUri`. */
export async function collectModels(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const client = await rt.vertex('ModelServiceClient', scope.location);
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list(scope, API, (pageToken, o) => client.listModels({ parent, pageToken }, o));
  for (const m of got.items) addModel(inv, scope, m);
}

function addModel(inv: GcpInventory, scope: Scope, m: Model): void {
  if (!present(m.name)) return;
  const id = resourceId(VERTEX_API, String(m.name));
  inv.asset(scope.project, {
    id,
    kind: 'model',
    nativeType: `${VERTEX_API}/Model`,
    name: present(m.displayName) ? String(m.displayName) : String(m.name),
    region: scope.location,
    facts: { customerManagedKey: cmek(m.encryptionSpec?.kmsKeyName, `${OP}.encryptionSpec.kmsKeyName`) },
    tags: { ...(m.labels ?? {}) },
  });
  const l: Link = { inv, project: scope.project, from: id, operation: OP };
  encryptsWith(l, m.encryptionSpec?.kmsKeyName, 'encryptionSpec.kmsKeyName');
  toBucket(l, 'read', m.artifactUri, 'artifactUri');
}

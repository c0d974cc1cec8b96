import type { protos } from '@google-cloud/aiplatform';
import { byDefault } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import { cmek, encryptsWith, present, resourceId, VERTEX_API } from './links.js';
import type { GcpRuntime, Scope } from './runtime.js';

type Dataset = protos.google.cloud.aiplatform.v1.IDataset;

const OP = 'ListDatasets';
const API = { service: VERTEX_API, operation: OP } as const;

/** Vertex AI datasets of a region, with the facts the google mapper gives google_vertex_ai_dataset. */
export async function collectDatasets(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const client = await rt.vertex('DatasetServiceClient', scope.location);
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list(scope, API, (pageToken, o) => client.listDatasets({ parent, pageToken }, o));
  for (const d of got.items) addDataset(inv, scope, d);
}

function addDataset(inv: GcpInventory, scope: Scope, d: Dataset): void {
  if (!present(d.name)) return;
  const id = resourceId(VERTEX_API, String(d.name));
  const key = `${OP}.encryptionSpec.kmsKeyName`;
  inv.asset(scope.project, {
    id,
    kind: 'dataset',
    nativeType: `${VERTEX_API}/Dataset`,
    name: present(d.displayName) ? String(d.displayName) : String(d.name),
    region: scope.location,
    facts: {
      // A Vertex dataset has no resource IAM policy of its own: access is granted on the project.
      anonymousRead: byDefault(false, 'iam'),
      anonymousWrite: byDefault(false, 'iam'),
      encryptedAtRest: byDefault(true, `${OP}.encryptionSpec`),
      customerManagedKey: cmek(d.encryptionSpec?.kmsKeyName, key),
    },
    tags: { ...(d.labels ?? {}) },
  });
  encryptsWith(
    { inv, project: scope.project, from: id, operation: OP },
    d.encryptionSpec?.kmsKeyName,
    'encryptionSpec.kmsKeyName',
  );
}

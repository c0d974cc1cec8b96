import type { protos } from '@google-cloud/aiplatform';
import { byDefault, explicit, type Facts } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import {
  cmek,
  encryptsWith,
  evidence,
  placedIn,
  present,
  resourceId,
  VERTEX_API,
  type Link,
} from './links.js';
import type { GcpRuntime, Scope } from './runtime.js';

type IndexEndpoint = protos.google.cloud.aiplatform.v1.IIndexEndpoint;
type FeatureOnlineStore = protos.google.cloud.aiplatform.v1.IFeatureOnlineStore;

const INDEX_ENDPOINTS = { service: VERTEX_API, operation: 'ListIndexEndpoints' } as const;
const ONLINE_STORES = { service: VERTEX_API, operation: 'ListFeatureOnlineStores' } as const;

/** Vector Search index endpoints and Feature Store online stores of a region: where queries arrive. */
export async function collectVectorStores(rt: GcpRuntime, inv: GcpInventory, scope: Scope): Promise<void> {
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const [indexes, stores] = await Promise.all([
    rt.vertex('IndexEndpointServiceClient', scope.location),
    rt.vertex('FeatureOnlineStoreAdminServiceClient', scope.location),
  ]);
  const [endpoints, online] = await Promise.all([
    rt.list(scope, INDEX_ENDPOINTS, (pageToken, o) => indexes.listIndexEndpoints({ parent, pageToken }, o)),
    rt.list(scope, ONLINE_STORES, (pageToken, o) => stores.listFeatureOnlineStores({ parent, pageToken }, o)),
  ]);
  for (const e of endpoints.items) addIndexEndpoint(inv, scope, e);
  for (const s of online.items) addOnlineStore(inv, scope, s);
}

/** Public when `publicEndpointEnabled` (google_vertex_ai_index_endpoint's public_endpoint_enabled). */
function addIndexEndpoint(inv: GcpInventory, scope: Scope, e: IndexEndpoint): void {
  if (!present(e.name)) return;
  const op = INDEX_ENDPOINTS.operation;
  const id = resourceId(VERTEX_API, String(e.name));
  inv.asset(scope.project, {
    id,
    kind: 'vector-store',
    nativeType: `${VERTEX_API}/IndexEndpoint`,
    name: present(e.displayName) ? String(e.displayName) : String(e.name),
    region: scope.location,
    facts: {
      internetReachable: explicit(e.publicEndpointEnabled === true, `${op}.publicEndpointEnabled`),
      requiresAuthentication: explicit(true, 'iam'),
      customerManagedKey: cmek(e.encryptionSpec?.kmsKeyName, `${op}.encryptionSpec.kmsKeyName`),
      // Queries are Data Access (DATA_READ) audit events, off unless the project's audit config enables them
      // (iam.ts reads it).
      accessLogging: byDefault(false, 'Projects.GetIamPolicy.auditConfigs'),
    },
    tags: { ...(e.labels ?? {}) },
  });
  const l: Link = { inv, project: scope.project, from: id, operation: op };
  encryptsWith(l, e.encryptionSpec?.kmsKeyName, 'encryptionSpec.kmsKeyName');
  placedIn(l, e.network, 'network');
  for (const d of e.deployedIndexes ?? [])
    if (present(d.index))
      inv.flow(
        'retrieve-from',
        id,
        resourceId(VERTEX_API, String(d.index)),
        evidence(id, op, 'deployedIndexes.index'),
      );
}

/** A dedicated serving endpoint is public unless Private Service Connect is enabled on it. */
function addOnlineStore(inv: GcpInventory, scope: Scope, s: FeatureOnlineStore): void {
  if (!present(s.name)) return;
  const op = ONLINE_STORES.operation;
  const id = resourceId(VERTEX_API, String(s.name));
  const dedicated = s.dedicatedServingEndpoint;
  const serving: Facts =
    dedicated === null || dedicated === undefined
      ? {}
      : {
          internetReachable: explicit(
            dedicated.privateServiceConnectConfig?.enablePrivateServiceConnect !== true,
            `${op}.dedicatedServingEndpoint.privateServiceConnectConfig.enablePrivateServiceConnect`,
          ),
          requiresAuthentication: explicit(true, 'iam'),
        };
  inv.asset(scope.project, {
    id,
    kind: 'feature-store',
    nativeType: `${VERTEX_API}/FeatureOnlineStore`,
    name: String(s.name).split('/').pop() ?? String(s.name),
    region: scope.location,
    facts: {
      ...serving,
      customerManagedKey: cmek(s.encryptionSpec?.kmsKeyName, `${op}.encryptionSpec.kmsKeyName`),
    },
    tags: { ...(s.labels ?? {}) },
  });
  encryptsWith(
    { inv, project: scope.project, from: id, operation: op },
    s.encryptionSpec?.kmsKeyName,
    'encryptionSpec.kmsKeyName',
  );
}

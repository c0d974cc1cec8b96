import type { protos as vertex } from '@google-cloud/aiplatform';
import type { protos as notebooks } from '@google-cloud/notebooks';
import { byDefault, explicit, type Fact } from '../../src/model/index.js';
import type { GcpInventory } from './inventory.js';
import {
  cmek,
  encryptsWith,
  locationOf,
  NOTEBOOKS_API,
  placedIn,
  present,
  resourceId,
  runsAs,
  VERTEX_API,
  type Link,
} from './links.js';
import type { GcpRuntime } from './runtime.js';

type Instance = notebooks.google.cloud.notebooks.v2.IInstance;
type Runtime = vertex.google.cloud.aiplatform.v1.INotebookRuntime;

const INSTANCES = { service: NOTEBOOKS_API, operation: 'ListInstances' } as const;
const RUNTIMES = { service: VERTEX_API, operation: 'ListNotebookRuntimes' } as const;

/** Workbench instances of every zone of a project (`locations/-`), as the google mapper reads google_workbench_instance. */
export async function collectWorkbench(rt: GcpRuntime, inv: GcpInventory, project: string): Promise<void> {
  const client = await rt.workbench();
  const parent = `projects/${project}/locations/-`;
  const [got, number] = await Promise.all([
    rt.list({ project, location: '-' }, INSTANCES, (pageToken, o) =>
      client.listInstances({ parent, pageToken }, o),
    ),
    rt.project(project).then((p) => p.number),
  ]);
  for (const i of got.items) addInstance(inv, project, i, number);
}

/** A metadata switch that turns a default-on capability off when "true" (`notebook-disable-root`). */
function unlessDisabled(metadata: Readonly<Record<string, string>>, key: string): Fact<boolean> {
  const attribute = `${INSTANCES.operation}.gceSetup.metadata.${key}`;
  const v = metadata[key];
  return v === undefined ? byDefault(true, attribute) : explicit(v.toLowerCase() !== 'true', attribute);
}

function addInstance(inv: GcpInventory, project: string, i: Instance, number: string | undefined): void {
  if (!present(i.name)) return;
  const op = INSTANCES.operation;
  const id = resourceId(NOTEBOOKS_API, String(i.name));
  const g = i.gceSetup ?? {};
  const metadata = g.metadata ?? {};
  const nic = g.networkInterfaces?.[0];
  const encryption = String(g.bootDisk?.diskEncryption ?? '');
  const zone = locationOf(String(i.name));
  inv.asset(project, {
    id,
    kind: 'notebook',
    nativeType: `${NOTEBOOKS_API}/Instance`,
    name: String(i.name).split('/').pop() ?? String(i.name),
    ...(zone === undefined ? {} : { region: zone }),
    facts: {
      directInternetAccess: explicit(g.disablePublicIp !== true, `${op}.gceSetup.disablePublicIp`),
      rootAccess: unlessDisabled(metadata, 'notebook-disable-root'),
      shellAccess: unlessDisabled(metadata, 'notebook-disable-terminal'),
      customerManagedKey:
        encryption === 'CMEK' || encryption === 'GMEK'
          ? explicit(encryption === 'CMEK', `${op}.gceSetup.bootDisk.diskEncryption`)
          : byDefault(false, `${op}.gceSetup.bootDisk.diskEncryption`),
      privateNetwork: present(nic?.subnet)
        ? explicit(true, `${op}.gceSetup.networkInterfaces.subnet`)
        : byDefault(false, `${op}.gceSetup.networkInterfaces.subnet`),
      // Reachable through the Google-managed Jupyter proxy (IAM-authenticated) unless disabled.
      internetReachable: explicit(i.disableProxyAccess !== true, `${op}.disableProxyAccess`),
      requiresAuthentication: byDefault(true, `${op}.proxyUri`),
    },
    tags: { ...(i.labels ?? {}) },
  });
  const l: Link = {
    inv,
    project,
    from: id,
    operation: op,
    ...(number === undefined ? {} : { projectNumber: number }),
  };
  runsAs(l, g.serviceAccounts?.[0]?.email, 'gceSetup.serviceAccounts.email', true);
  placedIn(l, nic?.subnet, 'gceSetup.networkInterfaces.subnet');
  encryptsWith(l, g.bootDisk?.kmsKey, 'gceSetup.bootDisk.kmsKey');
}

/** Colab Enterprise runtimes of a region: internet access, network, key and the account they run as. */
export async function collectNotebookRuntimes(
  rt: GcpRuntime,
  inv: GcpInventory,
  scope: { readonly project: string; readonly location: string },
): Promise<void> {
  const client = await rt.vertex('NotebookServiceClient', scope.location);
  const parent = `projects/${scope.project}/locations/${scope.location}`;
  const got = await rt.list(scope, RUNTIMES, (pageToken, o) =>
    client.listNotebookRuntimes({ parent, pageToken }, o),
  );
  for (const r of got.items) addRuntime(inv, scope.project, scope.location, r);
}

function addRuntime(inv: GcpInventory, project: string, location: string, r: Runtime): void {
  if (!present(r.name)) return;
  const op = RUNTIMES.operation;
  const id = resourceId(VERTEX_API, String(r.name));
  const net = r.networkSpec;
  inv.asset(project, {
    id,
    kind: 'notebook',
    nativeType: `${VERTEX_API}/NotebookRuntime`,
    name: present(r.displayName) ? String(r.displayName) : String(r.name),
    region: location,
    facts: {
      directInternetAccess: explicit(
        net?.enableInternetAccess === true,
        `${op}.networkSpec.enableInternetAccess`,
      ),
      privateNetwork: present(net?.subnetwork)
        ? explicit(true, `${op}.networkSpec.subnetwork`)
        : byDefault(false, `${op}.networkSpec.subnetwork`),
      customerManagedKey: cmek(r.encryptionSpec?.kmsKeyName, `${op}.encryptionSpec.kmsKeyName`),
      requiresAuthentication: byDefault(true, `${op}.proxyUri`),
    },
    tags: { ...(r.labels ?? {}) },
  });
  const l: Link = { inv, project, from: id, operation: op };
  runsAs(l, r.serviceAccount, 'serviceAccount', false);
  placedIn(l, net?.subnetwork, 'networkSpec.subnetwork');
  encryptsWith(l, r.encryptionSpec?.kmsKeyName, 'encryptionSpec.kmsKeyName');
}

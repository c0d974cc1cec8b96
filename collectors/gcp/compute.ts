import { explicit, type Fact } from '../../src/model/index.js';
import { firewallOpenOf } from '../terraform/google/network.js';
import type { GcpInventory } from './inventory.js';
import { placedIn, present, resourceId } from './links.js';
import type { GcpRuntime, Scope } from './runtime.js';

/** The fields of Compute's Network this module reads (the package's types are not loaded; see runtime.ts). */
export interface ComputeNetwork {
  readonly name?: string | null;
  readonly selfLink?: string | null;
}
export interface ComputeSubnetwork extends ComputeNetwork {
  readonly region?: string | null;
  readonly network?: string | null;
}
export interface ComputeFirewall extends ComputeNetwork {
  readonly network?: string | null;
  readonly direction?: string | null;
  readonly disabled?: boolean | null;
  readonly allowed?: readonly unknown[] | null;
  readonly sourceRanges?: readonly string[] | null;
}
type Network = ComputeNetwork;
type Subnetwork = ComputeSubnetwork;
type Firewall = ComputeFirewall;

export const COMPUTE_API = 'compute.googleapis.com';
const NETWORKS = { service: COMPUTE_API, operation: 'Networks.List' } as const;
const SUBNETWORKS = { service: COMPUTE_API, operation: 'Subnetworks.AggregatedList' } as const;
const FIREWALLS = { service: COMPUTE_API, operation: 'Firewalls.List' } as const;
const SELF_LINK = /^https:\/\/(?:www|compute)\.googleapis\.com\/compute\/v1\/(projects\/.+)$/;

/** The id of a Compute resource from its selfLink, as links.ts names what other APIs point at. */
function computeId(selfLink: string | null | undefined): string | undefined {
  const name = SELF_LINK.exec(selfLink ?? '')?.[1];
  return name === undefined ? undefined : resourceId(COMPUTE_API, name);
}

/**
 * The VPC networks, subnetworks and firewall rules of a project, with the kinds and facts the google mapper
 * gives google_compute_network, google_compute_subnetwork and google_compute_firewall.
 */
export async function collectNetworks(rt: GcpRuntime, inv: GcpInventory, project: string): Promise<void> {
  const scope: Scope = { project, location: '-' };
  await Promise.all([
    (async () => {
      // The project's number, by which Vertex AI names the networks read here.
      const { number } = await rt.project(project);
      if (number !== undefined) inv.projectNumber(number, project);
    })(),
    (async () => {
      const client = await rt.compute('NetworksClient');
      const got = await rt.list(scope, NETWORKS, (pageToken, o) => client.list({ project, pageToken }, o));
      for (const n of got.items) addNetwork(inv, project, n);
    })(),
    (async () => {
      const client = await rt.compute('SubnetworksClient');
      // The aggregated list has only an iterating form: it walks every page (each retried as configured).
      const got = await rt.list<Subnetwork>(scope, SUBNETWORKS, async (_token, o) => {
        const items: Subnetwork[] = [];
        for await (const [, scoped] of client.aggregatedListAsync({ project }, o))
          items.push(...(scoped.subnetworks ?? []));
        return [items, null, undefined];
      });
      for (const s of got.items) addSubnetwork(inv, project, s);
    })(),
    (async () => {
      const client = await rt.compute('FirewallsClient');
      const got = await rt.list(scope, FIREWALLS, (pageToken, o) => client.list({ project, pageToken }, o));
      for (const f of got.items) addFirewall(inv, project, f);
    })(),
  ]);
}

function addNetwork(inv: GcpInventory, project: string, n: Network): void {
  const id = computeId(n.selfLink);
  if (id === undefined) return;
  inv.asset(project, {
    id,
    kind: 'network',
    nativeType: `${COMPUTE_API}/Network`,
    name: present(n.name) ? String(n.name) : id,
  });
}

function addSubnetwork(inv: GcpInventory, project: string, s: Subnetwork): void {
  const id = computeId(s.selfLink);
  if (id === undefined) return;
  const region = (s.region ?? '').split('/').pop();
  inv.asset(project, {
    id,
    kind: 'subnet',
    nativeType: `${COMPUTE_API}/Subnetwork`,
    name: present(s.name) ? String(s.name) : id,
    ...(region === undefined || region === '' ? {} : { region }),
  });
}

const FIELD = {
  direction: 'direction',
  disabled: 'disabled',
  allow: 'allowed',
  sourceRanges: 'sourceRanges',
} as const;

/** firewallOpenOf over the API's rule: `allowed` blocks, `sourceRanges`, INGRESS unless set. */
export function firewallReachable(f: Firewall, operation = FIREWALLS.operation): Fact<boolean> {
  const { open, decidedBy } = firewallOpenOf({
    direction: present(f.direction) ? String(f.direction) : undefined,
    disabled: f.disabled === true,
    allows: f.allowed?.length ?? 0,
    sourceRanges: (f.sourceRanges ?? []).map(String),
  });
  return explicit(open, `${operation}.${FIELD[decidedBy]}`);
}

function addFirewall(inv: GcpInventory, project: string, f: Firewall): void {
  const id = computeId(f.selfLink);
  if (id === undefined) return;
  inv.asset(project, {
    id,
    kind: 'firewall-rule',
    nativeType: `${COMPUTE_API}/Firewall`,
    name: present(f.name) ? String(f.name) : id,
    facts: { internetReachable: firewallReachable(f) },
  });
  placedIn({ inv, project, from: id, operation: FIREWALLS.operation }, f.network, 'network');
}

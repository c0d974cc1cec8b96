import {
  isFalse,
  isTrue,
  isUnknown,
  ZONE_IDS,
  type Asset,
  type AssetKind,
  type Flow,
  type ZoneAssignment,
  type ZoneId,
} from '../model/index.js';
import type { GraphIndexes } from './indexes.js';
import { joined, type SetIndex } from './sets.js';

/** Tag (or label) keys that override the inferred zone. */
export const ZONE_TAGS = ['threatgraph:zone', 'threatgraph-zone', 'threatgraph_zone'] as const;

const ENTRY: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'api-gateway',
  'load-balancer',
  'waf',
  'api-route',
]);
const COMPUTE: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'inference-endpoint',
  'model',
  'foundation-model-service',
  'function',
  'agent',
  'agent-tool',
  'guardrail',
  'compute-instance',
]);
const DEVELOPMENT: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'training-job',
  'ml-pipeline',
  'notebook',
  'ml-workspace',
  'ml-compute',
  'model-registry',
  'feature-store',
  'container-registry',
]);
const PROTECTED: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'database',
  'vector-store',
  'knowledge-base',
  'log-sink',
  'key',
  'secret-store',
  'identity',
]);
const NETWORK: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'network',
  'subnet',
  'firewall-rule',
  'private-endpoint',
]);
const DATA: ReadonlySet<AssetKind> = new Set<AssetKind>(['object-store', 'dataset']);

interface Index {
  readonly assets: ReadonlyMap<string, Asset>;
  /** Flows into an asset, including those into the resource sets it belongs to (with the set as `to`). */
  incoming(id: string, kinds: readonly Flow['kind'][]): readonly Flow[];
  /** Flows of `kinds` into an asset whose source is in the DMZ (zoned so far). */
  fromDmz(id: string, kinds: readonly Flow['kind'][]): readonly Flow[];
}

/**
 * Puts every asset in a trust zone, following the seed's picture, and says why. First matching rule wins:
 * an explicit tag; external entities; provider-managed services; entry points by internet reachability;
 * the authentication system of an internet-facing gateway; application compute; the ML lifecycle
 * (development); data stores by the role they play (training data and artifacts vs application data); the
 * network plumbing by reachability. The flows are read through the graph's indexes (resource sets, inflows).
 */
export function inferZones(
  assets: ReadonlyMap<string, Asset>,
  { sets, inflows }: GraphIndexes,
): Map<string, ZoneAssignment> {
  // Flows into a set keep the set as `to` in `inflows`: zone rules read their kind and source only.
  const zones = new Map<string, ZoneAssignment>();
  // The members of a set share its list of inflows: each list is filtered once, and again only after another
  // asset joined the DMZ, so the answer is the one filtering at each call would give.
  let dmzCount = 0;
  const dmzOf = new WeakMap<readonly Flow[], { at: number; flows: readonly Flow[] }>();
  const inDmz = (list: readonly Flow[]): readonly Flow[] => {
    let found = dmzOf.get(list);
    if (found?.at !== dmzCount) {
      found = { at: dmzCount, flows: list.filter((f) => zones.get(f.from)?.zone === 'dmz') };
      dmzOf.set(list, found);
    }
    return found.flows;
  };
  const index: Index = {
    assets,
    incoming: (id, kinds) => inflows.of(id, kinds),
    fromDmz: (id, kinds) => joined(inflows.parts(id, kinds).map(inDmz)),
  };
  // Entry points first: the identity-provider rule looks at the zones of gateways; sets last, they follow
  // their members.
  const ranks: [Asset[], Asset[], Asset[]] = [[], [], []];
  for (const a of assets.values()) ranks[ENTRY.has(a.kind) ? 0 : a.kind === 'resource-set' ? 2 : 1].push(a);
  for (const a of ranks.flat()) {
    const zone = a.kind === 'resource-set' ? setZone(a, sets, zones) : zoneOf(a, index);
    if (zone.zone === 'dmz') dmzCount += 1;
    zones.set(a.id, zone);
  }
  return zones;
}

/** A set sits in the zone its members share; members spread over zones leave it in the protected zone. */
function setZone(a: Asset, sets: SetIndex, zones: ReadonlyMap<string, ZoneAssignment>): ZoneAssignment {
  const found = new Set(sets.membersOf(a.id).map((m) => zones.get(m)?.zone ?? 'internal-interface'));
  const [only] = found;
  if (found.size === 1 && only !== undefined)
    return {
      zone: only,
      reason: `resource set whose ${sets.membersOf(a.id).length} members are all in ${only}`,
    };
  return {
    zone: 'internal-protected',
    reason: `resource set whose members are in ${[...found].sort().join(', ')}`,
  };
}

function zoneOf(a: Asset, index: Index): ZoneAssignment {
  for (const key of ZONE_TAGS) {
    const value = a.tags[key];
    if (value !== undefined && (ZONE_IDS as readonly string[]).includes(value)) {
      return { zone: value as ZoneId, reason: `tag ${key}=${value}` };
    }
  }
  const reachable = a.facts.internetReachable;
  if (a.kind === 'external-entity') return { zone: 'internet', reason: 'external entity' };
  if (isTrue(a.facts.providerManaged) && !isTrue(a.facts.privateNetwork)) {
    return {
      zone: 'provider-managed',
      reason: `managed service of the provider (${a.facts.providerManaged?.attribute ?? 'type'})`,
    };
  }
  if (ENTRY.has(a.kind)) {
    if (isTrue(reachable))
      return {
        zone: 'dmz',
        reason: `entry point reachable from the internet (${reachable?.attribute ?? ''})`,
      };
    if (isUnknown(reachable)) {
      return {
        zone: 'dmz',
        reason: `entry point that may be reachable from the internet (${reachable?.reason ?? 'unknown'})`,
      };
    }
    return { zone: 'internal-interface', reason: 'entry point not reachable from the internet' };
  }
  if (a.kind === 'identity-provider') {
    const gateways = index.fromDmz(a.id, ['authenticate']);
    if (gateways.length > 0) {
      return {
        zone: 'dmz',
        reason: `authenticates callers of internet-facing ${gateways
          .map((f) => f.from)
          .sort()
          .join(', ')}`,
      };
    }
    return {
      zone: 'internal-protected',
      reason: 'identity provider not used by an internet-facing entry point',
    };
  }
  if (COMPUTE.has(a.kind)) {
    if (isTrue(reachable) && !isTrue(a.facts.requiresAuthentication)) {
      return {
        zone: 'dmz',
        reason: `reachable from the internet without authentication (${reachable?.attribute ?? ''})`,
      };
    }
    if (isTrue(reachable)) {
      return { zone: 'internal-interface', reason: 'public endpoint, but every call must be authenticated' };
    }
    const callers = index.fromDmz(a.id, ['invoke']);
    if (callers.length > 0) {
      return {
        zone: 'internal-interface',
        reason: `private; receives traffic from ${callers
          .map((f) => f.from)
          .sort()
          .join(', ')}`,
      };
    }
    return { zone: 'internal-interface', reason: 'application or model compute without internet exposure' };
  }
  if (DEVELOPMENT.has(a.kind))
    return { zone: 'development', reason: `${a.kind} belongs to the development lifecycle` };
  if (DATA.has(a.kind)) {
    const [training] = index.incoming(a.id, ['train-on', 'produce-artifact']);
    if (training !== undefined) {
      const role = training.kind === 'train-on' ? 'training data' : 'model artifacts';
      return { zone: 'development', reason: `holds ${role} of ${training.from}` };
    }
    const artifact = index.incoming(a.id, ['read']).find((f) => index.assets.get(f.from)?.kind === 'model');
    if (artifact !== undefined)
      return { zone: 'development', reason: `holds model artifacts loaded by ${artifact.from}` };
    if (a.kind === 'dataset') return { zone: 'development', reason: 'dataset for model development' };
    return { zone: 'internal-protected', reason: 'data store' };
  }
  if (PROTECTED.has(a.kind))
    return { zone: 'internal-protected', reason: `${a.kind} is protected infrastructure` };
  if (NETWORK.has(a.kind)) {
    if (isTrue(reachable))
      return { zone: 'dmz', reason: `network path open to the internet (${reachable?.attribute ?? ''})` };
    if (isFalse(reachable) || reachable === undefined)
      return { zone: 'internal-interface', reason: 'private network' };
    return {
      zone: 'dmz',
      reason: `network path that may be open to the internet (${isUnknown(reachable) ? reachable.reason : 'unknown'})`,
    };
  }
  return { zone: 'internal-interface', reason: 'no zone rule matched; private by default' };
}

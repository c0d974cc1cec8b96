import { describe, expect, it } from 'vitest';
import graphology from 'graphology';
import { buildGraph, type ThreatGraph } from '../../src/graph/build.js';
import type { AssetNode, FlowEdge } from '../../src/graph/types.js';
import { INTERNET_ID } from '../../src/graph/derive.js';
import { createView } from '../../src/graph/view.js';
import { asset, flow, seedSystem, UNKNOWN } from '../helpers/inventory.js';

function graphOf(
  assets: ReturnType<typeof seedSystem>['assets'],
  flows: ReturnType<typeof seedSystem>['flows'],
) {
  return createView(buildGraph({ inputs: [], assets, flows, notes: [] }));
}

describe('zone inference on the seed system', () => {
  const { assets, flows } = seedSystem(true);
  const view = graphOf(assets, flows);
  const zoneOf = (id: string) => view.zone(id).zone;

  it('puts every seed element in the zone of the seed diagram', () => {
    expect({
      user: zoneOf(INTERNET_ID),
      gateway: zoneOf('gw'),
      auth: zoneOf('idp'),
      inference: zoneOf('endpoint'),
      model: zoneOf('model'),
      dataLayer: zoneOf('table'),
      logs: zoneOf('logs'),
      trainingData: zoneOf('training'),
      artifacts: zoneOf('artifacts'),
      pipeline: zoneOf('pipeline'),
    }).toEqual({
      user: 'internet',
      gateway: 'dmz',
      auth: 'dmz',
      inference: 'internal-interface',
      model: 'internal-interface',
      dataLayer: 'internal-protected',
      logs: 'internal-protected',
      trainingData: 'development',
      artifacts: 'development',
      pipeline: 'development',
    });
  });

  it('explains each zone', () => {
    expect(view.zone('idp').reason).toBe('authenticates callers of internet-facing gw');
    expect(view.zone('training').reason).toBe('holds training data of pipeline');
    expect(view.zone('endpoint').reason).toBe('private; receives traffic from gw');
    expect(view.zone('gw').reason).toBe('entry point reachable from the internet (internetReachable)');
  });

  it('derives a1 (internet → gateway) with the gateway authentication', () => {
    const a1 = view.flowsTo('gw', ['invoke']);
    expect(a1.map((f) => f.from)).toEqual([INTERNET_ID]);
    expect(a1[0]?.authenticated).toMatchObject({ state: 'explicit', value: true });
  });

  it('propagates identity grants to holders, turning training reads and writes into train-on and produce-artifact', () => {
    expect(view.flowsFrom('model', ['write']).map((f) => f.to)).toEqual(['table']);
    expect(view.flowsFrom('pipeline', ['train-on']).map((f) => f.to)).toEqual(['training']);
    expect(view.flowsFrom('pipeline', ['produce-artifact']).map((f) => f.to)).toEqual(['artifacts']);
    expect(view.flowsFrom('model', ['write'])[0]?.evidence[0]?.note).toBe(
      'granted to role, which model assumes',
    );
  });
});

describe('zone inference edge cases', () => {
  it('honours a zone tag over inference', () => {
    const view = graphOf([asset('b', 'object-store', {}, { tags: { 'threatgraph:zone': 'dmz' } })], []);
    expect(view.zone('b')).toEqual({ zone: 'dmz', reason: 'tag threatgraph:zone=dmz' });
  });

  it('ignores an invalid zone tag', () => {
    const view = graphOf([asset('b', 'object-store', {}, { tags: { 'threatgraph:zone': 'nowhere' } })], []);
    expect(view.zone('b').zone).toBe('internal-protected');
  });

  it('puts an entry point with unknown reachability in the dmz and says why', () => {
    const view = graphOf([asset('lb', 'load-balancer', { internetReachable: UNKNOWN })], []);
    expect(view.zone('lb')).toEqual({
      zone: 'dmz',
      reason: 'entry point that may be reachable from the internet (known only after apply)',
    });
    expect(view.flowsTo('lb')).toEqual([]);
  });

  it('puts unauthenticated public compute in the dmz, authenticated public compute stays internal', () => {
    const view = graphOf(
      [
        asset('open', 'function', { internetReachable: true, requiresAuthentication: false }),
        asset('iam', 'inference-endpoint', { internetReachable: true, requiresAuthentication: true }),
      ],
      [],
    );
    expect(view.zone('open').zone).toBe('dmz');
    expect(view.zone('iam')).toEqual({
      zone: 'internal-interface',
      reason: 'public endpoint, but every call must be authenticated',
    });
  });

  it('puts provider-managed services in provider-managed', () => {
    const view = graphOf([asset('fm', 'foundation-model-service', { providerManaged: true })], []);
    expect(view.zone('fm').zone).toBe('provider-managed');
  });

  it('adds internet read/write flows for anonymous access unless public access is blocked', () => {
    const view = graphOf(
      [
        asset('open', 'object-store', { anonymousRead: true, anonymousWrite: true }),
        asset('blocked', 'object-store', { anonymousRead: true, publicAccessBlocked: true }),
      ],
      [],
    );
    expect(
      view
        .flowsTo('open')
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['read', 'write']);
    expect(view.flowsTo('blocked')).toEqual([]);
  });

  it('drops flows whose ends are not assets', () => {
    const view = graphOf([asset('a', 'function')], [flow('a', 'ghost', 'write')]);
    expect(view.flowsFrom('a')).toEqual([]);
  });
});

describe('reachability', () => {
  const { assets, flows } = seedSystem(true);
  const view = graphOf(assets, flows);
  it('finds the shortest invoke path from the internet to the model', () => {
    expect(view.pathFromZone('internet', 'model', ['invoke'])).toEqual([
      INTERNET_ID,
      'gw',
      'endpoint',
      'model',
    ]);
  });
  it('does not follow flows of other kinds', () => {
    expect(view.pathFromZone('internet', 'table', ['invoke'])).toBeUndefined();
    expect(view.reachableFromZone('internet', ['invoke']).has('table')).toBe(false);
    expect(view.reachableFromZone('internet', ['invoke', 'write']).has('table')).toBe(true);
  });
  it('shares one search per zone and kinds', () => {
    expect(view.reachableFromZone('dmz', ['invoke'])).toBe(view.reachableFromZone('dmz', ['invoke']));
  });
});

describe('view asset lists', () => {
  it('list assets in id order, for one kind, several kinds, and a graph whose nodes were added in another order', () => {
    const { assets, flows } = seedSystem(true);
    const built = buildGraph({ inputs: [], assets, flows, notes: [] });
    const ids = (list: readonly { id: string }[]) => list.map((a) => a.id);
    const sorted = (list: readonly string[]) => [...list].sort();
    const fromBuild = createView(built);
    const stores = ids(fromBuild.assets(['object-store', 'database']));
    expect(stores).toEqual(sorted(stores));
    expect(new Set(stores)).toEqual(new Set(['training', 'artifacts', 'table']));
    expect(ids(fromBuild.assets(['database', 'object-store']))).toEqual(stores);
    expect(ids(fromBuild.assets())).toEqual(sorted(ids(fromBuild.assets())));

    // The same nodes in reverse order, as a graph built by hand might have them.
    const reversed: ThreatGraph = new graphology.MultiDirectedGraph<AssetNode, FlowEdge>({
      allowSelfLoops: false,
    });
    for (const id of [...built.nodes()].reverse()) reversed.addNode(id, built.getNodeAttributes(id));
    built.forEachEdge((_e, attrs, from, to) => reversed.addDirectedEdge(from, to, attrs));
    const view = createView(reversed);
    expect(ids(view.assets())).toEqual(ids(fromBuild.assets()));
    expect(ids(view.assets(['object-store', 'database']))).toEqual(stores);
    expect(ids(view.assets('object-store'))).toEqual(ids(fromBuild.assets('object-store')));
  });
});

describe('indexes shared by zone inference and the view', () => {
  it('serve the view of the graph as built, and are rebuilt once the graph changes', () => {
    const { assets, flows } = seedSystem(true);
    const graph = buildGraph({ inputs: [], assets, flows, notes: [] });
    const readers = (id: string) =>
      createView(graph)
        .flowsTo(id, ['read'])
        .map((f) => f.from);
    const before = readers('table');
    expect(before).not.toContain('pipeline');

    const extra = flow('pipeline', 'table', 'read');
    graph.addDirectedEdge(extra.from, extra.to, { flow: extra });
    expect(readers('table')).toEqual([...before, 'pipeline']);
  });
});

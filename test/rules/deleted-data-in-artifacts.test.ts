import { describe, expect, it } from 'vitest';
import { deletedDataInArtifacts } from '../../rules/ai/model/deleted-data-in-artifacts.js';
import type { Asset } from '../../src/model/index.js';
import { asset, flow, run, UNKNOWN } from '../helpers/inventory.js';

/** A resource set standing for the stores a wildcard write grant names. */
function resourceSet(id: string, members: string[]): Asset {
  return { ...asset(id, 'resource-set'), members };
}

/**
 * Two pipelines write their artifacts through one resource set (a wildcard write grant); `pipe` trains on two
 * stores whose data expires (one known, one unknown) and one kept forever, `other` on a store kept forever.
 */
function scan() {
  const assets = [
    asset('pipe', 'ml-pipeline'),
    asset('other', 'ml-pipeline'),
    asset('d1', 'object-store', { deletionLifecycle: true }),
    asset('d2', 'object-store', { deletionLifecycle: UNKNOWN }),
    asset('d3', 'object-store', { deletionLifecycle: false }),
    asset('a1', 'object-store', { deletionLifecycle: false }),
    asset('a2', 'object-store', { deletionLifecycle: true }),
    asset('a3', 'object-store', { deletionLifecycle: UNKNOWN }),
    asset('a4', 'object-store'),
    resourceSet('set:w', ['a1', 'a2', 'a3', 'a4', 'd1']),
  ];
  const flows = [
    flow('pipe', 'd1', 'train-on'),
    flow('pipe', 'd2', 'train-on'),
    flow('pipe', 'd3', 'train-on'),
    flow('pipe', 'set:w', 'produce-artifact'),
    flow('other', 'd3', 'train-on'),
    flow('other', 'set:w', 'produce-artifact'),
  ];
  return run(assets, flows, [deletedDataInArtifacts]);
}

describe('TG-MODEL-010 through a resource set of artifact stores', () => {
  it('pairs each expiring input with each member kept forever, input by input, members in order', () => {
    const { view } = scan();
    const findings = [...deletedDataInArtifacts.match(view)];
    expect(findings.map((f) => ({ assets: f.assets, path: f.path, unknowns: f.unknowns }))).toEqual([
      { assets: ['a1', 'd1'], path: ['d1', 'pipe', 'a1'], unknowns: [] },
      {
        assets: ['a3', 'd1'],
        path: ['d1', 'pipe', 'a3'],
        unknowns: [{ assetId: 'a3', fact: 'deletionLifecycle', reason: 'known only after apply' }],
      },
      {
        assets: ['a1', 'd2'],
        path: ['d2', 'pipe', 'a1'],
        unknowns: [{ assetId: 'd2', fact: 'deletionLifecycle', reason: 'known only after apply' }],
      },
      {
        assets: ['a3', 'd2'],
        path: ['d2', 'pipe', 'a3'],
        unknowns: [
          { assetId: 'd2', fact: 'deletionLifecycle', reason: 'known only after apply' },
          { assetId: 'a3', fact: 'deletionLifecycle', reason: 'known only after apply' },
        ],
      },
    ]);
  });

  it('gives the evidence of the input flow and of the flow into the set, seen at the member', () => {
    const { view } = scan();
    const [first] = deletedDataInArtifacts.match(view);
    expect(first?.evidence.map((e) => [e.assetId, e.attribute, e.value ?? e.note])).toEqual([
      ['d1', 'deletionLifecycle', 'true'],
      ['a1', 'deletionLifecycle', 'false'],
      ['pipe', 'train-on', undefined],
      ['pipe', 'produce-artifact', undefined],
    ]);
  });

  it('scores a possible threat for an unknown lifecycle and a confirmed one otherwise', () => {
    const { threats } = scan();
    expect(threats.map((t) => [t.assets.join(','), t.confidence])).toEqual([
      ['a1,d1', 'confirmed'],
      ['a1,d2', 'possible'],
      ['a3,d1', 'possible'],
      ['a3,d2', 'possible'],
    ]);
  });
});

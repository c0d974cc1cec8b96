import { describe, expect, it } from 'vitest';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';

/**
 * The Terraform source beside a reference-architecture plan gives the same threat model as the plan: the same
 * assets, zones, flows and threats. Differences a source scan cannot avoid (values known only after apply) are
 * listed per fixture; an empty list means none showed up.
 */
interface Model {
  readonly assets: string[];
  readonly zones: string[];
  readonly flows: string[];
  readonly threats: string[];
}

function model(result: ScanResult): Model {
  const sorted = (xs: string[]): string[] => [...new Set(xs)].sort();
  return {
    assets: sorted(result.inventory.assets.map((a) => `${a.id} ${a.kind}`)),
    zones: sorted(result.view.assets().map((a) => `${a.id} ${result.view.zone(a.id).zone}`)),
    flows: sorted(result.graph.mapEdges((_k, { flow }) => flow.id)),
    threats: sorted(
      result.threats.map((t) => `${t.ruleId} ${t.assets.join(',')} ${t.severity} ${t.confidence}`),
    ),
  };
}

const FIXTURES = [
  {
    name: 'AWS baseline',
    plan: 'fixtures/reference-architecture/aws/plan.json',
    source: 'fixtures/reference-architecture/aws/source',
    expectedDifferences: { assets: [], zones: [], flows: [], threats: [] },
  },
] as const;

describe.each(FIXTURES)('$name: source and plan agree', ({ plan, source, expectedDifferences }) => {
  const fromPlan = model(scanFilesSync([plan]));
  const sourceScan = scanFilesSync([source]);
  const fromSource = model(sourceScan);

  it('reads the source without notes', () => {
    expect(sourceScan.inventory.notes).toEqual([]);
    expect(sourceScan.inventory.inputs[0]?.format).toBe('terraform-source');
  });

  it.each(['assets', 'zones', 'flows', 'threats'] as const)('has the same %s', (part) => {
    const onlyPlan = fromPlan[part].filter((x) => !fromSource[part].includes(x));
    const onlySource = fromSource[part].filter((x) => !fromPlan[part].includes(x));
    expect({ onlyPlan, onlySource }).toEqual({ onlyPlan: expectedDifferences[part], onlySource: [] });
    expect(fromPlan[part].length).toBeGreaterThan(0);
  });
});

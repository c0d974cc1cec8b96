import { BUILTIN_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { buildGraph } from '../../src/graph/build.js';
import { createView } from '../../src/graph/view.js';
import type { Asset, Flow, InputInfo } from '../../src/model/index.js';
import type { ScanResult } from '../../src/scan.js';

/** A full scan result of hand-made assets and flows, with the built-in rules run over it, for report tests. */
export function scanOf(assets: Asset[], flows: Flow[], inputs: InputInfo[] = []): ScanResult {
  const inventory = { inputs, assets, flows, notes: [] };
  const graph = buildGraph(inventory);
  const view = createView(graph);
  const result = runRules(BUILTIN_RULES, view, { roles: ['AP'] });
  return {
    inventory,
    graph,
    view,
    threats: result.threats,
    rules: result.rules,
    ruleSet: BUILTIN_RULES,
    roles: ['AP'],
  };
}

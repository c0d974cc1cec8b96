import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { collectPlanFile } from '../collectors/terraform/index.js';
import { BUILTIN_RULES } from '../rules/index.js';
import { runRules, type RuleRun } from './engine/run.js';
import { buildGraph, type ThreatGraph } from './graph/build.js';
import { createView } from './graph/view.js';
import {
  InputError,
  type Asset,
  type CoverageNote,
  type Flow,
  type GraphView,
  type InputInfo,
  type Inventory,
  type Party,
  type Rule,
  type Threat,
} from './model/index.js';

export interface ScanOptions {
  /** SSRM parties the user plays (default: AP). */
  readonly roles?: readonly Party[];
  readonly rules?: readonly Rule[];
  /** Called with a short message as each input is read (progress). */
  readonly onProgress?: (message: string) => void;
}

export interface ScanResult {
  readonly inventory: Inventory;
  readonly graph: ThreatGraph;
  readonly view: GraphView;
  readonly threats: readonly Threat[];
  readonly rules: readonly RuleRun[];
  readonly roles: readonly Party[];
}

/** Expands directories to the plan files they hold; refuses what this version cannot read. */
export function resolveInputs(paths: readonly string[]): string[] {
  if (paths.length === 0)
    throw new InputError('scan', 'no input given; pass a plan file from `terraform show -json`');
  const out: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new InputError(path, 'cannot be read (no such file); check the path');
    }
    if (!isDir) {
      out.push(path);
      continue;
    }
    const entries = readdirSync(path).sort();
    const plans = entries.filter((e) => e.endsWith('.json') && !e.startsWith('.'));
    if (plans.length === 0) {
      const hasSource = entries.some((e) => e.endsWith('.tf') || e.endsWith('.tf.json'));
      throw new InputError(
        path,
        hasSource
          ? 'holds Terraform source, which this version does not read yet; run `terraform plan -out plan.out && terraform show -json plan.out > plan.json` and scan plan.json'
          : 'holds no .json plan files; pass the output of `terraform show -json`',
      );
    }
    out.push(...plans.map((p) => join(path, p)));
  }
  return out;
}

/** Reads the inputs, builds the graph and runs the rules. */
export function scanFiles(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  return Promise.resolve(scanFilesSync(paths, options));
}

export function scanFilesSync(paths: readonly string[], options: ScanOptions = {}): ScanResult {
  const inventories: Inventory[] = [];
  for (const file of resolveInputs(paths)) {
    options.onProgress?.(`reading ${file}`);
    inventories.push(collectPlanFile(file));
  }
  const inventory = mergeInventories(inventories);
  options.onProgress?.(`building graph of ${inventory.assets.length} assets`);
  const graph = buildGraph(inventory);
  const view = createView(graph);
  const roles = options.roles ?? ['AP'];
  options.onProgress?.('running rules');
  const result = runRules(options.rules ?? BUILTIN_RULES, view, { roles });
  return { inventory, graph, view, threats: result.threats, rules: result.rules, roles };
}

/** Several inputs form one system; an address present in two inputs is kept once and noted. */
export function mergeInventories(inventories: readonly Inventory[]): Inventory {
  if (inventories.length === 1 && inventories[0] !== undefined) return inventories[0];
  const inputs: InputInfo[] = [];
  const assets = new Map<string, Asset>();
  const flows = new Map<string, Flow>();
  const notes: CoverageNote[] = [];
  for (const inv of inventories) {
    inputs.push(...inv.inputs);
    notes.push(...inv.notes);
    for (const a of inv.assets) {
      const first = assets.get(a.id);
      if (first) {
        notes.push({
          kind: 'skipped',
          message: `${a.id} appears in ${first.source.input} and ${a.source.input}; the first is kept`,
          input: a.source.input,
          address: a.id,
        });
        continue;
      }
      assets.set(a.id, a);
    }
    for (const f of inv.flows) if (!flows.has(f.id)) flows.set(f.id, f);
  }
  return { inputs, assets: [...assets.values()], flows: [...flows.values()], notes };
}

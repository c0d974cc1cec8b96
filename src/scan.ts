import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsScanOptions } from '../collectors/aws/options.js';
import type { AzureScanOptions } from '../collectors/azure/options.js';
import type { GcpScanOptions } from '../collectors/gcp/options.js';
import { collectPlanFile, collectSourceDir } from '../collectors/terraform/index.js';
import type { SourceOptions } from '../collectors/terraform/hcl.js';
import { BUILTIN_RULES } from '../rules/index.js';
import { runRules, type RuleRun } from './engine/run.js';
import type { Triage } from './engine/triage.js';
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
  /** Variables for Terraform source inputs (`--var-file`, `--var`). */
  readonly source?: SourceOptions;
  /** Called with a short message as each input is read (progress). */
  readonly onProgress?: (message: string) => void;
}

export interface ScanResult {
  readonly inventory: Inventory;
  readonly graph: ThreatGraph;
  readonly view: GraphView;
  readonly threats: readonly Threat[];
  readonly rules: readonly RuleRun[];
  /** The rules that were run (built-in and custom), with their metadata, in run order. */
  readonly ruleSet: readonly Rule[];
  readonly roles: readonly Party[];
  /** Set when accepted risks or a baseline were applied (src/engine/triage.ts). */
  readonly triage?: Triage;
}

/** One thing to scan: a plan (or state) JSON file, or a directory of Terraform source. */
export interface ScanInput {
  readonly kind: 'plan' | 'source';
  readonly path: string;
}

/**
 * Expands the paths given: a file is a plan; a directory holding `.tf` or `.tf.json` files is a Terraform root
 * module read from source; any other directory stands for the plan JSON files in it.
 */
export function resolveInputs(paths: readonly string[]): ScanInput[] {
  if (paths.length === 0)
    throw new InputError(
      'scan',
      'no input given; pass a directory of Terraform source or a plan file from `terraform show -json`',
    );
  const out: ScanInput[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new InputError(path, 'cannot be read (no such file); check the path');
    }
    if (!isDir) {
      out.push({ kind: 'plan', path });
      continue;
    }
    const entries = readdirSync(path).sort();
    if (entries.some((e) => e.endsWith('.tf') || e.endsWith('.tf.json'))) {
      out.push({ kind: 'source', path });
      continue;
    }
    const plans = entries.filter((e) => e.endsWith('.json') && !e.startsWith('.'));
    if (plans.length === 0)
      throw new InputError(
        path,
        'holds neither Terraform source (.tf) nor plan JSON files; pass a root module or the output of `terraform show -json`',
      );
    out.push(...plans.map((p) => ({ kind: 'plan' as const, path: join(path, p) })));
  }
  return out;
}

/** Reads the inputs, builds the graph and runs the rules. */
export function scanFiles(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  return Promise.resolve(scanFilesSync(paths, options));
}

export function scanFilesSync(paths: readonly string[], options: ScanOptions = {}): ScanResult {
  const inventories: Inventory[] = [];
  for (const input of resolveInputs(paths)) {
    options.onProgress?.(`reading ${input.path}`);
    inventories.push(
      input.kind === 'source' ? collectSourceDir(input.path, options.source) : collectPlanFile(input.path),
    );
  }
  return scanInventory(mergeInventories(inventories), options);
}

/**
 * Reads AWS accounts with the live collector, then builds the graph and runs the rules as for a plan. The AWS
 * SDK is loaded here, on first use, so that plan scans never load it.
 */
export async function scanAws(aws: AwsScanOptions, options: ScanOptions = {}): Promise<ScanResult> {
  const { collectAws } = await import('../collectors/aws/index.js');
  return scanCollected((onProgress) => collectAws({ ...aws, ...onProgress }), options);
}

export async function scanAzure(azure: AzureScanOptions, options: ScanOptions = {}): Promise<ScanResult> {
  const { collectAzure } = await import('../collectors/azure/index.js');
  return scanCollected((onProgress) => collectAzure({ ...azure, ...onProgress }), options);
}

/** Reads GCP projects live; the Google Cloud clients are loaded on first use, never by a plan scan. */
export async function scanGcp(gcp: GcpScanOptions, options: ScanOptions = {}): Promise<ScanResult> {
  const { collectGcp } = await import('../collectors/gcp/index.js');
  return scanCollected((onProgress) => collectGcp({ ...gcp, ...onProgress }), options);
}

/** A live scan: the collector is told of the scan's progress callback, then its inventory is scanned. */
async function scanCollected(
  collect: (onProgress: { onProgress?: (message: string) => void }) => Promise<Inventory>,
  options: ScanOptions,
): Promise<ScanResult> {
  const inventory = await collect(options.onProgress === undefined ? {} : { onProgress: options.onProgress });
  return scanInventory(inventory, options);
}

/** The half of a scan every input shares: the graph of an inventory and the rules run over it. */
export function scanInventory(inventory: Inventory, options: ScanOptions = {}): ScanResult {
  options.onProgress?.(`building graph of ${inventory.assets.length} assets`);
  const graph = buildGraph(inventory);
  const view = createView(graph);
  const roles = options.roles ?? ['AP'];
  options.onProgress?.('running rules');
  const ruleSet = options.rules ?? BUILTIN_RULES;
  const result = runRules(ruleSet, view, { roles });
  return { inventory, graph, view, threats: result.threats, rules: result.rules, ruleSet, roles };
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

import { aicm, SEED_CONTROL, type AicmRef } from '../src/catalog/index.js';
import {
  isTrue,
  isUnknown,
  sourceOfAttribute,
  type Asset,
  type AssetKind,
  type Evidence,
  type ExistingControl,
  type Fact,
  type FactName,
  type Finding,
  type Flow,
  type GraphView,
  type UnknownInput,
} from '../src/model/index.js';

/** The AICM controls a rule cites, always including the seed control (Threat Analysis and Modelling). */
export function aicmControls(...ids: string[]): AicmRef[] {
  return [...ids, SEED_CONTROL].map((id) => aicm(id));
}

function describe(f: Fact | undefined): string {
  if (f === undefined) return '(not modelled)';
  if (f.state === 'unknown') return 'unknown';
  return typeof f.value === 'string' ? f.value : JSON.stringify(f.value);
}

/** Evidence for a fact of an asset: the attribute it was read from and its printable value. */
export function factEvidence(asset: Asset, name: FactName, note?: string): Evidence {
  const f = asset.facts[name];
  const why =
    f?.state === 'unknown' ? f.reason : f?.state === 'default' ? 'not set; provider default' : undefined;
  const combined = [note, why].filter((x) => x !== undefined).join('; ');
  return {
    assetId: asset.id,
    attribute: f?.attribute ?? name,
    value: describe(f),
    ...(combined === '' ? {} : { note: combined }),
    source: sourceOfAttribute(asset, f?.attribute ?? name),
  };
}

export function flowEvidence(flow: Flow): Evidence[] {
  return flow.evidence.length > 0
    ? [...flow.evidence]
    : [{ assetId: flow.from, attribute: flow.kind, note: flow.id }];
}

export function unknownInput(asset: Asset, name: FactName): UnknownInput {
  const f = asset.facts[name];
  return { assetId: asset.id, fact: name, reason: f?.state === 'unknown' ? f.reason : 'not known' };
}

/** A condition on a fact: the asset is exposed when the fact has the value `is`. */
export interface Condition {
  readonly fact: FactName;
  /** A boolean for boolean facts; a string for string facts such as `authMethod`. */
  readonly is: boolean | string;
  /** When the fact is absent: `skip` the asset (default) or treat it as the bad value. */
  readonly absent?: 'skip' | 'bad';
}

/** A fact whose good value is an existing control that lowers likelihood. */
export interface ControlSpec {
  readonly fact: FactName;
  readonly is: boolean | string;
  readonly control: string;
}

export type Outcome = 'holds' | 'fails' | 'unknown';

/** Evaluates a condition three-valued: an unknown fact neither confirms nor clears the weakness. */
export function evaluate(asset: Asset, c: Condition): Outcome | 'absent' {
  const f = asset.facts[c.fact];
  if (f === undefined) return c.absent === 'bad' ? 'holds' : 'absent';
  if (isUnknown(f)) return 'unknown';
  return f.value === c.is ? 'holds' : 'fails';
}

export function controlsOn(asset: Asset, specs: readonly ControlSpec[]): ExistingControl[] {
  const out: ExistingControl[] = [];
  for (const s of specs) {
    const f = asset.facts[s.fact];
    if (f !== undefined && f.state !== 'unknown' && f.value === s.is) {
      out.push({ control: s.control, assetId: asset.id, evidence: `${f.attribute} = ${describe(f)}` });
    }
  }
  return out;
}

export interface AttributeSpec {
  readonly kinds: readonly AssetKind[];
  /** All must hold (three-valued AND). */
  readonly when: readonly Condition[];
  readonly controls?: readonly ControlSpec[];
  /** Further filter, e.g. only stores that hold training data. */
  readonly where?: (asset: Asset, view: GraphView) => boolean;
  readonly params?: (asset: Asset, view: GraphView) => Record<string, string>;
}

/**
 * Findings for assets whose facts match every condition. A condition over an unknown fact makes the finding
 * `possible` (listing the unknown); a known good value clears it; an absent fact means not applicable.
 */
export function* matchAttributes(view: GraphView, spec: AttributeSpec): Iterable<Finding> {
  for (const asset of view.assets(spec.kinds)) {
    // Facts first: they are read off the asset, while `where` usually asks the graph.
    const unknowns: UnknownInput[] = [];
    let cleared = false;
    for (const c of spec.when) {
      const outcome = evaluate(asset, c);
      if (outcome === 'fails' || outcome === 'absent') {
        cleared = true;
        break;
      }
      if (outcome === 'unknown') unknowns.push(unknownInput(asset, c.fact));
    }
    if (cleared) continue;
    if (spec.where !== undefined && !spec.where(asset, view)) continue;
    yield {
      assets: [asset.id],
      params: { asset: asset.name, id: asset.id, kind: asset.kind, ...(spec.params?.(asset, view) ?? {}) },
      evidence: spec.when.map((c) => factEvidence(asset, c.fact)),
      unknowns,
      controls: controlsOn(asset, spec.controls ?? []),
    };
  }
}

/** Stores that feed training: targets of train-on flows. */
export function isTrainingData(asset: Asset, view: GraphView): boolean {
  return view.flowsTo(asset.id, ['train-on']).length > 0;
}

/** Stores that hold model artifacts: written by training, or read by a model. */
export function isArtifactStore(asset: Asset, view: GraphView): boolean {
  if (view.flowsTo(asset.id, ['produce-artifact']).length > 0) return true;
  return view.sources(asset.id, ['read']).some((s) => s.kind === 'model');
}

export const AI_KINDS: readonly AssetKind[] = [
  'inference-endpoint',
  'model',
  'foundation-model-service',
  'agent',
  'knowledge-base',
  'training-job',
  'ml-pipeline',
  'ml-compute',
  'notebook',
  'ml-workspace',
];

export const INFERENCE_KINDS: readonly AssetKind[] = [
  'inference-endpoint',
  'model',
  'foundation-model-service',
  'agent',
];

/** True when `flow` carries a fact that is known and true. */
export function flowIs(flow: Flow, name: 'authenticated' | 'encrypted'): boolean {
  return isTrue(flow[name]);
}

/** "a, b, c and 7 more": names for a message, sorted, without flooding it when a set grants many. */
export function nameList(items: readonly { readonly name: string }[], max = 3): string {
  const sorted = [...new Set(items.map((i) => i.name))].sort();
  if (sorted.length <= max) return sorted.join(', ');
  return `${sorted.slice(0, max).join(', ')} and ${String(sorted.length - max)} more`;
}

export function names(view: GraphView, ids: readonly string[]): string {
  return ids.map((id) => view.asset(id)?.name ?? id).join(' → ');
}

/** The flows along a path of asset ids (the first flow of an allowed kind between each pair). */
export function pathFlows(view: GraphView, path: readonly string[], kinds: readonly Flow['kind'][]): Flow[] {
  const out: Flow[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const from = path[i] as string;
    const to = path[i + 1] as string;
    const flow = view.flowsBetween(from, to, kinds)[0];
    if (flow !== undefined) out.push(flow);
  }
  return out;
}

/** Controls found along a path: authentication on a flow, a WAF on a gateway. */
export function pathControls(view: GraphView, flows: readonly Flow[]): ExistingControl[] {
  const out: ExistingControl[] = [];
  const seen = new Set<string>();
  for (const f of flows) {
    if (isTrue(f.authenticated) && !seen.has(`auth:${f.to}`)) {
      seen.add(`auth:${f.to}`);
      out.push({
        control: 'authentication',
        assetId: f.to,
        evidence: `${f.kind} ${f.from} → ${f.to} is authenticated`,
      });
    }
    const target = view.asset(f.to);
    if (target !== undefined && isTrue(target.facts.wafProtected) && !seen.has(`waf:${f.to}`)) {
      seen.add(`waf:${f.to}`);
      out.push({
        control: 'web application firewall',
        assetId: f.to,
        evidence: `${target.facts.wafProtected?.attribute ?? 'waf'} = true`,
      });
    }
  }
  return out;
}

/** Whether invocations from `id` reach a model, inference endpoint or agent within a few hops. */
export function frontsModel(view: GraphView, id: string, maxHops = 3): boolean {
  let frontier = [id];
  const seen = new Set(frontier);
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const at of frontier) {
      for (const t of view.targets(at, ['invoke'])) {
        if (INFERENCE_KINDS.includes(t.kind)) return true;
        if (!seen.has(t.id)) {
          seen.add(t.id);
          next.push(t.id);
        }
      }
    }
    frontier = next;
  }
  return false;
}

/** Workloads that run application code: functions and container services, virtual machines, API integrations. */
export const APPLICATION_KINDS: readonly AssetKind[] = ['function', 'compute-instance', 'api-gateway'];

const PIPELINE_KINDS: readonly AssetKind[] = ['training-job', 'ml-pipeline', 'ml-compute'];

/**
 * Application workloads: application code in the DMZ or the internal interface zone that no training or
 * deployment pipeline invokes (a pipeline's own deployment step is not an application).
 */
export function applicationWorkloads(view: GraphView): Asset[] {
  return view.assets(APPLICATION_KINDS).filter((a) => {
    const zone = view.zone(a.id).zone;
    return (
      (zone === 'dmz' || zone === 'internal-interface') && !view.hasSource(a.id, ['invoke'], PIPELINE_KINDS)
    );
  });
}

import type { Asset, AssetKind, Cloud } from './asset.js';
import type { Evidence, Flow, FlowKind } from './flow.js';
import type { LifecycleStage } from './lifecycle.js';
import type { SsrmLayer } from './ssrm.js';
import type { ControlMappings, ExistingControl, Level, Stride, UnknownInput } from './threat.js';
import type { ZoneAssignment, ZoneId } from './zone.js';

/** The read-only view of the graph that rules query. Implemented in src/graph/view.ts. */
export interface GraphView {
  assets(kind?: AssetKind | readonly AssetKind[]): readonly Asset[];
  asset(id: string): Asset | undefined;
  zone(id: string): ZoneAssignment;
  flowsFrom(id: string, kinds?: readonly FlowKind[]): readonly Flow[];
  flowsTo(id: string, kinds?: readonly FlowKind[]): readonly Flow[];
  /** Assets at the other end of outgoing flows of the given kinds. */
  targets(id: string, kinds: readonly FlowKind[]): readonly Asset[];
  /** Assets at the other end of incoming flows of the given kinds. */
  sources(id: string, kinds: readonly FlowKind[]): readonly Asset[];
  /** Assets reachable from any asset of the zone by following flows of the given kinds. */
  reachableFromZone(zone: ZoneId, kinds: readonly FlowKind[]): ReadonlySet<string>;
  /** Shortest path (asset ids) from any asset of the zone to the target, following flows of the kinds. */
  pathFromZone(zone: ZoneId, target: string, kinds: readonly FlowKind[]): readonly string[] | undefined;
}

/** What a rule reports for one threat instance; the engine adds metadata, scoring and the fingerprint. */
export interface Finding {
  /** Primary assets the threat is about. */
  readonly assets: readonly string[];
  readonly path?: readonly string[];
  /** Values for the rule's message template. */
  readonly params: Readonly<Record<string, string>>;
  readonly evidence: readonly Evidence[];
  /** Facts that were unknown: the finding becomes `possible`. */
  readonly unknowns?: readonly UnknownInput[];
  /** Controls found on the asset or path: each lowers likelihood by one step. */
  readonly controls?: readonly ExistingControl[];
}

export type RuleFamily =
  | 'ai/data'
  | 'ai/model'
  | 'ai/inference'
  | 'ai/orchestration'
  | 'ai/development'
  | 'cloud/network'
  | 'cloud/identity'
  | 'cloud/encryption'
  | 'cloud/logging'
  | 'stride';

export interface RuleMeta {
  /** Stable id, e.g. TG-DATA-001. */
  readonly id: string;
  readonly title: string;
  readonly family: RuleFamily;
  /** The threat in this system's terms. */
  readonly description: string;
  /** Message template with {param} placeholders filled from Finding.params. */
  readonly message: string;
  readonly stride: readonly Stride[];
  readonly atlas: { readonly techniques: readonly string[]; readonly mitigations: readonly string[] };
  readonly owasp: { readonly llm: readonly string[]; readonly ml: readonly string[] };
  readonly lifecycle: readonly LifecycleStage[];
  readonly ssrm: SsrmLayer;
  readonly controls: ControlMappings;
  readonly impact: Level;
  /** Likelihood before existing controls are considered. */
  readonly likelihood: Level;
  /** What raises or lowers likelihood, in words. */
  readonly likelihoodModifiers: readonly string[];
  readonly clouds: readonly Cloud[];
  readonly remediation: Partial<Record<Cloud, string>>;
}

export interface Rule extends RuleMeta {
  /** Pure: no I/O, no clock, no randomness; must yield findings in a deterministic order. */
  match(graph: GraphView): Iterable<Finding>;
}

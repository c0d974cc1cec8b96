import type { Asset, AssetKind, Cloud, FactName } from './asset.js';
import type { Evidence, FLOW_FACT_MEANINGS, Flow, FlowKind } from './flow.js';
import type { LifecycleStage } from './lifecycle.js';
import type { SsrmLayer } from './ssrm.js';
import type { ControlMappings, ExistingControl, Level, Stride, UnknownInput } from './threat.js';
import type { ZoneAssignment, ZoneId } from './zone.js';

/**
 * The read-only view of the graph that rules query. Implemented in src/graph/view.ts.
 *
 * A wildcard grant is one flow into a `resource-set` asset; the view sees through sets: `assets()` never lists
 * them, flows into a set count as flows into each of its members, and paths name members, not sets.
 */
export interface GraphView {
  assets(kind?: AssetKind | readonly AssetKind[]): readonly Asset[];
  asset(id: string): Asset | undefined;
  zone(id: string): ZoneAssignment;
  /**
   * Outgoing flows. A flow into a set is expanded to one flow per member, unless `throughSets` is false: then it
   * is returned once, with the set as `to` (for rules that judge a flow by its kind and zones alone).
   */
  flowsFrom(id: string, kinds?: readonly FlowKind[], options?: { throughSets?: boolean }): readonly Flow[];
  /** Incoming flows, including the flows into the sets the asset belongs to (those keep the set as `to`). */
  flowsTo(id: string, kinds?: readonly FlowKind[]): readonly Flow[];
  /** The flows from one asset to another, directly or into a set holding `to` (seen as flows into `to`). */
  flowsBetween(from: string, to: string, kinds?: readonly FlowKind[]): readonly Flow[];
  /** Assets at the other end of outgoing flows of the given kinds (members, for flows into sets). */
  targets(id: string, kinds: readonly FlowKind[]): readonly Asset[];
  /** Assets at the other end of incoming flows of the given kinds. */
  sources(id: string, kinds: readonly FlowKind[]): readonly Asset[];
  /**
   * Whether a flow of `flowKinds` comes into the asset from an asset of `sourceKinds`. Cheaper than `sources`
   * for the members of a large resource set: the answer for the set is computed once.
   */
  hasSource(id: string, flowKinds: readonly FlowKind[], sourceKinds: readonly AssetKind[]): boolean;
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

export const RULE_FAMILIES = [
  'ai/data',
  'ai/model',
  'ai/inference',
  'ai/orchestration',
  'ai/development',
  'cloud/network',
  'cloud/identity',
  'cloud/encryption',
  'cloud/logging',
  'stride',
] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

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
  /** What the rule decides on and cites; every built-in rule declares it (test/rules/evidence.test.ts). */
  readonly evidence?: RuleEvidence;
}

/** The inputs of a rule: facts of assets, facts of flows and the kinds of flow it follows. */
export interface RuleEvidence {
  readonly facts: readonly FactName[];
  readonly flowFacts?: readonly (keyof typeof FLOW_FACT_MEANINGS)[];
  readonly flows: readonly FlowKind[];
}

export interface Rule extends RuleMeta {
  /** Pure: no I/O, no clock, no randomness; must yield findings in a deterministic order. */
  match(graph: GraphView): Iterable<Finding>;
}

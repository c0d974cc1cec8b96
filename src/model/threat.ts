import type { Cloud } from './asset.js';
import type { Evidence } from './flow.js';
import type { LifecycleStage } from './lifecycle.js';
import type { Party, SsrmLayer, UserAction } from './ssrm.js';
import type { ZoneId } from './zone.js';

export const STRIDE = ['S', 'T', 'R', 'I', 'D', 'E'] as const;
export type Stride = (typeof STRIDE)[number];
export const STRIDE_NAMES: Readonly<Record<Stride, string>> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 1 (negligible) to 5 (severe), and 1 (rare) to 5 (almost certain). */
export type Level = 1 | 2 | 3 | 4 | 5;

export type Confidence = 'confirmed' | 'possible';

/** Standard mappings an auditor cites. AICM ids are v1.1.0; `v103` gives the v1.0.3 id where it differs. */
export interface ControlMappings {
  readonly aicm: readonly { readonly id: string; readonly v103: string }[];
  readonly iso42001?: readonly string[];
  readonly iso27001?: readonly string[];
  readonly euAiAct?: readonly string[];
  readonly nistAi600?: readonly string[];
  readonly bsi?: readonly string[];
}

/** A control found on the asset or its path that makes the threat less likely. */
export interface ExistingControl {
  readonly control: string;
  readonly assetId: string;
  readonly evidence: string;
}

export interface UnknownInput {
  readonly assetId: string;
  readonly fact: string;
  readonly reason: string;
}

export interface Threat {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly title: string;
  readonly message: string;
  /** Primary assets, sorted; the fingerprint is computed from these. */
  readonly assets: readonly string[];
  /** For path rules: the asset ids along the path, in order. */
  readonly path?: readonly string[];
  readonly zones: readonly ZoneId[];
  readonly stride: readonly Stride[];
  readonly atlas: { readonly techniques: readonly string[]; readonly mitigations: readonly string[] };
  readonly owasp: { readonly llm: readonly string[]; readonly ml: readonly string[] };
  readonly lifecycle: readonly LifecycleStage[];
  readonly ssrm: {
    readonly layer: SsrmLayer;
    readonly owners: readonly Party[];
    readonly responsible: string;
    readonly action: UserAction;
  };
  readonly controls: ControlMappings;
  readonly impact: Level;
  readonly likelihood: Level;
  readonly baseLikelihood: Level;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly existingControls: readonly ExistingControl[];
  readonly unknowns: readonly UnknownInput[];
  readonly evidence: readonly Evidence[];
  readonly remediation: Partial<Record<Cloud, string>>;
  /** Set when an accepted-risk entry covers the threat: it is reported, but does not decide the exit code. */
  readonly accepted?: Acceptance;
  /** Against a baseline report: new since it, or there already (`changed` when severity or confidence moved). */
  readonly baseline?: BaselineStatus;
}

export type BaselineStatus = 'new' | 'unchanged' | 'changed';

/** An accepted risk as a threat carries it. */
export interface Acceptance {
  readonly justification: string;
  readonly owner?: string;
  readonly ticket?: string;
  /** YYYY-MM-DD; the entry stops covering threats after this day. */
  readonly expires?: string;
  /** `file:line` of the entry. */
  readonly source: string;
  /** The accepted-risks file and the entry's line in it (1-based). */
  readonly file: string;
  readonly line: number;
}

/** An entry of the accepted-risks file: a fingerprint, or a rule and a pattern of asset ids, with a reason. */
export interface AcceptedRisk {
  /** `file:line` of the entry. */
  readonly source: string;
  readonly file: string;
  readonly line: number;
  readonly fingerprint?: string;
  readonly rule?: string;
  /** Asset ids the entry covers: `*` stands for any run of characters, `?` for one. */
  readonly asset?: string;
  readonly justification: string;
  readonly owner?: string;
  readonly ticket?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly expires?: string;
}

/** A threat of an earlier report, as a baseline needs it. */
export interface BaselineThreat {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly title: string;
  readonly message: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly assets: readonly string[];
}

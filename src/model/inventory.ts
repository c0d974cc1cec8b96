import type { Asset } from './asset.js';
import type { Flow } from './flow.js';

export type CoverageKind =
  'unsupported-type' | 'unresolved-link' | 'deleted' | 'unknown-value' | 'skipped' | 'denied' | 'module-call';

/** Something the collector could not see or chose not to model: never a silent gap. */
export interface CoverageNote {
  readonly kind: CoverageKind;
  readonly message: string;
  readonly input: string;
  readonly address?: string;
}

export interface InputInfo {
  readonly path: string;
  readonly sha256: string;
  readonly format: 'terraform-plan' | 'terraform-state' | 'terraform-source';
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly resources: number;
}

export interface Inventory {
  readonly inputs: readonly InputInfo[];
  readonly assets: readonly Asset[];
  readonly flows: readonly Flow[];
  readonly notes: readonly CoverageNote[];
}

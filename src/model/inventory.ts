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
  /** Live collectors: the API call that failed or was cut short, and where. */
  readonly service?: string;
  readonly api?: string;
  readonly region?: string;
  readonly account?: string;
  readonly errorCode?: string;
}

export interface InputInfo {
  readonly path: string;
  readonly sha256: string;
  readonly format:
    'terraform-plan' | 'terraform-state' | 'terraform-source' | 'aws-live' | 'azure-live' | 'gcp-live';
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly resources: number;
  /** Live scans: the account and the regions read. */
  readonly account?: string;
  readonly regions?: readonly string[];
}

export interface Inventory {
  readonly inputs: readonly InputInfo[];
  readonly assets: readonly Asset[];
  readonly flows: readonly Flow[];
  readonly notes: readonly CoverageNote[];
}

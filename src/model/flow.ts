import type { Fact } from './fact.js';
import type { SourceRef } from './asset.js';

export const FLOW_KINDS = [
  'invoke',
  'authenticate',
  'read',
  'write',
  'network',
  'assume-identity',
  'encrypt-with',
  'log-to',
  'train-on',
  'produce-artifact',
  'deploy',
  'retrieve-from',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** Where a fact, flow or threat came from: the asset, the attribute and, when printable, the value. */
export interface Evidence {
  readonly assetId: string;
  readonly attribute: string;
  /** Printable value; sensitive values are never stored here. */
  readonly value?: string;
  readonly note?: string;
  readonly source?: SourceRef;
}

export interface Flow {
  /** `kind:from->to`, unique in an inventory. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: FlowKind;
  readonly authenticated?: Fact<boolean>;
  readonly encrypted?: Fact<boolean>;
  readonly evidence: readonly Evidence[];
}

export function flowId(kind: FlowKind, from: string, to: string): string {
  return `${kind}:${from}->${to}`;
}

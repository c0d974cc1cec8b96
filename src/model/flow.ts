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
  'load-code',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** What a flow of each kind means: its source does this to its target. */
export const FLOW_MEANINGS: Readonly<Record<FlowKind, string>> = {
  invoke: 'calls the target (an API, a function, an endpoint, a model)',
  authenticate: 'has callers authenticated by the target (an identity provider or authorizer)',
  read: 'reads data or artifacts from the target',
  write: 'writes data or artifacts to the target',
  network: 'is placed in, or routes through, the target network',
  'assume-identity': 'runs as, or can assume, the target identity',
  'encrypt-with': 'is encrypted with the target key',
  'log-to': 'writes its logs to the target',
  'train-on': 'trains on data in the target',
  'produce-artifact': 'writes model artifacts to the target',
  deploy: 'deploys or serves the target model',
  'retrieve-from': 'retrieves context from the target (RAG)',
  'load-code': 'loads the code, packages or tool definitions it runs from the target',
};

/** What the facts of a flow mean. */
export const FLOW_FACT_MEANINGS = {
  authenticated: 'The caller must authenticate on this flow.',
  encrypted: 'The flow is encrypted in transit.',
} as const;

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

import type { Fact } from './fact.js';

/** Provider-neutral kinds of things in an AI system. */
export const ASSET_KINDS = [
  'external-entity',
  'inference-endpoint',
  'model',
  'model-registry',
  'foundation-model-service',
  'training-job',
  'ml-pipeline',
  'notebook',
  'ml-workspace',
  'ml-compute',
  'feature-store',
  'vector-store',
  'knowledge-base',
  'agent',
  'agent-tool',
  'guardrail',
  'dataset',
  'object-store',
  'database',
  'api-gateway',
  'api-route',
  'load-balancer',
  'function',
  'identity-provider',
  'waf',
  'network',
  'subnet',
  'firewall-rule',
  'private-endpoint',
  'identity',
  'key',
  'secret-store',
  'log-sink',
  'container-registry',
  'compute-instance',
  /**
   * The resources one wildcard grant names (an IAM `Resource` pattern, a project-wide role): the grant is one
   * flow to the set instead of one flow per resource, and the graph expands it for queries.
   */
  'resource-set',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export type Cloud = 'aws' | 'azure' | 'gcp';
export type Provider = Cloud | 'external';

/**
 * Normalized security facts. Every name has one meaning across clouds; the mappers decide which attribute
 * evidences it. A fact that does not apply to an asset is absent (not false).
 */
export interface Facts {
  /** Accepts network connections from the internet (public endpoint, internet-facing listener, open firewall). */
  internetReachable?: Fact<boolean>;
  /** Callers must present credentials (IAM signature, JWT, authorizer, key) to use it. */
  requiresAuthentication?: Fact<boolean>;
  /** How callers authenticate: NONE, IAM, JWT, COGNITO, CUSTOM, KEY, ENTRA_ID, OIDC... */
  authMethod?: Fact<string>;
  /** Anonymous principals (Principal "*", allUsers, public ACL) can read. */
  anonymousRead?: Fact<boolean>;
  /** Anonymous principals can write. */
  anonymousWrite?: Fact<boolean>;
  /** A provider-level guard that blocks public access (S3 public access block, GCS public access prevention). */
  publicAccessBlocked?: Fact<boolean>;
  /** Principals of other accounts, tenants or projects are granted access by a resource policy. */
  crossAccountAccess?: Fact<boolean>;
  encryptedAtRest?: Fact<boolean>;
  /** Encrypted with a customer-managed key (KMS CMK, Key Vault key, Cloud KMS key). */
  customerManagedKey?: Fact<boolean>;
  encryptedInTransit?: Fact<boolean>;
  versioning?: Fact<boolean>;
  /** Object lock, immutability or locked retention policy. */
  immutability?: Fact<boolean>;
  /** A lifecycle or retention rule expires or deletes data. */
  deletionLifecycle?: Fact<boolean>;
  /** Data-plane access to the store is logged (S3 server access logs, diagnostic settings, audit logs). */
  accessLogging?: Fact<boolean>;
  /** Invocations of the model, gateway or agent are logged. */
  invocationLogging?: Fact<boolean>;
  /** Full request and response bodies (prompts, completions) are written to logs. */
  requestBodyLogging?: Fact<boolean>;
  /** Rate limits, quotas or token budgets are configured. */
  throttling?: Fact<boolean>;
  /** A web application firewall is associated. */
  wafProtected?: Fact<boolean>;
  /** The workload cannot open outbound connections (network isolation, approved-outbound-only). */
  networkIsolated?: Fact<boolean>;
  /** Placed in a customer private network (VPC/VNet subnet, private endpoint, PSC). */
  privateNetwork?: Fact<boolean>;
  /** Has a direct route to the internet for outbound traffic. */
  directInternetAccess?: Fact<boolean>;
  rootAccess?: Fact<boolean>;
  /** Instance metadata requires session tokens (IMDSv2). */
  metadataTokensRequired?: Fact<boolean>;
  /** Interactive shell into the host or container (SSM, SSH, remote debug, web access). */
  shellAccess?: Fact<boolean>;
  /** Static keys (account keys, API keys, shared keys, local auth) are accepted. */
  keyAuthEnabled?: Fact<boolean>;
  /** Inference requests and responses are captured to storage. */
  dataCapture?: Fact<boolean>;
  /** A guardrail or content filter is attached. */
  guardrailAttached?: Fact<boolean>;
  /** The guardrail screens prompt attacks and jailbreaks. */
  promptAttackFilter?: Fact<boolean>;
  /** The guardrail detects or masks sensitive data (PII). */
  sensitiveDataFilter?: Fact<boolean>;
  /** The guardrail checks grounding or relevance of answers. */
  groundingCheck?: Fact<boolean>;
  /** Input screening (pre-processing) step of an agent is enabled. */
  inputScreening?: Fact<boolean>;
  /** Agent keeps memory across sessions. */
  memoryEnabled?: Fact<boolean>;
  keyRotation?: Fact<boolean>;
  /** Users must present a second factor (identity providers). */
  mfaRequired?: Fact<boolean>;
  /** Identity holds administrator or wildcard permissions. */
  adminPrivileges?: Fact<boolean>;
  /** Identity can be assumed by principals outside the account without a condition. */
  externalTrust?: Fact<boolean>;
  /** Content comes from a source outside the organisation's control (web crawler, SaaS connector). */
  untrustedSource?: Fact<boolean>;
  /** The asset is a managed service of a provider (foundation model API). */
  providerManaged?: Fact<boolean>;
  /** Model processing may happen outside the deployment region (global or cross-region). */
  crossRegionProcessing?: Fact<boolean>;
  /** Model version upgrades are applied automatically. */
  autoModelUpgrade?: Fact<boolean>;
  /** Secrets or credentials appear in plain configuration (environment variables, instructions). */
  plaintextSecrets?: Fact<boolean>;
}
export type FactName = keyof Facts;

/** The line of the top-level attribute of a path (`rule.0.x`, `rule[0].x`) in a map of lines, if known. */
export function attributeLine(
  lines: Readonly<Record<string, number>> | undefined,
  attribute: string,
): number | undefined {
  const top = /^[^.[]*/.exec(attribute)?.[0] ?? attribute;
  return lines !== undefined && Object.hasOwn(lines, top) ? lines[top] : undefined;
}

/** Where an attribute of an asset is written: its line when known, else the asset's own source. */
export function sourceOfAttribute(asset: Asset, attribute: string): SourceRef {
  const line = attributeLine(asset.lines, attribute);
  return line === undefined ? asset.source : { ...asset.source, line };
}

export interface SourceRef {
  /** The input file or API the asset was read from. */
  readonly input: string;
  /** Terraform address, ARN, Azure resource id or GCP resource name. */
  readonly address: string;
  readonly file?: string;
  readonly line?: number;
  readonly region?: string;
}

/** What Terraform will do to the resource; `delete` means it is not part of the resulting system. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op' | 'read';

export interface Asset {
  /** Stable across runs: Terraform address, ARN, Azure resource id, GCP resource name. */
  readonly id: string;
  readonly kind: AssetKind;
  readonly provider: Provider;
  /** The provider's own type, e.g. aws_sagemaker_endpoint. */
  readonly nativeType: string;
  readonly name: string;
  readonly source: SourceRef;
  readonly facts: Facts;
  readonly tags: Readonly<Record<string, string>>;
  readonly action?: ChangeAction;
  /** Names of attributes whose values are sensitive and must never be printed. */
  readonly sensitive?: readonly string[];
  /** Ids of the assets a `resource-set` stands for. */
  readonly members?: readonly string[];
  /** Line of each top-level attribute in `source.file` (source scans), so evidence can point at it. */
  readonly lines?: Readonly<Record<string, number>>;
}

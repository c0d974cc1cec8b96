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
 * Normalized security facts and what each means. Every name has one meaning across clouds; the mappers decide which
 * attribute evidences it. A fact that does not apply to an asset is absent (not false).
 */
export const FACT_MEANINGS = {
  internetReachable:
    'Accepts network connections from the internet (public endpoint, internet-facing listener, open firewall).',
  requiresAuthentication: 'Callers must present credentials (IAM signature, JWT, authorizer, key) to use it.',
  authMethod: 'How callers authenticate: NONE, IAM, JWT, COGNITO, CUSTOM, KEY, ENTRA_ID, OIDC...',
  anonymousRead: 'Anonymous principals (Principal "*", allUsers, public ACL) can read.',
  anonymousWrite: 'Anonymous principals can write.',
  publicAccessBlocked:
    'A provider-level guard that blocks public access (S3 public access block, GCS public access prevention).',
  crossAccountAccess:
    'Principals of other accounts, tenants or projects are granted access by a resource policy.',
  crossAccountWrite:
    'Principals of other accounts, tenants or projects are granted write access by a resource policy.',
  encryptedAtRest: 'Stored data is encrypted at rest (with a provider or customer-managed key).',
  customerManagedKey: 'Encrypted with a customer-managed key (KMS CMK, Key Vault key, Cloud KMS key).',
  encryptedInTransit: 'Connections are encrypted (TLS required, HTTPS only).',
  versioning: 'Earlier versions of stored objects are kept (object versioning, soft delete).',
  immutability: 'Object lock, immutability or locked retention policy.',
  deletionLifecycle: 'A lifecycle or retention rule expires or deletes data.',
  accessLogging:
    'Data-plane access to the store is logged (S3 server access logs, diagnostic settings, audit logs).',
  invocationLogging: 'Invocations of the model, gateway or agent are logged.',
  requestBodyLogging: 'Full request and response bodies (prompts, completions) are written to logs.',
  throttling: 'Rate limits, quotas or token budgets are configured.',
  requestValidation:
    'Request bodies are validated (schema or size) and invalid requests rejected before they are forwarded to the backend.',
  wafProtected: 'A web application firewall is associated.',
  networkIsolated:
    'The workload cannot open outbound connections (network isolation, approved-outbound-only).',
  privateNetwork: 'Placed in a customer private network (VPC/VNet subnet, private endpoint, PSC).',
  directInternetAccess: 'Has a direct route to the internet for outbound traffic.',
  rootAccess: 'Users of the notebook or host can become root.',
  metadataTokensRequired: 'Instance metadata requires session tokens (IMDSv2).',
  shellAccess: 'Interactive shell into the host or container (SSM, SSH, remote debug, web access).',
  keyAuthEnabled: 'Static keys (account keys, API keys, shared keys, local auth) are accepted.',
  dataCapture: 'Inference requests and responses are captured to storage.',
  guardrailAttached: 'A guardrail or content filter is attached.',
  promptAttackFilter: 'The guardrail screens prompt attacks and jailbreaks.',
  sensitiveDataFilter: 'The guardrail detects or masks sensitive data (PII).',
  groundingCheck: 'The guardrail checks grounding or relevance of answers.',
  harmfulContentFilter:
    'The guardrail blocks every harmful-content category of its provider (hate, sexual, violence, self-harm or misconduct, insults or harassment) in model output.',
  guardrailDraft:
    'The guardrail is applied as its editable working draft, not as a published, immutable version.',
  inputScreening: 'Input screening (pre-processing) step of an agent is enabled.',
  memoryEnabled: 'Agent keeps memory across sessions.',
  keyRotation: 'The key is rotated automatically.',
  mfaRequired: 'Users must present a second factor (identity providers).',
  adminPrivileges: 'Identity holds administrator or wildcard permissions.',
  externalTrust: 'Identity can be assumed by principals outside the account without a condition.',
  wildcardModelAccess:
    'Identity may invoke every model or inference endpoint of the account, subscription or project through a grant of the AI service (a wildcard resource, an account-wide role), not only named ones. Administrator grants are adminPrivileges.',
  untrustedSource:
    "Content comes from a source outside the organisation's control (web crawler, SaaS connector).",
  providerManaged: 'The asset is a managed service of a provider (foundation model API).',
  crossRegionProcessing:
    'Model processing may happen outside the deployment region (global or cross-region).',
  autoModelUpgrade: 'Model version upgrades are applied automatically.',
  plaintextSecrets:
    'Secrets or credentials appear in plain configuration (environment variables, instructions).',
  imagePinned:
    'The container image it runs is pinned: named by digest (@sha256:), or by a tag its repository makes immutable.',
  imageSignatureEnforced:
    'Only images its admission policy accepts deploy: Binary Authorization requires attestations (or denies all) in enforcing mode, with no allowlist pattern exempting its images.',
  externalModelSource:
    "The model is pulled straight from a public hub or another party (Hugging Face, a Model Garden partner, another account's or a Marketplace model package), not from the organisation's own registry or artifact store.",
} as const;
export type FactName = keyof typeof FACT_MEANINGS;
/** Facts whose value is a string; every other fact is a boolean. */
type StringFact = 'authMethod';
export type Facts = { [K in FactName]?: Fact<K extends StringFact ? string : boolean> };

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

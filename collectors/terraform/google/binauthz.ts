import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';

/**
 * Binary Authorization for Cloud Run: whether a service only runs images its project's policy admits, judged the
 * same way from a plan (google_cloud_run_v2_service.binary_authorization, google_binary_authorization_policy) and
 * live (the Run API's Service.binaryAuthorization, the Binary Authorization API's project policy).
 */

/** How a service asks for Binary Authorization; `attribute` names the field that decides it. */
export type RunBinauthz =
  /** No setting: Binary Authorization is off. */
  | { readonly kind: 'unset'; readonly attribute: string }
  /** `use_default = false` without a policy: off. */
  | { readonly kind: 'off'; readonly attribute: string }
  /** Deployed past the policy with a breakglass justification. */
  | { readonly kind: 'breakglass'; readonly attribute: string }
  /** A Cloud Run platform policy (`projects/{p}/platforms/cloudRun/{name}`), not read here. */
  | { readonly kind: 'platform'; readonly attribute: string; readonly policy: string }
  /** The project's policy (`use_default = true`). */
  | { readonly kind: 'project'; readonly attribute: string }
  | { readonly kind: 'unknown'; readonly attribute: string; readonly reason: string };

/** The parts of a project policy that decide a Cloud Run deployment: its default rule and its allowlist. */
export interface BinauthzPolicy {
  readonly evaluationMode?: string;
  readonly enforcementMode?: string;
  /** `admissionWhitelistPatterns[].namePattern`: images the policy never checks. */
  readonly exemptions: readonly string[];
  /** Attribute names of the three, as evidence. */
  readonly at: { readonly evaluation: string; readonly enforcement: string; readonly exemptions: string };
}

/** The project policy as read, or why it could not be. */
export type PolicyRead =
  { readonly policy: BinauthzPolicy } | { readonly missing: string; readonly attribute: string };

const ENFORCED = 'ENFORCED_BLOCK_AND_AUDIT_LOG';
/** Evaluation modes under which an image without attestations does not deploy. */
const CHECKED = new Set(['REQUIRE_ATTESTATION', 'ALWAYS_DENY']);

/**
 * `imageSignatureEnforced`: true when the service uses its project's policy and that policy's default rule
 * requires attestations (or denies all) in enforcing mode, with no allowlist pattern exempting one of its images
 * (`images`: undefined for an image known only after apply). A platform policy is not read: unknown.
 */
export function imageSignatureFact(
  setting: RunBinauthz,
  policy: PolicyRead | undefined,
  images: readonly (string | undefined)[],
): Fact<boolean> {
  switch (setting.kind) {
    case 'unset':
      return byDefault(false, setting.attribute);
    case 'off':
    case 'breakglass':
      return explicit(false, setting.attribute);
    case 'platform':
      return unknown(
        setting.attribute,
        `platform policy ${setting.policy.slice(0, 200)} is not read; whether it requires attestations is unknown`,
      );
    case 'unknown':
      return unknown(setting.attribute, setting.reason);
    case 'project':
      break;
  }
  if (policy === undefined) return unknown(setting.attribute, "the project's policy was not read");
  if ('missing' in policy) return unknown(policy.attribute, policy.missing);
  const p = policy.policy;
  if (p.evaluationMode === 'ALWAYS_ALLOW') return explicit(false, p.at.evaluation);
  if (p.evaluationMode === undefined || !CHECKED.has(p.evaluationMode))
    return unknown(p.at.evaluation, `evaluation mode ${(p.evaluationMode ?? 'not set').slice(0, 60)}`);
  if (p.enforcementMode !== ENFORCED) {
    return p.enforcementMode === 'DRYRUN_AUDIT_LOG_ONLY'
      ? explicit(false, p.at.enforcement)
      : unknown(p.at.enforcement, `enforcement mode ${(p.enforcementMode ?? 'not set').slice(0, 60)}`);
  }
  if (p.exemptions.length > 0) {
    if (images.some((i) => i !== undefined && p.exemptions.some((pattern) => exempts(pattern, i))))
      return explicit(false, p.at.exemptions);
    if (images.some((i) => i === undefined))
      return unknown(
        p.at.exemptions,
        'an image is known only after apply; an allowlist pattern may exempt it',
      );
  }
  return explicit(true, p.at.evaluation);
}

/**
 * Whether an allowlist name pattern covers an image: a trailing `**` matches anything after it, a trailing `*`
 * anything but a `/`; otherwise the image name itself, with or without a tag or digest.
 */
export function exempts(pattern: string, image: string): boolean {
  if (pattern.endsWith('**')) return image.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return image.startsWith(prefix) && !image.slice(prefix.length).includes('/');
  }
  return image === pattern || image.startsWith(`${pattern}:`) || image.startsWith(`${pattern}@`);
}

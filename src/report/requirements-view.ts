/**
 * The shapes of the security requirements view (src/report/requirements.ts builds it): plain data, shared with
 * the HTML report's viewer.
 */
export const SECURITY_PROPERTIES = [
  'authentication',
  'integrity',
  'non-repudiation',
  'confidentiality',
  'availability',
  'authorization',
] as const;
export type SecurityProperty = (typeof SECURITY_PROPERTIES)[number];

/**
 * `missing`: a threat says the property is violated; `satisfied`: a control is evidenced and no threat
 * violates it; `unknown`: the facts that would tell are unknown; `no-evidence`: no fact about it applies here.
 */
export type RequirementStatus = 'missing' | 'satisfied' | 'unknown' | 'no-evidence';

export interface RequirementEntry {
  readonly status: RequirementStatus;
  readonly controls: readonly { readonly control: string; readonly evidence: string }[];
  readonly threats: readonly {
    readonly fingerprint: string;
    readonly ruleId: string;
    readonly title: string;
    readonly confidence: string;
  }[];
  readonly unknown: readonly { readonly fact: string; readonly reason: string }[];
}

export interface ElementRequirements {
  readonly asset: string;
  readonly name: string;
  readonly kind: string;
  readonly zone: string;
  readonly properties: Readonly<Record<SecurityProperty, RequirementEntry>>;
}

export interface RequirementsView {
  readonly properties: readonly SecurityProperty[];
  readonly elements: readonly ElementRequirements[];
}

import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { attributeName, enumFact, isUnknownAt, list, str, strings, unknownReason } from '../attributes.js';
import type { MapFn } from '../context.js';
import { sameProject } from './common.js';

/** google_service_account: an identity; privileges come from the IAM resources that name it. */
export const mapServiceAccount: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'identity',
    facts: {
      adminPrivileges: byDefault(false, 'roles'),
      externalTrust: byDefault(false, 'iam_policy'),
      wildcardModelAccess: byDefault(false, 'roles'),
    },
  });
};

/** The issuer of Identity Platform ID tokens for a project. */
export function identityPlatformIssuer(project: string): string {
  return `https://securetoken.google.com/${project}`;
}

/** mfa.state is DISABLED (the default), ENABLED (users may enrol) or MANDATORY (every user must). */
export const MFA_REQUIRED_STATES: readonly string[] = ['MANDATORY'];
export const MFA_DEFAULT_STATE = 'DISABLED';

/** Whether an MFA state requires a second factor of every user. */
export function mfaStateRequires(state: string): boolean {
  return MFA_REQUIRED_STATES.includes(state.toUpperCase());
}

/** google_identity_platform_config: the project's Identity Platform (Firebase Auth) tenant. */
export const mapIdentityPlatform: MapFn = (r, ctx) => {
  const project = str(r, 'project');
  ctx.asset(r, {
    kind: 'identity-provider',
    name: project === undefined ? r.name : identityPlatformIssuer(project),
    facts: { mfaRequired: enumFact(r, 'mfa.0.state', MFA_REQUIRED_STATES, MFA_DEFAULT_STATE) },
  });
};

/**
 * google_project_iam_audit_config: Data Access audit logs. DATA_READ and DATA_WRITE for storage.googleapis.com
 * (or allServices) log object access on every bucket of the project; for aiplatform.googleapis.com they log
 * predictions on Vertex AI endpoints, and DATA_READ the queries of Vector Search index endpoints.
 */
export const mapAuditConfig: MapFn = (r, ctx) => {
  const service = str(r, 'service');
  if (service === undefined) return;
  const path = 'audit_log_config';
  const types = list(r, path).map((_, i) => str(r, `${path}.${i}.log_type`));
  const exempted = list(r, path).some((_, i) => strings(r, `${path}.${i}.exempted_members`).length > 0);
  const logs = (wanted: readonly string[]): Fact<boolean> =>
    isUnknownAt(r, path)
      ? unknown(attributeName(path), unknownReason(r, path))
      : explicit(wanted.every((t) => types.includes(t)) && !exempted, `${r.address}.${path}`);
  const fact = logs(['DATA_READ', 'DATA_WRITE']);
  const targets: string[] = [];
  if (service === 'allServices' || service === 'storage.googleapis.com')
    targets.push('google_storage_bucket');
  if (service === 'allServices' || service === 'bigquery.googleapis.com')
    targets.push('google_bigquery_dataset');
  for (const type of targets) {
    for (const t of ctx.resources(type))
      if (sameProject(r, t)) ctx.patch(t.address, { accessLogging: fact }, 'or');
  }
  if (service === 'allServices' || service === 'aiplatform.googleapis.com') {
    for (const t of ctx.resources('google_vertex_ai_endpoint')) {
      if (sameProject(r, t)) ctx.patch(t.address, { invocationLogging: fact }, 'or');
    }
    const queries = logs(['DATA_READ']);
    for (const t of ctx.resources('google_vertex_ai_index_endpoint')) {
      if (sameProject(r, t)) ctx.patch(t.address, { accessLogging: queries }, 'or');
    }
  }
};

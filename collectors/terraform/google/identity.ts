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

/** A fact Data Access audit logs of a service set on the project's resources of a type, and the log types it needs. */
export interface AuditEffect {
  readonly type: string;
  readonly fact: 'accessLogging' | 'invocationLogging';
  readonly needs: readonly string[];
}

const READ_WRITE = ['DATA_READ', 'DATA_WRITE'];

/**
 * What Data Access audit logs of `service` log. DATA_READ and DATA_WRITE for storage.googleapis.com (or
 * allServices) log object access on every bucket of the project (bigquery.googleapis.com: every dataset); for
 * aiplatform.googleapis.com they log predictions on Vertex AI endpoints, and DATA_READ the queries of Vector
 * Search index endpoints.
 */
export function auditEffects(service: string): readonly AuditEffect[] {
  const all = service === 'allServices';
  return [
    ...(all || service === 'storage.googleapis.com'
      ? [{ type: 'google_storage_bucket', fact: 'accessLogging', needs: READ_WRITE } as const]
      : []),
    ...(all || service === 'bigquery.googleapis.com'
      ? [{ type: 'google_bigquery_dataset', fact: 'accessLogging', needs: READ_WRITE } as const]
      : []),
    ...(all || service === 'aiplatform.googleapis.com'
      ? ([
          { type: 'google_vertex_ai_endpoint', fact: 'invocationLogging', needs: READ_WRITE },
          { type: 'google_vertex_ai_index_endpoint', fact: 'accessLogging', needs: ['DATA_READ'] },
        ] as const)
      : []),
  ];
}

/** The audit config logs what `needs`: every log type is on and no member is exempted. */
export function auditLogs(
  types: readonly (string | undefined)[],
  exempted: boolean,
  needs: readonly string[],
): boolean {
  return needs.every((t) => types.includes(t)) && !exempted;
}

/** google_project_iam_audit_config: Data Access audit logs (see auditEffects). */
export const mapAuditConfig: MapFn = (r, ctx) => {
  const service = str(r, 'service');
  if (service === undefined) return;
  const path = 'audit_log_config';
  const types = list(r, path).map((_, i) => str(r, `${path}.${i}.log_type`));
  const exempted = list(r, path).some((_, i) => strings(r, `${path}.${i}.exempted_members`).length > 0);
  for (const e of auditEffects(service)) {
    const fact: Fact<boolean> = isUnknownAt(r, path)
      ? unknown(attributeName(path), unknownReason(r, path))
      : explicit(auditLogs(types, exempted, e.needs), `${r.address}.${path}`);
    for (const t of ctx.resources(e.type))
      if (sameProject(r, t)) ctx.patch(t.address, { [e.fact]: fact }, 'or');
  }
};

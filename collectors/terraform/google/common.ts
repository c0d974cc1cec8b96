import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import {
  attributeName,
  isSetUntilApply,
  isUnknownAt,
  presenceFact,
  str,
  unknownReason,
  valueAt,
} from '../attributes.js';
import type { Link, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';

export const SERVICE_ACCOUNT = ['google_service_account'] as const;
/** google_service_account attributes a workload or IAM member can name it by. */
export const SERVICE_ACCOUNT_MATCH = ['email', 'member', 'name', 'id', 'unique_id'] as const;
export const KMS_KEY = ['google_kms_crypto_key'] as const;
export const SUBNETWORK = ['google_compute_subnetwork'] as const;
export const NETWORK = ['google_compute_network'] as const;

export const DEFAULT_COMPUTE_SA = /^\d+-compute@developer\.gserviceaccount\.com$/;
export const DEFAULT_SA_NOTE =
  'default Compute Engine service account: it is granted roles/editor on the project unless the organization policy iam.automaticIamGrantsForDefaultServiceAccounts is enforced';

/** Last segment of a resource name or URL (`projects/p/global/networks/vpc` → `vpc`). */
export function lastSegment(value: string): string {
  const parts = value.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? value;
}

/** The email in an IAM member (`serviceAccount:x@p.iam.gserviceaccount.com` → `x@p.iam.gserviceaccount.com`). */
export function memberEmail(member: string): string {
  const at = member.indexOf(':');
  return at < 0 ? member : member.slice(at + 1);
}

/**
 * Customer-managed key: a KMS key name is set at `path` (absent = Google-managed keys). A value known only after
 * apply that the configuration takes from a google_kms_crypto_key is set all the same.
 */
export function cmekFact(ctx: MapperContext, r: TfResource, path: string): Fact<boolean> {
  const f = presenceFact(r, path);
  if (f.state !== 'unknown' || !isSetUntilApply(r, path)) return f;
  const keys = ctx.linked(r, path, KMS_KEY, ['id', 'name']);
  return keys.length > 0 ? explicit(true, attributeName(path)) : f;
}

/** Links `path` to resources of `types`; when nothing is referenced, also tries the value's last path segment. */
export function linkByName(
  ctx: MapperContext,
  r: TfResource,
  path: string,
  types: readonly string[],
  matchOn: readonly string[] = ['id', 'name', 'self_link'],
): Link[] {
  const links = ctx.linked(r, path, types, matchOn);
  if (links.length > 0) return links;
  const v = str(r, path);
  if (v === undefined || isUnknownAt(r, path) || !v.includes('/')) return [];
  return ctx
    .byValue(types, lastSegment(v), ['name'])
    .map((t) => ({ resource: t, via: `name "${lastSegment(v)}" matches ${t.address}` }));
}

/** Service accounts an attribute holding an email, a member string or a reference points at. */
export function serviceAccountsAt(ctx: MapperContext, r: TfResource, path: string): Link[] {
  const links = ctx.linked(r, path, SERVICE_ACCOUNT, SERVICE_ACCOUNT_MATCH);
  if (links.length > 0) return links;
  const v = str(r, path);
  if (v === undefined || isUnknownAt(r, path) || !v.includes(':')) return [];
  const email = memberEmail(v);
  return ctx
    .byValue(SERVICE_ACCOUNT, email, ['email'])
    .map((t) => ({ resource: t, via: `email "${email}" matches ${t.address}` }));
}

/**
 * The workload `from` runs as the service account at `path`: an `assume-identity` flow to it. An absent value
 * (when `absentIsDefault`) or the default compute account's email stands for the project's default compute
 * service account, modelled as `<address>#default-compute-service-account`.
 */
export function runsAs(
  ctx: MapperContext,
  r: TfResource,
  path: string,
  from: string,
  absentIsDefault: boolean,
): void {
  const links = serviceAccountsAt(ctx, r, path);
  for (const link of links)
    ctx.flow(from, link.resource.address, 'assume-identity', ctx.evidence(r, path, link.via));
  if (links.length > 0) return;
  if (isUnknownAt(r, path)) {
    ctx.note(
      'unresolved-link',
      `${attributeName(path)} is known only after apply and references no service account`,
      r.address,
    );
    return;
  }
  const v = str(r, path);
  if ((v === undefined && absentIsDefault) || (v !== undefined && DEFAULT_COMPUTE_SA.test(v))) {
    const id = ctx.asset(r, {
      kind: 'identity',
      id: `${r.address}#default-compute-service-account`,
      name: v ?? 'default compute service account',
      nativeType: 'google_compute_default_service_account',
      facts: {
        adminPrivileges: unknown(attributeName(path), DEFAULT_SA_NOTE),
        externalTrust: byDefault(false, attributeName(path)),
      },
    });
    ctx.flow(from, id, 'assume-identity', ctx.evidence(r, path, DEFAULT_SA_NOTE));
  } else if (v !== undefined) {
    ctx.note(
      'unresolved-link',
      `${attributeName(path)} names service account ${v}, which is not in this plan`,
      r.address,
    );
  }
}

/** `encrypt-with` flows from `from` to the KMS keys named at `path`. */
export function encryptsWith(
  ctx: MapperContext,
  r: TfResource,
  path: string,
  from: string = r.address,
): void {
  // A key the expression references but does not pick (`var.cmek ? key.id : null`) encrypts nothing.
  if (str(r, path) === undefined && !isUnknownAt(r, path)) return;
  for (const link of linkByName(ctx, r, path, KMS_KEY, ['id', 'name'])) {
    ctx.flow(from, link.resource.address, 'encrypt-with', ctx.evidence(r, path, link.via));
  }
}

/** `network` flows from `from` to the subnetworks named at `path`. */
export function placedIn(ctx: MapperContext, r: TfResource, path: string, from: string = r.address): void {
  for (const link of linkByName(ctx, r, path, SUBNETWORK)) {
    ctx.flow(from, link.resource.address, 'network', ctx.evidence(r, path, link.via));
  }
}

/** Whether two resources are in the same project (true when either project is not known). */
export function sameProject(a: TfResource, b: TfResource): boolean {
  const pa = str(a, 'project');
  const pb = str(b, 'project');
  return pa === undefined || pb === undefined || pa === pb;
}

/** A boolean fact that is true when any of the paths is set (unknown if one is known only after apply). */
export function anyPresent(r: TfResource, paths: readonly string[]): Fact<boolean> {
  let sawUnknown: Fact<boolean> | undefined;
  for (const path of paths) {
    const f = presenceFact(r, path);
    if (f.state === 'explicit' && f.value) return f;
    if (f.state === 'unknown') sawUnknown = f;
  }
  const first = paths[0] ?? '';
  return sawUnknown ?? byDefault(false, attributeName(first));
}

const SECRET_NAME = /(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential)/i;

/**
 * The name of the first variable whose name looks like a secret and whose value is a literal string: a secret
 * written into the configuration as it is (never the value: it must not be printed).
 */
export function secretLiteralName(
  entries: readonly (readonly [string, unknown, ...unknown[]])[],
): string | undefined {
  return entries.find(
    ([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value !== '',
  )?.[0];
}

/**
 * plaintextSecretsFact over each block of a list that has its own environment (every container of a service,
 * sidecars included): a literal secret in any of them makes it true; else a secret-named value known only after
 * apply in any of them leaves it unknown.
 */
export function plaintextSecretsOfEach(r: TfResource, listPath: string, envKey: string): Fact<boolean> {
  const blocks = valueAt(r, listPath);
  const count = Array.isArray(blocks) ? blocks.length : 0;
  if (count <= 1) return plaintextSecretsFact(r, `${listPath}.0.${envKey}`, true);
  const facts = Array.from({ length: count }, (_, i) =>
    plaintextSecretsFact(r, `${listPath}.${i}.${envKey}`, true),
  );
  return (
    facts.find((f) => f.state !== 'unknown' && f.value) ??
    facts.find((f) => f.state === 'unknown') ??
    facts.find((f) => f.state === 'explicit') ??
    (facts[0] as Fact<boolean>)
  );
}

/**
 * Environment variables (list of {name, value} blocks or a map) whose names look like secrets and carry a literal
 * value. A secret-named entry whose value is known only after apply (a variable, another resource's attribute)
 * leaves the fact unknown: whatever it turns out to be is written into the configuration as it is.
 */
export function plaintextSecretsFact(r: TfResource, path: string, listOfBlocks: boolean): Fact<boolean> {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) return unknown(attribute, unknownReason(r, path));
  const v = valueAt(r, path);
  if (v === undefined) return byDefault(false, attribute);
  const entries: [string, unknown, string][] = [];
  if (listOfBlocks && Array.isArray(v)) {
    v.forEach((e, i) => {
      if (e !== null && typeof e === 'object' && !Array.isArray(e))
        entries.push([typeof e['name'] === 'string' ? e['name'] : '', e['value'], `${path}.${i}.value`]);
    });
  } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    entries.push(...Object.entries(v).map(([k, x]): [string, unknown, string] => [k, x, `${path}.${k}`]));
  }
  const secrets = entries.filter(([name]) => SECRET_NAME.test(name));
  const hit = secretLiteralName(secrets);
  if (hit !== undefined) return explicit(true, `${attribute}.${hit}`);
  const open = secrets.find(([, , at]) => isUnknownAt(r, at));
  return open === undefined
    ? explicit(false, attribute)
    : unknown(`${attribute}.${open[0]}`, unknownReason(r, open[2]));
}

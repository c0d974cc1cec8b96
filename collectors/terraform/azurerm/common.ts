import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { AFTER_APPLY, attributeName, boolFact, enumFact, isUnknownAt, str, valueAt } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';

/** Resource types that can hold a managed identity (system-assigned: the resource itself is the principal). */
export const IDENTITY_HOLDER_TYPES = [
  'azurerm_cognitive_account',
  'azurerm_machine_learning_workspace',
  'azurerm_machine_learning_compute_cluster',
  'azurerm_machine_learning_compute_instance',
  'azurerm_machine_learning_inference_cluster',
  'azurerm_ai_foundry',
  'azurerm_ai_foundry_project',
  'azurerm_api_management',
  'azurerm_search_service',
  'azurerm_storage_account',
  'azurerm_linux_function_app',
  'azurerm_linux_web_app',
  'azurerm_container_registry',
  'azurerm_log_analytics_workspace',
] as const;

/** Three-valued AND of two boolean facts; the result carries the attribute that decided it. */
export function both(a: Fact<boolean>, b: Fact<boolean>): Fact<boolean> {
  if (a.state !== 'unknown' && !a.value) return a;
  if (b.state !== 'unknown' && !b.value) return b;
  if (a.state === 'unknown') return a;
  if (b.state === 'unknown') return b;
  if (a.state === 'explicit') return explicit(true, `${a.attribute} + ${b.attribute}`);
  if (b.state === 'explicit') return explicit(true, `${a.attribute} + ${b.attribute}`);
  return byDefault(true, `${a.attribute} + ${b.attribute}`);
}

/**
 * Network-level reachability of an Azure PaaS resource: `public_network_access_enabled` (default true) and a
 * network ACL whose `default_action` is Allow (an absent ACL block leaves the endpoint open: default Allow).
 */
export function publicNetworkFact(
  r: TfResource,
  publicPath: string,
  aclBlock: string | undefined,
  publicDefault = true,
): Fact<boolean> {
  const pub = boolFact(r, publicPath, publicDefault);
  if (aclBlock === undefined) return pub;
  return both(pub, enumFact(r, `${aclBlock}.0.default_action`, ['Allow'], 'Allow'));
}

/** Fact from a string attribute that is `Enabled`/`Disabled` (e.g. `public_network_access` of azurerm_ai_foundry). */
export function enabledStringFact(r: TfResource, path: string, dflt: 'Enabled' | 'Disabled'): Fact<boolean> {
  return enumFact(r, path, ['Enabled'], dflt);
}

/** Whether the resource has a system-assigned managed identity (`identity[0].type` contains SystemAssigned). */
export function hasSystemIdentity(r: TfResource): boolean {
  const type = str(r, 'identity.0.type');
  return type !== undefined && type.includes('SystemAssigned');
}

/** `assume-identity` flows from a workload to the user-assigned identities listed in `identity[0].identity_ids`. */
export function assumeIdentities(
  r: TfResource,
  ctx: MapperContext,
  from: string,
  path = 'identity.0.identity_ids',
): void {
  for (const link of ctx.linked(r, path, ['azurerm_user_assigned_identity'])) {
    ctx.flow(from, link.resource.address, 'assume-identity', ctx.evidence(r, path, link.via));
  }
}

/** `encrypt-with` to the Key Vault key referenced at `path`, when one can be linked. */
export function encryptWith(r: TfResource, ctx: MapperContext, from: string, path: string): void {
  for (const link of ctx.linked(
    r,
    path,
    ['azurerm_key_vault_key'],
    ['id', 'versionless_id', 'resource_id'],
  )) {
    ctx.flow(from, link.resource.address, 'encrypt-with', ctx.evidence(r, path, link.via));
  }
}

/** Presence of a nested block or of a value; unknown when Terraform computes it. */
export function blockFact(r: TfResource, path: string): Fact<boolean> {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) return unknown(attribute, AFTER_APPLY);
  const v = valueAt(r, path);
  const present = v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  return present ? explicit(true, attribute) : byDefault(false, attribute);
}

/** The resources of `types` the attribute at one of `paths` links to (first path that links wins). */
export function linkFirst(
  r: TfResource,
  ctx: MapperContext,
  paths: readonly string[],
  types: readonly string[],
  matchOn?: readonly string[],
): { path: string; targets: TfResource[]; via: string } | undefined {
  for (const path of paths) {
    if (valueAt(r, path) === undefined && !isUnknownAt(r, path)) continue;
    const links = ctx.linked(r, path, types, matchOn);
    if (links.length > 0) return { path, targets: links.map((l) => l.resource), via: links[0]?.via ?? '' };
  }
  return undefined;
}

/** Whether `paths` names an attribute that is set (or known only after apply) on `r`. */
export function firstSetPath(r: TfResource, paths: readonly string[]): string | undefined {
  return paths.find((p) => valueAt(r, p) !== undefined || isUnknownAt(r, p));
}

/** Host of a URL, lower-cased, or undefined when the value is not a URL. */
export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

import { byDefault, everyFact, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  presenceFact,
  str,
  valueAt,
} from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { Json, TfResource } from '../types.js';
import { assumeIdentities, encryptWith, firstSetPath, linkFirst, publicNetworkFact } from './common.js';

const ACCOUNT = ['azurerm_cognitive_account'] as const;
const GENERATIVE_KINDS = new Set(['openai', 'aiservices']);

/** The cognitive account(s) a resource's `cognitive_account_id` points at. */
export function cognitiveAccountOf(r: TfResource, ctx: MapperContext): TfResource[] {
  return linkFirst(r, ctx, ['cognitive_account_id'], ACCOUNT, ['id'])?.targets ?? [];
}

/** The model deployments served by a cognitive account. */
export function deploymentsOf(account: TfResource, ctx: MapperContext): readonly TfResource[] {
  return ctx.referrers(account, 'azurerm_cognitive_deployment', 'account', (d) => cognitiveAccountOf(d, ctx));
}

/**
 * Whether a deployment's content filter policy name attaches a guardrail. A deployment without one gets the
 * default Microsoft content filter, which screens harm categories but does not block prompt attacks (Prompt
 * Shields for jailbreak and indirect attacks must be enabled in a custom RAI policy), so it has none.
 */
export function attachesGuardrail(policyName: string | undefined): boolean {
  return policyName !== undefined && policyName !== '';
}

/**
 * The built-in policies (Microsoft.Default, Microsoft.DefaultV2), like the default content filter of a deployment
 * without a policy, block the four harm categories in completions at medium severity.
 */
export function isBuiltInRaiPolicy(policyName: string): boolean {
  return BUILT_IN_POLICIES.has(policyName);
}
const BUILT_IN_POLICIES = new Set(['Microsoft.Default', 'Microsoft.DefaultV2']);

function guardrailFact(d: TfResource): Fact<boolean> {
  if (isUnknownAt(d, 'rai_policy_name')) return unknown('rai_policy_name', AFTER_APPLY);
  return explicit(attachesGuardrail(str(d, 'rai_policy_name')), 'rai_policy_name');
}

export function mapCognitiveAccount(r: TfResource, ctx: MapperContext): void {
  const kind = str(r, 'kind') ?? '';
  const generative = GENERATIVE_KINDS.has(kind.toLowerCase());
  const facts: Facts = {
    internetReachable: publicNetworkFact(r, 'public_network_access_enabled', 'network_acls'),
    keyAuthEnabled: boolFact(r, 'local_auth_enabled', true),
    customerManagedKey: presenceFact(r, 'customer_managed_key'),
    networkIsolated: boolFact(r, 'outbound_network_access_restricted', false),
    privateNetwork: byDefault(false, 'azurerm_private_endpoint'),
    invocationLogging: byDefault(false, 'azurerm_monitor_diagnostic_setting'),
    providerManaged: explicit(true, 'kind'),
  };
  const deployments = deploymentsOf(r, ctx);
  if (generative && deployments.length > 0) {
    facts.guardrailAttached = everyFact(deployments.map(guardrailFact), byDefault(false, 'rai_policy_name'));
  }
  const id = ctx.asset(r, {
    kind: kind === 'ContentSafety' ? 'guardrail' : 'foundation-model-service',
    facts,
  });
  encryptWith(r, ctx, id, 'customer_managed_key.0.key_vault_key_id');
  assumeIdentities(r, ctx, id);
  for (const d of deployments) ctx.flow(id, d.address, 'invoke', ctx.evidence(d, 'cognitive_account_id'));
}

export function mapCognitiveAccountCustomerManagedKey(r: TfResource, ctx: MapperContext): void {
  const accounts = cognitiveAccountOf(r, ctx);
  if (accounts.length === 0) {
    ctx.unresolved(r, 'cognitive_account_id', ACCOUNT, ['customerManagedKey']);
    return;
  }
  for (const a of accounts) {
    ctx.patch(a.address, { customerManagedKey: explicit(true, `${r.address}.key_vault_key_id`) });
    encryptWith(r, ctx, a.address, 'key_vault_key_id');
  }
}

/** Global* and DataZone* SKUs may process prompts outside the deployment's region (`scale` before azurerm 4.0). */
function crossRegionFact(r: TfResource): Fact<boolean> {
  const path = firstSetPath(r, ['sku.0.name', 'scale.0.type']) ?? 'sku.0.name';
  return factFromPrefix(r, path, ['global', 'datazone']);
}

function factFromPrefix(r: TfResource, path: string, prefixes: readonly string[]): Fact<boolean> {
  if (isUnknownAt(r, path)) return unknown(path.replace(/\.(\d+)/g, '[$1]'), AFTER_APPLY);
  const v = str(r, path);
  const attribute = path.replace(/\.(\d+)/g, '[$1]');
  if (v === undefined) return byDefault(false, attribute);
  return explicit(
    prefixes.some((p) => v.toLowerCase().startsWith(p)),
    attribute,
  );
}

/** The RAI policies a deployment's `rai_policy_name` names (by reference, else by name among its account's policies). */
function raiPoliciesOf(d: TfResource, ctx: MapperContext): TfResource[] {
  return ctx
    .linked(d, 'rai_policy_name', ['azurerm_cognitive_account_rai_policy'], ['name'])
    .map((l) => l.resource);
}

export function mapCognitiveDeployment(r: TfResource, ctx: MapperContext): void {
  const facts: Facts = {
    guardrailAttached: guardrailFact(r),
    // Default OnceNewDefaultVersionAvailable: the model version changes without review.
    autoModelUpgrade: enumFact(
      r,
      'version_upgrade_option',
      ['OnceNewDefaultVersionAvailable', 'OnceCurrentVersionExpired'],
      'OnceNewDefaultVersionAvailable',
    ),
    crossRegionProcessing: crossRegionFact(r),
  };
  const policies = raiPoliciesOf(r, ctx);
  const policy = policies[0];
  const policyName = str(r, 'rai_policy_name');
  if (policy !== undefined) {
    facts.promptAttackFilter = promptAttackFact(policy);
    facts.sensitiveDataFilter = sensitiveDataFact(policy);
    facts.harmfulContentFilter = harmfulContentFact(policy);
  } else if (policyName !== undefined) {
    // A built-in policy (Microsoft.Default, Microsoft.DefaultV2) or one managed outside this plan.
    const reason = `RAI policy "${policyName}" is not defined in this plan`;
    facts.promptAttackFilter = unknown('rai_policy_name', reason);
    facts.sensitiveDataFilter = unknown('rai_policy_name', reason);
    facts.harmfulContentFilter = isBuiltInRaiPolicy(policyName)
      ? explicit(true, 'rai_policy_name')
      : unknown('rai_policy_name', reason);
  } else if (!isUnknownAt(r, 'rai_policy_name')) {
    facts.harmfulContentFilter = byDefault(true, 'rai_policy_name');
  }
  ctx.asset(r, { kind: 'model', facts });
  if (cognitiveAccountOf(r, ctx).length === 0)
    ctx.unresolved(r, 'cognitive_account_id', ACCOUNT, ['guardrailAttached']);
}

interface ContentFilter {
  readonly index: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly blocking: boolean;
  readonly source: string;
}

function filtersOf(r: TfResource): ContentFilter[] {
  return list(r, 'content_filter').flatMap((f: Json, index) => {
    if (f === null || typeof f !== 'object' || Array.isArray(f)) return [];
    const name = typeof f['name'] === 'string' ? f['name'] : '';
    const source = typeof f['source'] === 'string' ? f['source'] : '';
    return [
      { index, name, enabled: f['filter_enabled'] === true, blocking: f['block_enabled'] === true, source },
    ];
  });
}

function filterFact(r: TfResource, matches: (name: string) => boolean, what: string): Fact<boolean> {
  if (isUnknownAt(r, 'content_filter')) return unknown('content_filter', AFTER_APPLY);
  const async =
    str(r, 'mode') === 'Asynchronous_filter'
      ? ' (mode Asynchronous_filter: completions stream before filtering)'
      : '';
  const hit = filtersOf(r).find((f) => matches(f.name) && f.enabled && f.blocking);
  if (hit) return explicit(true, `${r.address}.content_filter[${hit.index}] ${hit.name}${async}`);
  // A filter whose name, filter_enabled or block_enabled is known only after apply may be the one that blocks.
  const open = filtersOf(r).find(
    (f) =>
      (matches(f.name) || isUnknownAt(r, `content_filter.${f.index}.name`)) &&
      ['filter_enabled', 'block_enabled'].some((k) => isUnknownAt(r, `content_filter.${f.index}.${k}`)),
  );
  if (open) return unknown(`content_filter[${open.index}]`, AFTER_APPLY);
  return explicit(false, `${r.address}.content_filter (no enabled, blocking ${what} filter)`);
}

/** Prompt Shields: the `Jailbreak` (direct) or `Indirect Attack` filter, enabled and blocking. */
export function promptAttackFact(r: TfResource): Fact<boolean> {
  return filterFact(
    r,
    (n) => /^(jailbreak|indirect[ _]?attack)$/i.test(n.trim()),
    'Jailbreak/Indirect Attack',
  );
}

/** PII detection filter (name not confirmed in the provider docs: `PII` / `Personally Identifiable Information`). */
export function sensitiveDataFact(r: TfResource): Fact<boolean> {
  return filterFact(r, (n) => /^(pii|personally identifiable information)$/i.test(n.trim()), 'PII');
}

/** The harm categories of content filters; the API writes `Selfharm`, configurations also `SelfHarm`. */
const HARM_CATEGORIES = ['hate', 'sexual', 'violence', 'selfharm'];
const category = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, '');

/**
 * Whether completions are blocked in every harm category: a `Completion` filter of each, enabled and blocking. A
 * category without a Completion filter is unknown (whether the base policy's filter then applies is not
 * documented). In mode Asynchronous_filter completions stream to the caller before they are filtered.
 */
export function harmfulContentFact(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'content_filter')) return unknown('content_filter', AFTER_APPLY);
  if (isUnknownAt(r, 'mode')) return unknown(`${r.address}.mode`, AFTER_APPLY);
  if (str(r, 'mode') === 'Asynchronous_filter')
    return explicit(false, `${r.address}.mode (Asynchronous_filter: completions stream before filtering)`);
  const later = (f: ContentFilter, key: string): boolean =>
    isUnknownAt(r, `content_filter.${f.index}.${key}`);
  const filters = filtersOf(r);
  const off: string[] = [];
  const absent: string[] = [];
  let open: ContentFilter | undefined;
  for (const harm of HARM_CATEGORIES) {
    const own = filters.filter((f) => category(f.name) === harm && f.source.toLowerCase() === 'completion');
    if (own.some((f) => f.enabled && f.blocking)) continue;
    // A filter whose name, source or switches are known only after apply may be the one that blocks.
    const maybe = filters.find(
      (f) =>
        later(f, 'name') ||
        later(f, 'source') ||
        (own.includes(f) && (later(f, 'filter_enabled') || later(f, 'block_enabled'))),
    );
    if (maybe !== undefined) open ??= maybe;
    else if (own.length > 0) off.push(harm);
    else absent.push(harm);
  }
  if (off.length > 0)
    return explicit(false, `${r.address}.content_filter (Completion not blocked for ${off.join(', ')})`);
  if (open !== undefined) return unknown(`content_filter[${String(open.index)}]`, AFTER_APPLY);
  if (absent.length > 0)
    return unknown(
      'content_filter',
      `no Completion filter for ${absent.join(', ')}; whether base policy ${str(r, 'base_policy_name') ?? ''} then applies is not documented`,
    );
  return explicit(true, `${r.address}.content_filter (Completion)`);
}

export function mapRaiPolicy(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, {
    kind: 'guardrail',
    facts: {
      promptAttackFilter: promptAttackFact(r),
      sensitiveDataFilter: sensitiveDataFact(r),
      harmfulContentFilter: harmfulContentFact(r),
    },
  });
  if (valueAt(r, 'cognitive_account_id') === undefined && !isUnknownAt(r, 'cognitive_account_id')) return;
  if (cognitiveAccountOf(r, ctx).length === 0)
    ctx.note(
      'unresolved-link',
      'cognitive_account_id could not be linked to an azurerm_cognitive_account',
      r.address,
    );
}

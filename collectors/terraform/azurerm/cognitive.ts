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
 * The content filter policy a model deployment runs under, as far as its input tells: known only after apply; none
 * named, so the provider's default; a policy whose content filters were read (an azurerm_cognitive_account_rai_policy,
 * or a policy ARM lists, in the same shape); or a name whose filters were not read (`reason` says why).
 */
export type DeploymentPolicy =
  | { readonly kind: 'later' }
  | { readonly kind: 'default' }
  | { readonly kind: 'read'; readonly policy: TfResource }
  | { readonly kind: 'named'; readonly name: string; readonly reason: string };

/** The facts a deployment gets from its content filter policy. */
export interface DeploymentFilterFacts {
  readonly guardrailAttached: Fact<boolean>;
  readonly promptAttackFilter: Fact<boolean>;
  readonly sensitiveDataFilter: Fact<boolean>;
  readonly harmfulContentFilter: Fact<boolean>;
}

const DEFAULT_POLICY = 'Microsoft.DefaultV2';
type BuiltInPolicy = (
  attribute: string,
  known: (value: boolean, attribute: string) => Fact<boolean>,
) => Omit<DeploymentFilterFacts, 'guardrailAttached'>;
/**
 * The system-managed policies, by name, as Microsoft documents them. Microsoft.DefaultV2 is the default safety
 * policy applied to every Azure OpenAI text model (ARM names it on a deployment created without a policy, so a
 * plan's unset `rai_policy_name` means it): hate, sexual, violence and self-harm blocked at Medium on prompts and
 * completions, user prompt attacks (Jailbreak) blocked on prompts, protected material text and code blocked on
 * completions; no indirect (document) attack filter and no PII filter. Microsoft.Default, the older policy, is
 * documented only for the four harm categories at Medium, so whether it screens jailbreaks or PII is left open.
 */
const defaultV2: BuiltInPolicy = (a, known) => ({
  promptAttackFilter: known(true, `${a}: Jailbreak blocked on prompts; indirect attacks not screened`),
  sensitiveDataFilter: known(false, `${a}: no PII filter`),
  harmfulContentFilter: known(true, `${a}: harm categories blocked at Medium`),
});
const BUILT_IN_POLICIES: Readonly<Record<string, BuiltInPolicy>> = {
  [DEFAULT_POLICY]: defaultV2,
  'Microsoft.Default': (a, known) => {
    const open = unknown(a, 'built-in policy Microsoft.Default is documented for the harm categories only');
    return {
      promptAttackFilter: open,
      sensitiveDataFilter: open,
      harmfulContentFilter: known(true, `${a}: harm categories blocked at Medium`),
    };
  },
};

/**
 * What a deployment's content filter policy gives it, for the plan and the live scan alike (`attribute` names the
 * deployment's policy name field). `guardrailAttached` says that a content filter screens the deployment's
 * prompts: the default policy does (default true), a built-in or unread policy named does (a custom policy cannot
 * switch off its prompt filters without Microsoft's approval for modified content filtering), and a policy read is
 * judged from its filters: false when no filter on prompts is enabled and blocking.
 */
export function deploymentFilterFacts(p: DeploymentPolicy, attribute: string): DeploymentFilterFacts {
  switch (p.kind) {
    case 'later': {
      const later = unknown(attribute, AFTER_APPLY);
      return {
        guardrailAttached: later,
        promptAttackFilter: later,
        sensitiveDataFilter: later,
        harmfulContentFilter: later,
      };
    }
    case 'default': {
      const unset = `${attribute} (unset: built-in default policy ${DEFAULT_POLICY})`;
      return {
        guardrailAttached: byDefault(true, unset),
        ...defaultV2(unset, byDefault),
      };
    }
    case 'read':
      return {
        guardrailAttached: screensPromptsFact(p.policy),
        promptAttackFilter: promptAttackFact(p.policy),
        sensitiveDataFilter: sensitiveDataFact(p.policy),
        harmfulContentFilter: harmfulContentFact(p.policy),
      };
    case 'named': {
      const builtIn = builtInPolicy(p.name);
      if (builtIn !== undefined) {
        const named = `${attribute} (built-in policy ${p.name})`;
        return { guardrailAttached: explicit(true, named), ...builtIn(named, explicit) };
      }
      const open = unknown(attribute, p.reason);
      return {
        guardrailAttached: explicit(true, attribute),
        promptAttackFilter: open,
        sensitiveDataFilter: open,
        harmfulContentFilter: open,
      };
    }
  }
}

const builtInPolicy = (name: string): BuiltInPolicy | undefined =>
  Object.hasOwn(BUILT_IN_POLICIES, name) ? BUILT_IN_POLICIES[name] : undefined;

/** The policy a deployment names, as the plan tells it. */
function deploymentPolicyOf(d: TfResource, ctx: MapperContext): DeploymentPolicy {
  if (isUnknownAt(d, 'rai_policy_name')) return { kind: 'later' };
  const policy = raiPoliciesOf(d, ctx)[0];
  if (policy !== undefined) return { kind: 'read', policy };
  const name = str(d, 'rai_policy_name') ?? '';
  if (name === '') return { kind: 'default' };
  return { kind: 'named', name, reason: `RAI policy "${name}" is not defined in this plan` };
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
    facts.guardrailAttached = everyFact(
      deployments.map(
        (d) => deploymentFilterFacts(deploymentPolicyOf(d, ctx), 'rai_policy_name').guardrailAttached,
      ),
      byDefault(false, 'rai_policy_name'),
    );
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
    ...deploymentFilterFacts(deploymentPolicyOf(r, ctx), 'rai_policy_name'),
    // Default OnceNewDefaultVersionAvailable: the model version changes without review.
    autoModelUpgrade: enumFact(
      r,
      'version_upgrade_option',
      ['OnceNewDefaultVersionAvailable', 'OnceCurrentVersionExpired'],
      'OnceNewDefaultVersionAvailable',
    ),
    crossRegionProcessing: crossRegionFact(r),
  };
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

/**
 * Whether a policy screens prompts at all: some `Prompt` filter (a harm category, Jailbreak, Indirect Attack...)
 * enabled and blocking. A policy with no Prompt filter is unknown: whether its base policy's then apply is not
 * documented.
 */
export function screensPromptsFact(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'content_filter')) return unknown('content_filter', AFTER_APPLY);
  const filters = filtersOf(r);
  const onPrompts = (f: ContentFilter): boolean => f.source.toLowerCase() === 'prompt';
  const hit = filters.find((f) => onPrompts(f) && f.enabled && f.blocking);
  if (hit) return explicit(true, `${r.address}.content_filter[${hit.index}] ${hit.name} (Prompt)`);
  const later = (f: ContentFilter, key: string): boolean =>
    isUnknownAt(r, `content_filter.${f.index}.${key}`);
  // A filter whose source or switches are known only after apply may be the one that blocks.
  const open = filters.find(
    (f) => later(f, 'source') || (onPrompts(f) && (later(f, 'filter_enabled') || later(f, 'block_enabled'))),
  );
  if (open) return unknown(`content_filter[${open.index}]`, AFTER_APPLY);
  if (!filters.some(onPrompts))
    return unknown(
      'content_filter',
      `no Prompt filter; whether base policy ${str(r, 'base_policy_name') ?? ''} then applies is not documented`,
    );
  return explicit(false, `${r.address}.content_filter (no enabled, blocking Prompt filter)`);
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

import type { RaiPolicy } from '@azure/arm-cognitiveservices';
import type { Fact, Facts } from '../../src/model/index.js';
import { harmfulContentFact, promptAttackFact, sensitiveDataFact } from '../terraform/azurerm/cognitive.js';
import type { JsonObject, TfResource } from '../terraform/types.js';

const AT = 'RaiPolicies_List.properties';

/**
 * A content filter policy as ARM returns it, in the shape the azurerm mapper judges. The mapper judges
 * azurerm_cognitive_account_rai_policy values, whose fields are those of the API under Terraform names
 * (`content_filter` for `contentFilters`, `filter_enabled` for `enabled`, `block_enabled` for `blocking`), so the
 * policy is put in that shape with nothing unknown; `relabel` names the evidence back after the API's fields.
 */
export function raiPolicyResource(policy: RaiPolicy): TfResource {
  const p = policy.properties ?? {};
  const values: JsonObject = {
    content_filter: (p.contentFilters ?? []).map((f) => ({
      name: f.name ?? '',
      filter_enabled: f.enabled === true,
      block_enabled: f.blocking === true,
      source: f.source ?? '',
    })),
    ...(p.mode === undefined ? {} : { mode: p.mode }),
    ...(p.basePolicyName === undefined ? {} : { base_policy_name: p.basePolicyName }),
  };
  return {
    address: AT,
    configAddress: AT,
    module: '',
    mode: 'managed',
    type: 'azurerm_cognitive_account_rai_policy',
    name: policy.name ?? '',
    provider: 'azure',
    values,
    unknown: {},
    sensitive: {},
    action: 'no-op',
    input: AT,
  };
}

/** The judgement of the azurerm mapper on a content filter policy as ARM returns it. */
export function raiPolicyFacts(policy: RaiPolicy): Facts {
  const r = raiPolicyResource(policy);
  return relabelAll({
    promptAttackFilter: promptAttackFact(r),
    sensitiveDataFilter: sensitiveDataFact(r),
    harmfulContentFilter: harmfulContentFact(r),
  });
}

/** Facts on a policy read from ARM, their evidence named after the API's fields. */
export function relabelAll<F extends { readonly [K in keyof F]: Fact<boolean> }>(facts: F): F {
  const out: Record<string, Fact<boolean>> = {};
  for (const [name, f] of Object.entries<Fact<boolean>>(facts)) out[name] = relabel(f);
  return out as F;
}

function relabel(f: Fact<boolean>): Fact<boolean> {
  const attribute = f.attribute.replace(
    /^(RaiPolicies_List\.properties\.)?content_filter/,
    `${AT}.contentFilters`,
  );
  return { ...f, attribute };
}

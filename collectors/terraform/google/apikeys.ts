import { explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { attributeName, hasUnknownBelow, isUnknownAt, list, str, unknownReason } from '../attributes.js';
import type { MapFn } from '../context.js';
import type { TfResource } from '../types.js';

/** Google APIs that serve foundation models to API-key callers (Gemini API, Vertex AI express mode). */
const AI_APIS: ReadonlySet<string> = new Set([
  'generativelanguage.googleapis.com',
  'aiplatform.googleapis.com',
]);

/**
 * The generative AI APIs a key's API targets name, sorted and once each: none means the key is no model service.
 * Keys restricted to other APIs are left out, and so are keys without API targets (valid for every API enabled in
 * the project): neither a plan nor a key says which APIs the project enables. Targets that are not strings count
 * for nothing.
 */
export function aiApisOf(services: readonly unknown[]): string[] {
  const ai = services.filter((s): s is string => typeof s === 'string' && AI_APIS.has(s));
  return [...new Set(ai)].sort();
}

/**
 * Whether a key can be used from anywhere: unless its server key restrictions list caller IP addresses. Browser,
 * Android and iOS restrictions are headers any caller can send, so they restrict nothing.
 */
export function usableAnywhere(allowedIps: readonly unknown[]): boolean {
  return !allowedIps.some((ip) => typeof ip === 'string' && ip !== '');
}

/**
 * The facts of the model service an API key reaches (the plan's and the live scan's alike): reachable as
 * `internetReachable` says, accepting the static key, run by the provider; `targets` is the attribute naming the
 * API targets.
 */
export function apiKeyFacts(internetReachable: Fact<boolean>, targets: string): Facts {
  return {
    internetReachable,
    keyAuthEnabled: explicit(true, targets),
    providerManaged: explicit(true, targets),
  };
}

const TARGETS = 'restrictions.0.api_targets';
const ALLOWED_IPS = 'restrictions.0.server_key_restrictions.0.allowed_ips';

/** Callers may use the key from anywhere unless server_key_restrictions limits it to a list of IP addresses. */
function reachableWithKey(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, ALLOWED_IPS) || isUnknownAt(r, 'restrictions'))
    return unknown(attributeName(ALLOWED_IPS), unknownReason(r, ALLOWED_IPS));
  return explicit(usableAnywhere(list(r, ALLOWED_IPS)), attributeName(ALLOWED_IPS));
}

/**
 * google_apikeys_key whose api_targets name a generative AI API (aiApisOf): the model service that accepts the
 * static key, modelled as `<address>#ai-api` (a foundation-model-service the provider runs).
 */
export const mapApiKey: MapFn = (r, ctx) => {
  const targetsUnknown = isUnknownAt(r, TARGETS) || hasUnknownBelow(r, TARGETS);
  const ai = aiApisOf(list(r, TARGETS).map((_, i) => str(r, `${TARGETS}.${i}.service`)));
  if (ai.length === 0) {
    if (targetsUnknown)
      ctx.note('unknown-value', 'api_targets are known only after apply; the key is not modelled', r.address);
    return;
  }
  ctx.asset(r, {
    kind: 'foundation-model-service',
    id: `${r.address}#ai-api`,
    name: ai.join(', '),
    nativeType: 'google_apikeys_key',
    facts: apiKeyFacts(reachableWithKey(r), attributeName(TARGETS)),
  });
};

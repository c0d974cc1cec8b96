import { explicit, unknown, type Fact } from '../../../src/model/index.js';
import { attributeName, hasUnknownBelow, isUnknownAt, list, str, unknownReason } from '../attributes.js';
import type { MapFn } from '../context.js';
import type { TfResource } from '../types.js';

/** Google APIs that serve foundation models to API-key callers (Gemini API, Vertex AI express mode). */
const AI_APIS: ReadonlySet<string> = new Set([
  'generativelanguage.googleapis.com',
  'aiplatform.googleapis.com',
]);

const TARGETS = 'restrictions.0.api_targets';
const ALLOWED_IPS = 'restrictions.0.server_key_restrictions.0.allowed_ips';

/** Callers may use the key from anywhere unless server_key_restrictions limits it to a list of IP addresses. */
function reachableWithKey(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, ALLOWED_IPS) || isUnknownAt(r, 'restrictions'))
    return unknown(attributeName(ALLOWED_IPS), unknownReason(r, ALLOWED_IPS));
  return list(r, ALLOWED_IPS).length > 0
    ? explicit(false, attributeName(ALLOWED_IPS))
    : explicit(true, attributeName(ALLOWED_IPS));
}

/**
 * google_apikeys_key whose api_targets name a generative AI API: the model service that accepts the static key,
 * modelled as `<address>#ai-api` (a foundation-model-service the provider runs). Keys restricted to other APIs
 * are left out; keys without api_targets (valid for every API enabled in the project) are left out too, as the
 * plan does not say which APIs the project enables. Browser, Android and iOS restrictions are headers any caller
 * can send, so only server_key_restrictions (caller IP addresses) keeps the key from being usable anywhere.
 */
export const mapApiKey: MapFn = (r, ctx) => {
  const targetsUnknown = isUnknownAt(r, TARGETS) || hasUnknownBelow(r, TARGETS);
  const services = list(r, TARGETS)
    .map((_, i) => str(r, `${TARGETS}.${i}.service`))
    .filter((s): s is string => s !== undefined);
  const ai = services.filter((s) => AI_APIS.has(s)).sort();
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
    facts: {
      internetReachable: reachableWithKey(r),
      keyAuthEnabled: explicit(true, attributeName(TARGETS)),
      providerManaged: explicit(true, attributeName(TARGETS)),
    },
  });
};

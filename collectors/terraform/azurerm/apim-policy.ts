/**
 * Reads the security-relevant elements of an API Management policy document. Policies are XML with C#
 * expressions in attribute values; we only need element names and a few literal attributes, so a small tag
 * scanner is enough (no DTDs, no entities beyond the usual five).
 */

export interface PolicyElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Text up to the next tag (for `<value>` children). */
  readonly text: string;
}

export interface PolicySummary {
  /** validate-jwt (any issuer). */
  readonly validateJwt: boolean;
  /** validate-azure-ad-token (Entra ID). */
  readonly validateEntraToken: boolean;
  /** `<openid-config url="...">` of validate-jwt. */
  readonly openIdConfigUrls: readonly string[];
  /** Elements that limit request or token rates. */
  readonly throttling: readonly string[];
  /** authentication-managed-identity: calls the backend with a managed identity token. */
  readonly managedIdentityBackend: boolean;
  /** set-header name="api-key": a static key (literal or named value) is sent to the backend. */
  readonly staticApiKey: boolean;
  /** base-url of set-backend-service. */
  readonly backendUrls: readonly string[];
  /** backend-id of set-backend-service. */
  readonly backendIds: readonly string[];
  /** validate-content in the inbound section that rejects (`prevent`) oversized or invalid request bodies. */
  readonly validatesRequestBody: boolean;
}

const THROTTLING = new Set([
  'rate-limit',
  'rate-limit-by-key',
  'quota',
  'quota-by-key',
  'azure-openai-token-limit',
  'llm-token-limit',
]);

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Opening and self-closing tags, in document order; comments and CDATA are skipped. */
export function policyElements(xml: string): PolicyElement[] {
  const clean = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const out: PolicyElement[] = [];
  const tag = /<([A-Za-z][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>([^<]*)/g;
  for (const m of clean.matchAll(tag)) {
    const attributes: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const key = a[1];
      if (key !== undefined) attributes[key.toLowerCase()] = decode(a[2] ?? a[3] ?? '');
    }
    out.push({ name: (m[1] ?? '').toLowerCase(), attributes, text: decode((m[3] ?? '').trim()) });
  }
  return out;
}

/** A validate-content element with its children (`<content>`), or self-closing. */
const IN_TAG = `(?:"[^"]*"|'[^']*'|[^'">])*`;
const VALIDATE_CONTENT = new RegExp(
  `<validate-content\\b${IN_TAG}\\/>|<validate-content\\b${IN_TAG}>[\\s\\S]*?<\\/validate-content\\s*>`,
  'gi',
);

/**
 * Whether a validate-content element of the inbound section (the request; outbound validates the response)
 * rejects something: `prevent` for bodies over max-size, for undeclared content types, or for a content type it
 * validates against a schema. `detect` only logs, and the request still reaches the backend.
 */
function validatesRequestBody(xml: string): boolean {
  const clean = xml.replace(/<!--[\s\S]*?-->/g, '');
  const inbound = [...clean.matchAll(/<inbound\b[^>]*>([\s\S]*?)<\/inbound\s*>/gi)].map((m) => m[1] ?? '');
  return inbound.some((section) =>
    [...section.matchAll(VALIDATE_CONTENT)].some((m) =>
      policyElements(m[0]).some((e) =>
        (e.name === 'validate-content'
          ? [e.attributes['size-exceeded-action'], e.attributes['unspecified-content-type-action']]
          : e.name === 'content'
            ? [e.attributes['action']]
            : []
        ).some((a) => a?.toLowerCase() === 'prevent'),
      ),
    ),
  );
}

export function summarizePolicy(xml: string): PolicySummary {
  const elements = policyElements(xml);
  const names = new Set(elements.map((e) => e.name));
  const attr = (name: string, key: string): string[] =>
    elements
      .filter((e) => e.name === name)
      .flatMap((e) => (e.attributes[key] === undefined ? [] : [e.attributes[key]]));
  return {
    validateJwt: names.has('validate-jwt'),
    validateEntraToken: names.has('validate-azure-ad-token'),
    openIdConfigUrls: attr('openid-config', 'url'),
    throttling: [...names].filter((n) => THROTTLING.has(n)).sort(),
    managedIdentityBackend: names.has('authentication-managed-identity'),
    staticApiKey: elements.some(
      (e) => e.name === 'set-header' && e.attributes['name']?.toLowerCase() === 'api-key',
    ),
    backendUrls: attr('set-backend-service', 'base-url'),
    backendIds: attr('set-backend-service', 'backend-id'),
    validatesRequestBody: validatesRequestBody(xml),
  };
}

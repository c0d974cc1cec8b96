import { parse } from 'yaml';

/** What threatgraph needs from an API Gateway OpenAPI (Swagger 2.0) document. */
export interface OpenApiSummary {
  /** JWT issuers of securityDefinitions (`x-google-issuer`). */
  readonly issuers: readonly string[];
  /** Every operation requires a security scheme (globally or on the operation). */
  readonly allOperationsSecured: boolean;
  /** Security scheme types used by operations: `oauth2` (JWT) or `apiKey`. */
  readonly schemeTypes: readonly string[];
  /** `x-google-backend.address` values (global or per operation). */
  readonly backends: readonly string[];
  /** Some backend sets `disable_auth: true` (the gateway calls it without an OIDC token). */
  readonly backendAuthDisabled: boolean;
  /** `x-google-management.quota.limits` exist and operations use them (`x-google-quota`). */
  readonly quota: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/**
 * The most document bytes read: well above real gateway documents (hundreds of operations fit in 100 KiB), and
 * low enough that parsing a hostile one as YAML stays within seconds and megabytes.
 */
export const MAX_OPENAPI_BYTES = 512 * 1024;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** What a document's `contents` read as: its summary, or why it could not be read. */
export type OpenApiReading = { readonly spec: OpenApiSummary } | { readonly error: string };

/**
 * Decodes base64 `contents` and parses it as JSON, else YAML (a superset of JSON, far slower to parse). The
 * input is untrusted: not base64, too large, not a mapping, too deeply nested or alias-bombed all come back as
 * an error, never an exception; `__proto__` keys stay plain own keys (JSON.parse and yaml both make them so).
 */
export function decodeOpenApi(base64: string): OpenApiReading {
  const packed = base64.replace(/\s+/g, '');
  if (!BASE64.test(packed)) return { error: 'the OpenAPI document is not base64' };
  if (Math.floor((packed.length * 3) / 4) > MAX_OPENAPI_BYTES)
    return { error: `the OpenAPI document is larger than ${String(MAX_OPENAPI_BYTES / 1024)} KiB` };
  const text = Buffer.from(packed, 'base64').toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = parse(text);
    } catch {
      return { error: 'the OpenAPI document is neither JSON nor YAML' };
    }
  }
  return isObj(doc) ? { spec: summarize(doc) } : { error: 'the OpenAPI document is not a mapping' };
}

/** The summary of base64 `contents`; undefined when it cannot be read (decodeOpenApi says why). */
export function readOpenApi(base64: string): OpenApiSummary | undefined {
  const read = decodeOpenApi(base64);
  return 'spec' in read ? read.spec : undefined;
}

function summarize(doc: Obj): OpenApiSummary {
  const defs = isObj(doc['securityDefinitions']) ? doc['securityDefinitions'] : {};
  const issuers: string[] = [];
  const typeOf = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) {
    if (!isObj(def)) continue;
    if (typeof def['x-google-issuer'] === 'string') issuers.push(def['x-google-issuer']);
    if (typeof def['type'] === 'string') typeOf.set(name, def['type']);
  }
  const globalSecurity = schemesOf(doc['security']);
  const backends = new Set<string>();
  let backendAuthDisabled = false;
  const addBackend = (b: unknown): void => {
    if (!isObj(b)) return;
    if (typeof b['address'] === 'string') backends.add(b['address']);
    if (b['disable_auth'] === true) backendAuthDisabled = true;
  };
  addBackend(doc['x-google-backend']);
  let operations = 0;
  let secured = 0;
  let quotaUsed = false;
  const schemeTypes = new Set<string>();
  const paths = isObj(doc['paths']) ? doc['paths'] : {};
  for (const item of Object.values(paths)) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      operations++;
      addBackend(op['x-google-backend']);
      if (isObj(op['x-google-quota'])) quotaUsed = true;
      const schemes = op['security'] === undefined ? globalSecurity : schemesOf(op['security']);
      if (schemes.length > 0) secured++;
      for (const s of schemes) schemeTypes.add(typeOf.get(s) ?? 'unknown');
    }
  }
  const management = isObj(doc['x-google-management']) ? doc['x-google-management'] : {};
  const quota = isObj(management['quota']) ? management['quota'] : {};
  const limits = Array.isArray(quota['limits']) ? quota['limits'] : [];
  return {
    issuers,
    allOperationsSecured: operations > 0 && secured === operations,
    schemeTypes: [...schemeTypes].sort(),
    backends: [...backends].sort(),
    backendAuthDisabled,
    quota: limits.length > 0 && quotaUsed,
  };
}

/** Names of schemes in a `security` requirement list (`[{name: []}, ...]`); empty list = no security. */
function schemesOf(security: unknown): string[] {
  if (!Array.isArray(security)) return [];
  return security.filter(isObj).flatMap((req) => Object.keys(req));
}

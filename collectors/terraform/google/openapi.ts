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

/** Decodes base64 `contents` and parses it as YAML (a superset of JSON); undefined when it cannot be read. */
export function readOpenApi(base64: string): OpenApiSummary | undefined {
  let doc: unknown;
  try {
    doc = parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  return isObj(doc) ? summarize(doc) : undefined;
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

import { isUnknownAt, list, str, strings } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { Json, TfResource } from '../types.js';

/**
 * IAM policy documents as statements, read from a policy JSON string when it is known, or from the statement
 * blocks of a `data.aws_iam_policy_document` (whose ARNs are linked through configuration references) when the
 * JSON is known only after apply.
 */

export type StatementResource =
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'link'; readonly target: TfResource; readonly via: string };

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  readonly type: string;
  /** The identifier; `(unknown)` when known only after apply. */
  readonly id: string;
  readonly targets: readonly TfResource[];
}

/** `S` is where the statement was read: a Terraform resource, or an API response for the live collectors. */
export interface Statement<S = TfResource> {
  readonly effect: 'Allow' | 'Deny';
  /** Undefined when the actions are known only after apply. */
  readonly actions: readonly string[] | undefined;
  readonly notActions: boolean;
  readonly resources: readonly StatementResource[];
  /** Some resources are known only after apply and could not be linked. */
  readonly resourcesUnknown: boolean;
  /** Undefined for identity policies (no Principal element). */
  readonly principals: readonly Principal[] | undefined;
  readonly principalsUnknown: boolean;
  readonly conditionKeys: readonly string[];
  /** Where the statement was read, for evidence. */
  readonly source: S;
  readonly path: string;
}

export interface PolicyRead<S = TfResource> {
  readonly statements: Statement<S>[];
  /** Why some statements could not be read (known only after apply, not linkable, not JSON). */
  readonly gaps: string[];
}

export const POLICY_DOCUMENT = ['aws_iam_policy_document'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const asStrings = (v: unknown): string[] => asList(v).filter((x): x is string => typeof x === 'string');

/** Statements of the policy held at `path` of `r` (a JSON string attribute). */
export function readPolicy(ctx: MapperContext, r: TfResource, path: string): PolicyRead {
  const text = str(r, path);
  if (text === '') return { statements: [], gaps: [] };
  if (text !== undefined && !isUnknownAt(r, path)) return parseJsonPolicy(r, path, text);
  if (!isUnknownAt(r, path)) return { statements: [], gaps: [] };
  const docs = ctx.linked(r, path, POLICY_DOCUMENT);
  if (docs.length === 0) return { statements: [], gaps: [`${path} is known only after apply`] };
  const out: PolicyRead = { statements: [], gaps: [] };
  for (const d of docs) {
    const read = readPolicyDocument(ctx, d.resource);
    out.statements.push(...read.statements);
    out.gaps.push(...read.gaps);
  }
  return out;
}

/** Statements of a `data.aws_iam_policy_document`. */
export function readPolicyDocument(ctx: MapperContext, doc: TfResource): PolicyRead {
  const json = str(doc, 'json');
  if (json !== undefined && !isUnknownAt(doc, 'json')) return parseJsonPolicy(doc, 'json', json);
  if (isUnknownAt(doc, 'statement'))
    return { statements: [], gaps: [`${doc.address}.statement is known only after apply`] };
  const statements = list(doc, 'statement').map((_, i) => blockStatement(ctx, doc, `statement.${i}`));
  return { statements, gaps: [] };
}

function blockStatement(ctx: MapperContext, doc: TfResource, at: string): Statement {
  const resources: StatementResource[] = strings(doc, `${at}.resources`).map((arn) => ({ kind: 'arn', arn }));
  let resourcesUnknown = false;
  if (isUnknownAt(doc, `${at}.resources`) || hasUnknownItem(doc, `${at}.resources`)) {
    const links = ctx.linked(doc, `${at}.resources`, ARN_TYPES);
    for (const l of links) resources.push({ kind: 'link', target: l.resource, via: l.via });
    resourcesUnknown = links.length === 0;
  }
  const principalBlocks = list(doc, `${at}.principals`);
  const principals: Principal[] = [];
  let principalsUnknown = isUnknownAt(doc, `${at}.principals`);
  principalBlocks.forEach((_, j) => {
    const p = `${at}.principals.${j}`;
    const type = str(doc, `${p}.type`) ?? '(unknown)';
    const ids = strings(doc, `${p}.identifiers`);
    const unknownIds = isUnknownAt(doc, `${p}.identifiers`) || hasUnknownItem(doc, `${p}.identifiers`);
    const targets = unknownIds
      ? ctx.linked(doc, `${p}.identifiers`, ['aws_iam_role']).map((l) => l.resource)
      : [];
    for (const id of ids)
      principals.push({ type: type === 'AWS' && id === '*' ? '*' : type, id, targets: [] });
    if (unknownIds) {
      if (targets.length === 0) principalsUnknown = true;
      else principals.push({ type, id: '(unknown)', targets });
    }
  });
  const conditionKeys = list(doc, `${at}.condition`)
    .map((c) => (isObj(c) && typeof c['variable'] === 'string' ? c['variable'] : ''))
    .filter((k) => k !== '');
  const notActions = strings(doc, `${at}.not_actions`);
  return {
    effect: str(doc, `${at}.effect`) === 'Deny' ? 'Deny' : 'Allow',
    actions: isUnknownAt(doc, `${at}.actions`)
      ? undefined
      : notActions.length > 0
        ? notActions
        : strings(doc, `${at}.actions`),
    notActions: notActions.length > 0,
    resources,
    resourcesUnknown,
    principals: principalBlocks.length > 0 || principalsUnknown ? principals : undefined,
    principalsUnknown,
    conditionKeys,
    source: doc,
    path: at,
  };
}

function hasUnknownItem(r: TfResource, path: string): boolean {
  const u = path.split('.').reduce<Json | undefined>((node, key) => {
    if (node === null || node === undefined || typeof node !== 'object') return undefined;
    return Array.isArray(node) ? node[Number(key)] : node[key];
  }, r.unknown);
  return Array.isArray(u) && u.includes(true);
}

/** Resource types a policy `Resource` can name. */
export const ARN_TYPES = [
  'aws_s3_bucket',
  'aws_dynamodb_table',
  'aws_cloudwatch_log_group',
  'aws_kms_key',
  'aws_lambda_function',
  'aws_sagemaker_endpoint',
  'aws_sagemaker_model',
  'aws_sagemaker_pipeline',
  'aws_sagemaker_feature_group',
  'aws_sagemaker_model_package_group',
  'aws_bedrockagent_agent',
  'aws_bedrockagent_knowledge_base',
  'aws_bedrock_custom_model',
  'aws_bedrock_guardrail',
  'aws_iam_role',
] as const;

/** Statements of a policy JSON text; `r` is recorded as their source. */
export function parseJsonPolicy<S>(r: S, path: string, text: string): PolicyRead<S> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { statements: [], gaps: [`${path} is not valid JSON`] };
  }
  if (!isObj(doc)) return { statements: [], gaps: [`${path} is not a policy document`] };
  const statements = asList(doc['Statement'])
    .filter(isObj)
    .map((s, i): Statement<S> => {
      const notActions = asStrings(s['NotAction']);
      const principals = principalsOf(s['Principal'] ?? s['NotPrincipal']);
      return {
        effect: s['Effect'] === 'Deny' ? 'Deny' : 'Allow',
        actions: notActions.length > 0 ? notActions : asStrings(s['Action']),
        notActions: notActions.length > 0,
        resources: asStrings(s['Resource'] ?? s['NotResource']).map((arn) => ({ kind: 'arn', arn })),
        resourcesUnknown: false,
        principals,
        principalsUnknown: false,
        conditionKeys: isObj(s['Condition'])
          ? Object.values(s['Condition']).flatMap((c) => (isObj(c) ? Object.keys(c) : []))
          : [],
        source: r,
        path: `${path}#Statement[${i}]`,
      };
    });
  return { statements, gaps: [] };
}

function principalsOf(p: unknown): Principal[] | undefined {
  if (p === undefined) return undefined;
  if (p === '*') return [{ type: '*', id: '*', targets: [] }];
  if (!isObj(p)) return [];
  return Object.entries(p).flatMap(([type, ids]) =>
    asStrings(ids).map((id) => ({ type: type === 'AWS' && id === '*' ? '*' : type, id, targets: [] })),
  );
}

/** IAM wildcard matching (`*` any run, `?` one character), compiled once for many values. */
export function globMatcher(pattern: string): (value: string) => boolean {
  if (!isWildcard(pattern)) return (value) => value === pattern;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return (value) => re.test(value);
}

export function isWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** The literal text of a pattern before its first wildcard. */
export function literalPrefix(pattern: string): string {
  const at = pattern.search(/[*?]/);
  return at < 0 ? pattern : pattern.slice(0, at);
}

/** A principal outside the account(s) seen in the plan; undefined when the account cannot be told. */
export function isForeignPrincipal(p: Principal, ownAccounts: ReadonlySet<string>): boolean | undefined {
  if (p.type === '*') return true;
  if (p.type !== 'AWS') return false;
  if (p.targets.length > 0) return false;
  const account = /^(\d{12})$/.exec(p.id)?.[1] ?? /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(p.id)?.[1];
  if (account === undefined) return undefined;
  if (ownAccounts.size === 0) return undefined;
  return !ownAccounts.has(account);
}

const accountsCache = new WeakMap<MapperContext, Set<string>>();

/** Account ids of the ARNs that are known in the plan (computed once per mapping run). */
export function ownAccounts(ctx: MapperContext): ReadonlySet<string> {
  const cached = accountsCache.get(ctx);
  if (cached !== undefined) return cached;
  const out = new Set<string>();
  accountsCache.set(ctx, out);
  for (const type of ARN_TYPES) {
    for (const r of ctx.resources(type)) {
      const arn = str(r, 'arn');
      const account = arn === undefined ? undefined : /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(arn)?.[1];
      if (account !== undefined) out.add(account);
    }
  }
  return out;
}

/**
 * Whether a role's trust policy lets principals outside `ownAccounts` assume it without a condition that pins
 * them (an external id, the organisation, the source account or ARN, an OIDC subject): true, false, or undefined
 * when a trusted principal cannot be judged.
 */
export function trustsOutside(
  statements: readonly Statement<unknown>[],
  ownAccounts: ReadonlySet<string>,
): boolean | undefined {
  let undecided = false;
  for (const s of statements) {
    if (s.effect !== 'Allow' || s.principals === undefined) continue;
    if (
      s.conditionKeys.some((k) =>
        /^sts:ExternalId$|^aws:(PrincipalOrgID|SourceAccount|SourceArn|PrincipalArn)$|:sub$/i.test(k),
      )
    )
      continue;
    for (const p of s.principals) {
      const foreign = p.type === 'Federated' ? true : isForeignPrincipal(p, ownAccounts);
      if (foreign === true) return true;
      if (foreign === undefined) undecided = true;
    }
    if (s.principalsUnknown) undecided = true;
  }
  return undecided ? undefined : false;
}

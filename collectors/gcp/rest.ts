import type { GcpRuntime, TokenScope } from './runtime.js';
import { send } from './transport.js';

/**
 * Calls to Google JSON APIs that have no gax client here (Cloud Storage's JSON API, IAM, Vertex AI v1beta1),
 * with the runtime's credential, endpoint and retry settings. Failures are thrown in the shapes `failureOf`
 * reads: the JSON error body as the message, and gax's "Exceeded maximum number of retries" once 429s or 503s
 * outlive the retries.
 */

const RETRIED = new Set([429, 503]);

/** Query parameters: a list is sent as the parameter repeated (a repeated field, `aggregation.groupByFields`). */
export type Query = Readonly<Record<string, string | readonly string[]>>;

/** A GET of `path` with the query `params` (empty values left out). */
export function getJson(
  rt: GcpRuntime,
  host: string,
  path: string,
  params: Query,
  scope: TokenScope = 'read-only',
): Promise<unknown> {
  return call(rt, host, 'GET', path, params, undefined, scope);
}

/**
 * A POST of `body` (none: an empty body) to a read-only RPC (`:getIamPolicy`): the only POSTs the collector
 * makes, each whitelisted in test/collectors/gcp/collect.test.ts.
 */
export function postJson(
  rt: GcpRuntime,
  host: string,
  path: string,
  params: Readonly<Record<string, string>>,
  body: object | undefined,
  scope: TokenScope = 'read-only',
): Promise<unknown> {
  return call(rt, host, 'POST', path, params, body, scope);
}

async function call(
  rt: GcpRuntime,
  host: string,
  method: 'GET' | 'POST',
  path: string,
  params: Query,
  body: object | undefined,
  scope: TokenScope,
): Promise<unknown> {
  const { auth, base } = await rt.rest(host, scope);
  const retries = rt.options.maxRetries ?? 3;
  const delay = rt.options.retryDelayMs ?? 1000;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const v of typeof value === 'string' ? [value] : value) if (v !== '') query.append(name, v);
  const search = query.toString();
  for (let attempt = 0; ; attempt++) {
    const res = await send(
      auth,
      rt.agents,
      `${base}${path}${search === '' ? '' : `?${search}`}`,
      method,
      body,
    );
    if (res.status >= 200 && res.status < 300) return res.data;
    const error = JSON.stringify(res.data ?? {});
    if (!RETRIED.has(res.status)) throw Object.assign(new Error(error), { code: res.status });
    if (attempt >= retries)
      throw new Error(`Exceeded maximum number of retries retrying error ${String(res.status)}: ${error}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay * 2 ** attempt, 32_000)));
  }
}

/**
 * One page of a JSON list (`{[field]: [...], nextPageToken}`), in the shape `rt.list` pages through, the whole
 * reply second (for what else a page says: ListTimeSeries' executionErrors); items that are not objects are
 * dropped.
 */
export async function jsonPage<T>(
  rt: GcpRuntime,
  host: string,
  path: string,
  field: string,
  params: Query,
  scope: TokenScope = 'read-only',
): Promise<[T[], Readonly<Record<string, unknown>>, { nextPageToken: string }]> {
  const reply = await getJson(rt, host, path, params, scope);
  const page = (typeof reply === 'object' && reply !== null ? reply : {}) as Record<string, unknown>;
  const items = page[field];
  const next = page['nextPageToken'];
  return [
    Array.isArray(items) ? (items.filter((x) => typeof x === 'object' && x !== null) as T[]) : [],
    page,
    { nextPageToken: typeof next === 'string' ? next : '' },
  ];
}

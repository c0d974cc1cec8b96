import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { untilReplyTime } from '../helpers/latency.js';
import type { TestCertificate } from './cert.js';

/**
 * A fake Entra ID token endpoint and a fake ARM on 127.0.0.1 over HTTPS, serving whatever resources the tenant
 * holds: reads by id, lists by type and lists of a resource's children. Every call is logged; ARM calls must carry the bearer token the token endpoint handed out; list replies
 * are paged with `nextLink`s that point back at the fake; faults are injected per operation.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One ARM resource: its full id and its body without `id` (the fake adds it). Children have longer ids. */
export interface FakeResource {
  readonly id: string;
  readonly body: Readonly<Record<string, Json>>;
}

export interface FakeTenant {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every resource of each subscription, children included (`.../accounts/a/deployments/d`). */
  readonly subscriptions: Readonly<Record<string, readonly FakeResource[]>>;
  /** The state `/subscriptions` gives a subscription (default Enabled). */
  readonly states?: Readonly<Record<string, string>>;
}

/**
 * `<collection>.list` for a list (its last path segment: `accounts.list`, `deployments.list`), `<type>.get` for
 * a read of one resource (`workspaces.get`).
 */
export type FakeOperation = string;
/** `throttled-bare`: a 429 without any Retry-After header, which the SDK alone does not retry. */
/** `unregistered`: the subscription is not registered for the resource provider (ARM's 409). */
export type FaultKind = 'throttled' | 'throttled-bare' | 'denied' | 'unregistered' | 'server-error';

export interface Fault {
  readonly operation: FakeOperation;
  readonly kind: FaultKind;
  /** Only calls whose path contains this. */
  readonly pathIncludes?: string;
  /** How many matching calls fail (default: all). */
  times?: number;
}

export interface LoggedCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  /** The OAuth grant type of token requests. */
  readonly grantType?: string;
}

const TOKEN = 'fake-azure-access-token';
/** `/subscriptions/s` or `/subscriptions/s/resourceGroups/g`, then `/providers/<namespace>/<type>`. */
const PROVIDER_LIST = /^(\/subscriptions\/[^/]+(?:\/resourceGroups\/[^/]+)?)\/providers\/([^/]+\/[^/]+)$/i;
const RESOURCES = /^\/subscriptions\/([^/]+)\/resources$/i;

export class FakeAzure {
  readonly log: LoggedCall[] = [];
  readonly faults: Fault[] = [];
  /** Items per page of every list (small, so that listings span pages). */
  pageSize = 2;
  /** The origin nextLinks point at (default: the fake itself); a test sets a foreign one to prove it is refused. */
  nextLinkOrigin: string | undefined;
  /** Lists hand back, from their second page on, the nextLink they were called with (a paging loop). */
  loopPages = false;
  /** Latency added to every ARM reply, and the most ARM requests the fake has had in flight at once. */
  latencyMs = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private server: Server | undefined;
  private readonly byId = new Map<string, FakeResource>();
  /** Lower-cased parent id → its direct children, in the order the tenant gives them. */
  private readonly children = new Map<string, FakeResource[]>();

  constructor(
    readonly tenant: FakeTenant,
    private readonly certificate: TestCertificate,
  ) {
    for (const list of Object.values(tenant.subscriptions))
      for (const r of list) this.byId.set(r.id.toLowerCase(), r);
    for (const [id, r] of this.byId) {
      const parent = id.split('/').slice(0, -1).join('/');
      this.children.set(parent, [...(this.children.get(parent) ?? []), r]);
    }
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error('the fake Azure is not started');
    return `https://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer({ key: this.certificate.key, cert: this.certificate.cert }, (req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server?.close(() => {
        resolve();
      }),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const body = await readBody(req);
    // A request path of `//subscriptions/...` would parse as a host name.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), this.url);
    const query = Object.fromEntries(url.searchParams.entries());
    const arm = url.pathname.startsWith('/subscriptions/');
    if (arm) this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    const reply = this.route(req, url, body);
    const grantType = new URLSearchParams(body).get('grant_type') ?? undefined;
    this.log.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      status: reply.status,
      ...(url.pathname.endsWith('/oauth2/v2.0/token') && grantType !== undefined ? { grantType } : {}),
    });
    const text = JSON.stringify(reply.body);
    if (arm) {
      await untilReplyTime(arrivedAt, this.latencyMs);
      this.inFlight--;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  }

  private route(req: IncomingMessage, url: URL, body: string): Reply {
    const { tenantId } = this.tenant;
    const path = url.pathname;
    if (req.method === 'GET' && path === `/${tenantId}/v2.0/.well-known/openid-configuration`)
      return ok(this.openIdConfiguration());
    if (req.method === 'POST' && path === `/${tenantId}/oauth2/v2.0/token`) return this.token(body);
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return armError(401, 'InvalidAuthenticationToken', 'The access token is missing or invalid.');
    if (req.method !== 'GET') return armError(405, 'MethodNotAllowed', 'The fake ARM is read-only.');
    return this.arm(url);
  }

  /** A read of one resource by id, or a list: of a subscription's resources, by type, or of a resource's children. */
  private arm(url: URL): Reply {
    // getById sends `//subscriptions/...`.
    const path = url.pathname.replace(/^\/+/, '/').replace(/\/+$/, '');
    const segments = path.split('/');
    const one = this.byId.get(path.toLowerCase());
    if (one !== undefined) return this.fault(`${segments.at(-2) ?? ''}.get`, path) ?? ok(withId(one));
    const fault = this.fault(`${segments.at(-1) ?? ''}.list`, path);
    if (fault !== undefined) return fault;
    if (path.toLowerCase() === '/subscriptions') return this.page(url, this.subscriptionList());
    const resources = RESOURCES.exec(path);
    if (resources !== null) {
      const types = [...(url.searchParams.get('$filter') ?? '').matchAll(/resourceType eq '([^']+)'/gi)].map(
        (m) => (m[1] ?? '').toLowerCase(),
      );
      const top = this.under(`/subscriptions/${resources[1] ?? ''}`).filter((r) => topLevel(r.id));
      return this.page(
        url,
        top.filter((r) => types.length === 0 || types.includes(typeOf(r.id))).map(withId),
      );
    }
    const byType = PROVIDER_LIST.exec(path);
    if (byType !== null) {
      const [, scope = '', type = ''] = byType;
      // Role assignments list at and below the scope; other types list the scope's own resources.
      const below = type.toLowerCase() === 'microsoft.authorization/roleassignments';
      return this.page(
        url,
        this.under(scope)
          .filter((r) => typeOf(r.id) === type.toLowerCase() && (below || topLevel(r.id)))
          .map(withId),
      );
    }
    const parent = segments.slice(0, -1).join('/').toLowerCase();
    const children = this.children.get(path.toLowerCase()) ?? [];
    if (
      children.length > 0 ||
      this.byId.has(parent) ||
      /^\/subscriptions\/[^/]+$/i.test(parent) ||
      this.extends(path)
    )
      return this.page(url, children.map(withId));
    return armError(404, 'ResourceNotFound', `no resource or collection at ${path}`);
  }

  /**
   * An extension resource collection (`{id}/providers/Microsoft.Insights/diagnosticSettings`) of an existing
   * resource or of a sub-resource of one (`{storage}/blobServices/default`): empty, not missing, when it has none.
   */
  private extends(path: string): boolean {
    const m = /^(.*)\/providers\/[^/]+\/[^/]+$/i.exec(path);
    const segments = (m?.[1] ?? '').split('/');
    for (let n = segments.length; n > 0; n--)
      if (this.byId.has(segments.slice(0, n).join('/').toLowerCase())) return true;
    return false;
  }

  private subscriptionList(): Json[] {
    return Object.keys(this.tenant.subscriptions)
      .sort()
      .map((id) => ({
        id: `/subscriptions/${id}`,
        subscriptionId: id,
        tenantId: this.tenant.tenantId,
        displayName: `subscription ${id.slice(0, 8)}`,
        state: this.tenant.states?.[id] ?? 'Enabled',
      }));
  }

  /** The resources whose id starts with `prefix/`, in the order the tenant gives them. */
  private under(prefix: string): FakeResource[] {
    const p = `${prefix.toLowerCase()}/`;
    return [...this.byId].filter(([id]) => id.startsWith(p)).map(([, r]) => r);
  }

  private openIdConfiguration(): Json {
    const base = `${this.url}/${this.tenant.tenantId}`;
    return {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'token'],
    };
  }

  private token(body: string): Reply {
    const form = new URLSearchParams(body);
    const { clientId, clientSecret } = this.tenant;
    if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return oauthError(401, 'invalid_client');
    if (form.get('scope')?.split(' ').includes('https://management.azure.com/.default') !== true)
      return oauthError(400, 'invalid_scope');
    return ok({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: TOKEN });
  }

  private fault(operation: FakeOperation, path: string): Reply | undefined {
    const f = this.faults.find(
      (x) =>
        x.operation === operation &&
        (x.pathIncludes === undefined || path.includes(x.pathIncludes)) &&
        (x.times === undefined || x.times > 0),
    );
    if (f === undefined) return undefined;
    if (f.times !== undefined) f.times--;
    if (f.kind === 'throttled')
      return {
        ...armError(429, 'TooManyRequests', 'Too many requests.'),
        headers: { 'retry-after-ms': '20' },
      };
    if (f.kind === 'throttled-bare') return armError(429, 'TooManyRequests', 'Too many requests.');
    if (f.kind === 'denied')
      return armError(
        403,
        'AuthorizationFailed',
        `The client does not have authorization to perform action over scope '${path}'.`,
      );
    if (f.kind === 'unregistered') {
      const namespace = /\/providers\/([^/]+)/i.exec(path)?.[1] ?? '';
      return armError(
        409,
        'MissingSubscriptionRegistration',
        `The subscription is not registered to use namespace '${namespace}'.`,
      );
    }
    return armError(500, 'InternalServerError', 'Something went wrong.');
  }

  /** One page of `items`; `$skipToken` is the offset, and `nextLink` points at this fake. */
  private page(url: URL, items: readonly Json[]): Reply {
    const from = Number(url.searchParams.get('$skipToken') ?? '0');
    const value = items.slice(from, from + this.pageSize);
    const rest = from + this.pageSize < items.length;
    if (!rest) return ok({ value });
    const next = new URL(url.pathname, this.nextLinkOrigin ?? this.url);
    next.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
    next.searchParams.set('$skipToken', String(this.loopPages && from > 0 ? from : from + this.pageSize));
    return ok({ value, nextLink: next.toString() });
  }
}

interface Reply {
  readonly status: number;
  readonly body: Json;
  readonly headers?: Readonly<Record<string, string>>;
}

function ok(body: Json): Reply {
  return { status: 200, body };
}

function armError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

function oauthError(status: number, error: string): Reply {
  return { status, body: { error, error_description: error } };
}

function withId(r: FakeResource): Json {
  return { id: r.id, ...r.body };
}

/** `namespace/type` of the last provider segment of an id, lower-cased. */
function typeOf(id: string): string {
  const parts = id.toLowerCase().split('/');
  const at = parts.lastIndexOf('providers');
  return at < 0 ? '' : parts.slice(at + 1, -1).join('/');
}

/** A resource of a resource group or subscription itself: `.../providers/<ns>/<type>/<name>` and nothing more. */
function topLevel(id: string): boolean {
  const parts = id.split('/');
  const at = parts.lastIndexOf('providers');
  return at > 0 && parts.indexOf('providers') === at && parts.length === at + 4;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

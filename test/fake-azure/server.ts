import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './cert.js';

/**
 * A fake Entra ID token endpoint and a fake ARM (Cognitive Services accounts and deployments) on 127.0.0.1 over
 * HTTPS. Every call is logged; ARM calls must carry the bearer token the token endpoint handed out; list replies
 * are paged with `nextLink`s that point back at the fake; faults are injected per operation.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface FakeCognitiveAccount {
  readonly resourceGroup: string;
  /** The ARM body of the account without `id` (the fake adds it). */
  readonly body: { readonly name: string } & Record<string, Json>;
  readonly deployments: readonly ({ readonly name: string } & Record<string, Json>)[];
}

export interface FakeTenant {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly subscriptions: Readonly<Record<string, readonly FakeCognitiveAccount[]>>;
}

export type FakeOperation = 'accounts.list' | 'deployments.list';
/** `throttled-bare`: a 429 without any Retry-After header, which the SDK alone does not retry. */
export type FaultKind = 'throttled' | 'throttled-bare' | 'denied' | 'server-error';

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
const ACCOUNTS = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts$/i;
const DEPLOYMENTS =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)\/deployments$/i;

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

  constructor(
    readonly tenant: FakeTenant,
    private readonly certificate: TestCertificate,
  ) {}

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
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams.entries());
    const arm = url.pathname.startsWith('/subscriptions/');
    if (arm) this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    if (arm && this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (arm) this.inFlight--;
    const reply = this.route(req, url, body);
    const grantType = new URLSearchParams(body).get('grant_type') ?? undefined;
    this.log.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      status: reply.status,
      ...(url.pathname.endsWith('/oauth2/v2.0/token') && grantType !== undefined ? { grantType } : {}),
    });
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
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
    const accounts = ACCOUNTS.exec(path);
    if (accounts !== null) {
      const fault = this.fault('accounts.list', path);
      if (fault !== undefined) return fault;
      const items = (this.tenant.subscriptions[accounts[1] ?? ''] ?? []).map((a) =>
        accountBody(accounts[1] ?? '', a),
      );
      return this.page(url, items);
    }
    const deployments = DEPLOYMENTS.exec(path);
    if (deployments !== null) {
      const fault = this.fault('deployments.list', path);
      if (fault !== undefined) return fault;
      const [, sub = '', group = '', name = ''] = deployments;
      const account = (this.tenant.subscriptions[sub] ?? []).find(
        (a) => a.resourceGroup.toLowerCase() === group.toLowerCase() && a.body.name === name,
      );
      if (account === undefined) return armError(404, 'ResourceNotFound', `account ${name} not found`);
      const base = `${accountId(sub, account)}/deployments`;
      return this.page(
        url,
        account.deployments.map((d) => ({ id: `${base}/${d.name}`, ...d })),
      );
    }
    return armError(404, 'NotFound', `no route for ${path}`);
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

export function accountId(subscription: string, a: FakeCognitiveAccount): string {
  return `/subscriptions/${subscription}/resourceGroups/${a.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${a.body.name}`;
}

function accountBody(subscription: string, a: FakeCognitiveAccount): Json {
  return { id: accountId(subscription, a), ...a.body };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

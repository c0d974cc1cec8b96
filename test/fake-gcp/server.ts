import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { untilReplyTime } from '../helpers/latency.js';
import { routeFolders, routeProjects, routeSearchProjects, SEARCH_PROJECTS } from './projects.js';
import {
  APIGATEWAY_PATH,
  routeApiGateway,
  type ApiGatewayCollection,
  type FakeApiGateway,
} from './apigateway.js';
import { IAM_RPC, isIamPath, routeIam, type FakeIam, type IamCollection } from './iam.js';
import { ACM_PATH, routeAcm, type AcmCollection, type FakeAcm } from './acm.js';
import { routeCompute, type ComputeCollection, type FakeCompute } from './compute.js';
import { KMS_PATH, routeKms, type FakeKms, type KmsCollection } from './kms.js';
import { BINAUTHZ_PATH, routeBinauthz, type BinauthzCollection } from './binauthz.js';
import { IDENTITY_PATH, routeIdentity, type IdentityCollection } from './identity.js';
import { LOGGING_PATH, routeLogging, type FakeLogging, type LoggingCollection } from './logging.js';
import { routeStorage, type FakeStorage, type StorageCollection } from './storage.js';
import { routeRun, RUN_PATH, type FakeRun, type RunCollection } from './run.js';
import { APIKEYS_PATH, routeApiKeys, type ApiKeysCollection, type FakeApiKeys } from './apikeys.js';
import {
  MONITORING_PATH,
  routeMonitoring,
  type FakeMonitoring,
  type MonitoringCollection,
} from './monitoring.js';

/**
 * A fake Vertex AI (v1) and Notebooks (v2, Workbench instances) REST API on 127.0.0.1 over plain HTTP, as the
 * google-gax REST fallback speaks it. Every call is logged; calls must carry the fixed bearer token; lists are
 * paged with `pageToken` / `nextPageToken`; faults are injected per operation with the JSON error bodies Google
 * APIs send (google.rpc.Status, with a google.rpc.ErrorInfo detail for a disabled API).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Item = { readonly name: string } & Record<string, Json>;

/** The collections the fake serves, by the final segment of their list path. */
export const COLLECTIONS = [
  'endpoints',
  'models',
  'datasets',
  'customJobs',
  'pipelineJobs',
  'indexEndpoints',
  'featureOnlineStores',
  'persistentResources',
  'notebookRuntimes',
  'instances',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

/**
 * What one project holds: Vertex resources by location and collection (their `name` is the short id; the fake
 * makes it `projects/{p}/locations/{l}/{collection}/{id}`), Workbench instances by zone.
 */
export interface FakeProject {
  readonly vertex: Readonly<
    Record<string, Partial<Record<Exclude<Collection, 'instances'>, readonly Item[]>>>
  >;
  readonly workbench?: Readonly<Record<string, readonly Item[]>>;
  readonly compute?: FakeCompute;
  /** The project number GetProject gives (default 0). */
  readonly number?: string;
  readonly storage?: FakeStorage;
  readonly kms?: FakeKms;
  /** The lifecycle state SearchProjects gives (default ACTIVE; DELETE_REQUESTED for one being deleted). */
  readonly state?: string;
  readonly run?: FakeRun;
  readonly apigateway?: FakeApiGateway;
  readonly iam?: FakeIam;
  readonly logging?: FakeLogging;
  /** The folder or organization GetProject names as the parent (none by default). */
  readonly parent?: string;
  /** The Identity Platform config (its `name` is made by the fake); none: not set up. */
  readonly identityPlatform?: Readonly<Record<string, Json>>;
  readonly apikeys?: FakeApiKeys;
  /** The publisher model invocations Cloud Monitoring reports. */
  readonly monitoring?: FakeMonitoring;
  /** The project's Binary Authorization policy (its `name` is made by the fake); none: the default, allow all. */
  readonly binauthzPolicy?: Readonly<Record<string, Json>>;
}

export type FaultKind = 'denied' | 'disabled' | 'exhausted' | 'unavailable';

export interface Fault {
  readonly collection:
    | Collection
    | ComputeCollection
    | 'projects'
    | StorageCollection
    | KmsCollection
    | RunCollection
    | ApiGatewayCollection
    | IamCollection
    | LoggingCollection
    | IdentityCollection
    | AcmCollection
    | ApiKeysCollection
    | MonitoringCollection
    | BinauthzCollection
    | 'folders';
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
  /** The request body, when there was one (the getIamPolicy POSTs). */
  readonly body?: string;
}

/** A call that only reads: a GET, or a POST of a getIamPolicy RPC (IAM, Resource Manager, Vertex AI v1beta1). */
export function readOnly(c: Pick<LoggedCall, 'method' | 'path'>): boolean {
  return c.method === 'GET' || (c.method === 'POST' && IAM_RPC.test(c.path));
}

/** A call answered as in a healthy project: 200, or the 404 of an Identity Platform that was never set up. */
export function answered(c: LoggedCall): boolean {
  return c.status === 200 || (c.status === 404 && IDENTITY_PATH.test(c.path));
}

export const FAKE_TOKEN = 'fake-gcp-access-token';
/** The subject token of the external-account credential the CLI test signs in with, and where it is exchanged. */
export const SUBJECT_TOKEN = 'fake-gcp-subject-token';
export const STS_PATH = '/v1/token';
const VERTEX = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/([A-Za-z]+)$/;
const WORKBENCH = /^\/v2\/projects\/([^/]+)\/locations\/([^/]+)\/instances$/;

export class FakeGcp {
  readonly log: LoggedCall[] = [];
  readonly faults: Fault[] = [];
  /** Items per page of every list (small, so that listings span pages). */
  pageSize = 2;
  /** Lists hand back, from their second page on, the token they were called with (a paging loop). */
  loopPages = false;
  /** Latency added to every API reply, and the most API requests the fake has had in flight at once. */
  latencyMs = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private server: Server | undefined;
  /** Folders (id → parent), and the organizations' access policies and perimeters. */
  folders: Record<string, string> = {};
  acm: FakeAcm = { policies: {}, perimeters: {} };

  constructor(readonly projects: Readonly<Record<string, FakeProject>>) {}

  get port(): number {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error('the fake GCP is not started');
    return address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${String(this.port)}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    // Clients are built for seconds between calls: a kept-alive socket the server closed meanwhile is ECONNRESET.
    this.server.keepAliveTimeout = 60_000;
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

  /** Calls to the APIs (token requests aside), as `METHOD path?pageToken`. */
  apiCalls(): string[] {
    return this.log
      .filter((c) => /^\/(?:v1|v1beta1|v2|v3|compute|storage|admin)\//.test(c.path))
      .map((c) => {
        const token = c.query['pageToken'];
        return `${c.method} ${c.path}${token === undefined || token === '' ? '' : `?${token}`}`;
      });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = url.pathname !== STS_PATH;
    if (api) this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply =
      req.method === 'POST' && url.pathname === STS_PATH ? this.exchange(body) : this.route(req, url, body);
    this.log.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      status: reply.status,
      ...(api && body !== '' ? { body } : {}),
    });
    const text = JSON.stringify(reply.body);
    if (api) {
      await untilReplyTime(arrivedAt, this.latencyMs);
      this.inFlight--;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(text);
  }

  /**
   * The STS token exchange an `external_account` credential (Application Default Credentials from a
   * GOOGLE_APPLICATION_CREDENTIALS file) makes: the subject token is traded for the fixed access token.
   */
  private exchange(body: string): Reply {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.get('subject_token') !== SUBJECT_TOKEN) return { status: 401, body: { error: 'invalid_grant' } };
    return ok({
      access_token: FAKE_TOKEN,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
    });
  }

  private route(req: IncomingMessage, url: URL, body: string): Reply {
    if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`)
      return rpcError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const path = url.pathname;
    // The only POSTs taken are the read-only getIamPolicy RPCs.
    if (req.method !== 'GET' && !(req.method === 'POST' && IAM_RPC.test(path)))
      return rpcError(405, 'UNIMPLEMENTED', 'The fake is read-only.');
    if (isIamPath(path)) return routeIam(this, url, req.method ?? '', body);
    const compute = routeCompute(
      path,
      (p) => this.projects[p]?.compute,
      (c, p) => this.fault(c, path, p, 'compute.googleapis.com'),
      (f, items) => this.page(url, f, items),
    );
    if (compute !== undefined) return compute;
    const rm = routeProjects(
      path,
      (p) => (p in this.projects ? (this.projects[p]?.number ?? '0') : undefined),
      (p) => this.fault('projects', path, p, 'cloudresourcemanager.googleapis.com'),
      (p) => this.projects[p]?.parent,
    );
    if (rm !== undefined) return rm;
    if (SEARCH_PROJECTS.test(path)) return routeSearchProjects(this, url);
    const folder = routeFolders(path, this.folders, (f) =>
      this.fault('folders', path, `folders/${f}`, 'cloudresourcemanager.googleapis.com'),
    );
    if (folder !== undefined) return folder;
    if (ACM_PATH.test(path)) return routeAcm(this, url);
    if (path.startsWith('/storage/v1/')) return routeStorage(this, url);
    if (KMS_PATH.test(path)) return routeKms(this, url);
    if (RUN_PATH.test(path)) return routeRun(this, url);
    if (APIGATEWAY_PATH.test(path)) return routeApiGateway(this, url);
    if (LOGGING_PATH.test(path)) return routeLogging(this, url);
    if (IDENTITY_PATH.test(path)) return routeIdentity(this, url);
    if (APIKEYS_PATH.test(path)) return routeApiKeys(this, url);
    if (MONITORING_PATH.test(path)) return routeMonitoring(this, url);
    if (BINAUTHZ_PATH.test(path)) return routeBinauthz(this, url);
    const workbench = WORKBENCH.exec(path);
    if (workbench !== null) {
      const [, project = '', location = ''] = workbench;
      const fault = this.fault('instances', path, project, 'notebooks.googleapis.com');
      if (fault !== undefined) return fault;
      const zones = this.projects[project]?.workbench ?? {};
      const items = Object.entries(zones)
        .filter(([zone]) => location === '-' || zone === location)
        .flatMap(([zone, list]) =>
          list.map((i) => named(i, `projects/${project}/locations/${zone}/instances`)),
        );
      return this.page(url, 'instances', items);
    }
    const vertex = VERTEX.exec(path);
    const collection = vertex?.[3] as Collection | undefined;
    if (
      vertex === null ||
      collection === undefined ||
      collection === 'instances' ||
      !COLLECTIONS.includes(collection)
    )
      return rpcError(404, 'NOT_FOUND', `no route for ${path}`);
    const [, project = '', location = ''] = vertex;
    const fault = this.fault(collection, path, project, 'aiplatform.googleapis.com');
    if (fault !== undefined) return fault;
    const items = (this.projects[project]?.vertex[location]?.[collection] ?? []).map((i) =>
      named(i, `projects/${project}/locations/${location}/${collection}`),
    );
    return this.page(url, collection, items);
  }

  fault(collection: Fault['collection'], path: string, project: string, service: string): Reply | undefined {
    const f = this.faults.find(
      (x) =>
        x.collection === collection &&
        (x.pathIncludes === undefined || path.includes(x.pathIncludes)) &&
        (x.times === undefined || x.times > 0),
    );
    if (f === undefined) return undefined;
    if (f.times !== undefined) f.times--;
    if (f.kind === 'denied')
      return rpcError(403, 'PERMISSION_DENIED', `Permission denied on resource project ${project}.`, [
        errorInfo('IAM_PERMISSION_DENIED', 'iam.googleapis.com', {}),
      ]);
    if (f.kind === 'disabled')
      return rpcError(
        403,
        'PERMISSION_DENIED',
        `${service} has not been used in project ${project} before or it is disabled.`,
        [errorInfo('SERVICE_DISABLED', 'googleapis.com', { service, consumer: `projects/${project}` })],
      );
    if (f.kind === 'exhausted') return rpcError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.');
    return rpcError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
  }

  /** One page of `items`: the page token is the offset. */
  page(url: URL, field: string, items: readonly Json[]): Reply {
    const token = url.searchParams.get('pageToken') ?? '';
    const from = token === '' ? 0 : Number(token);
    const value = items.slice(from, from + this.pageSize);
    if (from + this.pageSize >= items.length) return ok({ [field]: value });
    const next = this.loopPages && from > 0 ? from : from + this.pageSize;
    return ok({ [field]: value, nextPageToken: String(next) });
  }
}

export interface Reply {
  readonly status: number;
  readonly body: Json;
}

function ok(body: Json): Reply {
  return { status: 200, body };
}

function named(item: Item, parent: string): Json {
  return { ...item, name: `${parent}/${item.name}` };
}

function errorInfo(reason: string, domain: string, metadata: Record<string, string>): Json {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain, metadata };
}

/** A Google API error body: `{error: {code, message, status, details}}`. */
export function rpcError(status: number, code: string, message: string, details: Json[] = []): Reply {
  return { status, body: { error: { code: status, message, status: code, details } } };
}

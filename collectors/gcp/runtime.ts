import type { AuthClient } from 'google-auth-library';
import { InputError, type CoverageNote } from '../../src/model/index.js';
import { Limiter } from '../live/limit.js';
import { failureOf, RETRY_CODES } from './errors.js';
import type { ComputeFirewall, ComputeNetwork, ComputeSubnetwork } from './compute.js';
import { gaxInstance } from './gax.js';
import type { GcpScanOptions } from './options.js';
import { Agents } from './transport.js';

/**
 * What the service modules share: the credential, one client per service and location, the retry settings,
 * the concurrency bound, and the classification of failed calls into coverage notes. Service modules call
 * `list()` and never see an SDK error.
 */

type Vertex = (typeof import('@google-cloud/aiplatform'))['v1'];
type Workbench = (typeof import('@google-cloud/notebooks'))['v2']['NotebookServiceClient'];
/**
 * What the collector calls on the Compute Engine clients. The package's own types (a protos.d.ts of 575,000
 * lines) are not loaded: type-checking and linting the project would need gigabytes more.
 */
interface Compute {
  readonly NetworksClient: ComputeClientOf<{
    list(request: { project: string; pageToken?: string }, options?: object): Promise<Page<ComputeNetwork>>;
  }>;
  readonly FirewallsClient: ComputeClientOf<{
    list(request: { project: string; pageToken?: string }, options?: object): Promise<Page<ComputeFirewall>>;
  }>;
  readonly SubnetworksClient: ComputeClientOf<{
    aggregatedListAsync(
      request: { project: string },
      options?: object,
    ): AsyncIterable<[string, { readonly subnetworks?: ComputeSubnetwork[] | null }]>;
  }>;
}
const COMPUTE_PACKAGE: string = '@google-cloud/compute';
type ComputeClientOf<M> = new (o: object) => M & { initialize(): Promise<unknown>; close(): Promise<void> };
type Projects = (typeof import('@google-cloud/resource-manager'))['v3']['ProjectsClient'];
export type ComputeClient = 'NetworksClient' | 'SubnetworksClient' | 'FirewallsClient';
type Kms = (typeof import('@google-cloud/kms'))['v1']['KeyManagementServiceClient'];
export type VertexClient = Exclude<
  {
    [K in keyof Vertex]: Vertex[K] extends abstract new (...args: never[]) => unknown ? K : never;
  }[keyof Vertex],
  undefined
>;

export interface Listing<T> {
  readonly items: T[];
  /** Set when a page failed: the items are those read before. */
  readonly incomplete?: { readonly code: string; readonly message: string };
}

/** Where a call reads: a project and a location (a Vertex region, or `-` for every zone). */
export interface Scope {
  readonly project: string;
  readonly location: string;
}

export interface Api {
  /** The Google API (aiplatform.googleapis.com). */
  readonly service: string;
  /** The RPC (EndpointService.ListEndpoints). */
  readonly operation: string;
}

/** The calls every list makes: no automatic paging, and retries of throttling and unavailability. */
export interface ListOptions {
  readonly autoPaginate: false;
  readonly maxRetries: number;
  readonly retry: {
    readonly retryCodes: number[];
    readonly backoffSettings: {
      readonly initialRetryDelayMillis: number;
      readonly retryDelayMultiplier: number;
      readonly maxRetryDelayMillis: number;
    };
  };
}

type Page<T> = readonly [T[], unknown, { readonly nextPageToken?: string | null } | undefined];

/** What GetProject tells of a scanned project: its number and its parent (`folders/…` or `organizations/…`). */
export interface ProjectInfo {
  readonly number?: string;
  readonly parent?: string;
}
const GET_PROJECT = {
  service: 'cloudresourcemanager.googleapis.com',
  operation: 'Projects.GetProject',
} as const;
const PROJECT_NAME = /^projects\/(\d{1,20})$/;
const PARENT = /^(?:folders|organizations)\/\d{1,30}$/;

const DEFAULT_RETRIES = 3;
/**
 * The OAuth scope of the token: read-only wherever the API accepts it. Cloud Monitoring does not take the
 * read-only cloud-platform scope but has its own read-only one (monitoring.read), so its calls ask for that. IAM,
 * Access Context Manager, Identity Toolkit and API Gateway list only the full cloud-platform scope, so their
 * calls ask for it; what the scan may do is still bounded by the viewer roles granted
 * (docs/gcp-permissions.md), and the fakes' logs prove it only reads.
 */
export type TokenScope = 'read-only' | 'monitoring-read' | 'full';
const SCOPES: Readonly<Record<TokenScope, string>> = {
  'read-only': 'https://www.googleapis.com/auth/cloud-platform.read-only',
  'monitoring-read': 'https://www.googleapis.com/auth/monitoring.read',
  full: 'https://www.googleapis.com/auth/cloud-platform',
};
const NO_CREDENTIALS = 'run gcloud auth application-default login or set GOOGLE_APPLICATION_CREDENTIALS';

export class GcpRuntime {
  readonly notes: CoverageNote[] = [];
  readonly calls = { made: 0 };
  /** The keep-alive connections of the plain JSON calls (rest.ts). */
  readonly agents = new Agents();
  private readonly limiter: Limiter;
  private readonly clients = new Map<string, Promise<unknown>>();
  private readonly auth = new Map<TokenScope, Promise<AuthClient>>();
  private readonly callOptions: ListOptions;
  private readonly projectsRead = new Map<string, Promise<ProjectInfo>>();

  constructor(readonly options: GcpScanOptions) {
    this.limiter = new Limiter(options.concurrency ?? 8);
    this.callOptions = {
      autoPaginate: false,
      // gax counts the first attempt among its `maxRetries`.
      maxRetries: (options.maxRetries ?? DEFAULT_RETRIES) + 1,
      // Vertex's client config makes every List* non-idempotent, so without this nothing would be retried.
      retry: {
        retryCodes: RETRY_CODES,
        backoffSettings: {
          initialRetryDelayMillis: options.retryDelayMs ?? 1000,
          retryDelayMultiplier: 2,
          maxRetryDelayMillis: 32_000,
        },
      },
    };
  }

  /** The Vertex AI client of `service` in a region, made and initialized once. */
  vertex<K extends VertexClient>(service: K, location: string): Promise<InstanceType<Vertex[K]>> {
    return this.client(`vertex ${service} ${location}`, `${location}-aiplatform.googleapis.com`, async () => {
      const { v1 } = await import('@google-cloud/aiplatform');
      return v1[service] as unknown as new (o: object, gax?: object) => InstanceType<Vertex[K]>;
    });
  }

  /** The Notebooks v2 (Workbench instances) client, made and initialized once. */
  workbench(): Promise<InstanceType<Workbench>> {
    return this.client('workbench', 'notebooks.googleapis.com', async () => {
      const { v2 } = await import('@google-cloud/notebooks');
      return v2.NotebookServiceClient as new (o: object, gax?: object) => InstanceType<Workbench>;
    });
  }

  /** A Compute Engine v1 client (REST), made and initialized once. */
  compute<K extends ComputeClient>(service: K): Promise<InstanceType<Compute[K]>> {
    return this.client(`compute ${service}`, 'compute.googleapis.com', async () => {
      // Through a variable, so that TypeScript does not load the package's types either (see Compute above).
      const compute = (await import(COMPUTE_PACKAGE)) as Compute;
      return compute[service] as new (o: object) => InstanceType<Compute[K]>;
    });
  }

  /** The Resource Manager v3 projects client, made and initialized once. */
  projects(): Promise<InstanceType<Projects>> {
    return this.client('projects', 'cloudresourcemanager.googleapis.com', async () => {
      const { v3 } = await import('@google-cloud/resource-manager');
      return v3.ProjectsClient as new (o: object) => InstanceType<Projects>;
    });
  }

  /**
   * GetProject of a scanned project, made once per scan whichever modules ask (the number names Vertex's
   * networks, the parent leads to the organization). A failed call gives `{}` and its one note.
   */
  project(project: string): Promise<ProjectInfo> {
    let got = this.projectsRead.get(project);
    if (got === undefined) {
      got = (async () => {
        const client = await this.projects();
        const read = await this.list({ project, location: '-' }, GET_PROJECT, async (_token, o) => {
          const [p] = await client.getProject({ name: `projects/${project}` }, o);
          return [[p], null, undefined];
        });
        const p = read.items[0];
        const number = PROJECT_NAME.exec(p?.name ?? '')?.[1];
        const parent = typeof p?.parent === 'string' && PARENT.test(p.parent) ? p.parent : undefined;
        return { ...(number === undefined ? {} : { number }), ...(parent === undefined ? {} : { parent }) };
      })();
      this.projectsRead.set(project, got);
    }
    return got;
  }

  /** The Cloud KMS client, made and initialized once. */
  kms(): Promise<InstanceType<Kms>> {
    return this.client('kms', 'cloudkms.googleapis.com', async () => {
      const { v1 } = await import('@google-cloud/kms');
      return v1.KeyManagementServiceClient as new (o: object) => InstanceType<Kms>;
    });
  }

  /** The credential and base URL of a JSON API read with plain requests (Cloud Storage). */
  async rest(
    host: string,
    scope: TokenScope = 'read-only',
  ): Promise<{ readonly auth: AuthClient; readonly base: string }> {
    const e = this.endpoint(host);
    return { auth: await this.authClient(scope), base: `${e.protocol}://${e.apiEndpoint}:${String(e.port)}` };
  }

  private client<C extends { initialize(): Promise<unknown> }>(
    key: string,
    host: string,
    load: () => Promise<new (o: object, gax?: object) => C>,
  ): Promise<C> {
    let made = this.clients.get(key) as Promise<C> | undefined;
    if (made === undefined) {
      made = (async () => {
        const [Client, authClient, gax] = await Promise.all([load(), this.authClient(), gaxInstance()]);
        const client = new Client({ authClient, fallback: true, ...this.endpoint(host) }, gax);
        try {
          await client.initialize();
        } catch (error) {
          throw credentialError(error);
        }
        return client;
      })();
      this.clients.set(key, made);
    }
    return made;
  }

  /** Closes every client made and the plain calls' agents (their keep-alive connections). */
  async close(): Promise<void> {
    this.agents.destroy();
    const made = await Promise.allSettled(this.clients.values());
    await Promise.allSettled(
      made.map((m) =>
        m.status === 'fulfilled' ? (m.value as { close(): Promise<void> }).close() : Promise.resolve(),
      ),
    );
  }

  /** The REST endpoint of an API: the real host over https, or the one override (the tests' fake). */
  private endpoint(host: string): { apiEndpoint: string; port: number; protocol: string } {
    const override = this.options.apiEndpoint;
    if (override === undefined) return { apiEndpoint: host, port: 443, protocol: 'https' };
    const url = new URL(override);
    const protocol = url.protocol.replace(/:$/, '');
    return {
      apiEndpoint: url.hostname,
      port: url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port),
      protocol,
    };
  }

  private authClient(scope: TokenScope = 'read-only'): Promise<AuthClient> {
    const given = this.options.authClient;
    if (given !== undefined) return Promise.resolve(given);
    let made = this.auth.get(scope);
    if (made === undefined) {
      made = (async () => {
        const { GoogleAuth } = await import('google-auth-library');
        try {
          return await new GoogleAuth({ scopes: [SCOPES[scope]] }).getClient();
        } catch (error) {
          throw credentialError(error);
        }
      })();
      this.auth.set(scope, made);
    }
    return made;
  }

  /**
   * Every item of a list call, page by page under the concurrency bound; a failed page ends the listing with a
   * coverage note (denied for PERMISSION_DENIED, skipped for a disabled API or a failure that outlived retries).
   */
  async list<T>(
    scope: Scope,
    api: Api,
    call: (pageToken: string, options: ListOptions) => Promise<Page<T>>,
    resource?: string,
  ): Promise<Listing<T>> {
    const items: T[] = [];
    const seen = new Set<string>();
    let token = '';
    for (let count = 1; ; count++) {
      let page: Page<T>;
      try {
        this.calls.made++;
        page = await this.limiter.run(() => call(token, this.callOptions));
      } catch (error) {
        if (error instanceof InputError) throw error;
        return this.failed(scope, api, error, resource, items);
      }
      items.push(...page[0]);
      const next = page[2]?.nextPageToken ?? '';
      if (next === '') return { items };
      if (seen.has(next)) {
        const message = `${api.operation} in project ${scope.project} (${where(scope)}) returned a page token it had returned before; the listing stopped after ${String(count)} pages`;
        this.note(scope, api, 'skipped', message, 'RepeatedPageToken', resource);
        return {
          items,
          incomplete: { code: 'RepeatedPageToken', message: 'the API returned a page token twice' },
        };
      }
      seen.add(next);
      token = next;
    }
  }

  private failed<T>(
    scope: Scope,
    api: Api,
    error: unknown,
    resource: string | undefined,
    items: T[],
  ): Listing<T> {
    const f = failureOf(error);
    const disabled = f.reason === 'SERVICE_DISABLED';
    const code = disabled ? 'SERVICE_DISABLED' : f.status;
    const retries =
      f.retried === true ? ` after ${String(this.options.maxRetries ?? DEFAULT_RETRIES)} retries` : '';
    const what = disabled
      ? `${api.operation} was skipped: ${api.service} is not enabled in project ${scope.project}`
      : `${api.operation} ${f.denied ? 'was denied' : 'failed'} in project ${scope.project} (${where(scope)}, ${code}${retries})`;
    this.note(
      scope,
      api,
      f.denied && !disabled ? 'denied' : 'skipped',
      `${what}${resource === undefined ? '' : ` for ${resource}`}; what it would have told is unknown`,
      code,
      resource,
    );
    return {
      items,
      incomplete: {
        code,
        message: `${api.operation} ${disabled ? 'skipped' : f.denied ? 'denied' : 'failed'} (${code})`,
      },
    };
  }

  private note(
    scope: Scope,
    api: Api,
    kind: 'denied' | 'skipped',
    message: string,
    errorCode: string,
    resource: string | undefined,
  ): void {
    this.notes.push({
      kind,
      message,
      input: inputOf(scope.project),
      ...(resource === undefined ? {} : { address: resource }),
      service: api.service,
      api: api.operation,
      ...(scope.location === '-' ? {} : { region: scope.location }),
      account: scope.project,
      errorCode,
    });
  }

  /** The time of the scan: the option's clock (the tests' fixed one), else the system's. */
  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  progress(message: string): void {
    this.options.onProgress?.(message);
  }
}

function where(scope: Scope): string {
  return scope.location === '-' ? 'all locations' : scope.location;
}

/** The input name of a project's inventory. */
export function inputOf(project: string): string {
  return `gcp://${project}`;
}

function credentialError(error: unknown): Error {
  if (error instanceof InputError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 160) : undefined;
  return new InputError(
    '--gcp',
    `cannot get Google credentials${message === undefined || message === '' ? '' : ` (${message})`}; ${NO_CREDENTIALS}`,
  );
}

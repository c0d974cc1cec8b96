import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { untilReplyTime } from '../helpers/latency.js';
import type { FakeAccount, FakeOrg } from './fixture.js';
import {
  errorReply,
  failureOf,
  Failure,
  unknownKeyCode,
  type Call,
  type FakeContext,
  type FakeService,
  type FaultKind,
  type LoggedCall,
  type Page,
  type Reply,
} from './protocol.js';
import { SERVICES, serviceOf } from './services/index.js';

export type { FaultKind, LoggedCall } from './protocol.js';

/**
 * A fake AWS on 127.0.0.1 that answers the wire protocols the real SDK v3 clients speak (protocol.ts; one module
 * per service in services/). One port serves every service: the service and region come from the credential
 * scope of the SigV4 Authorization header, the account from the access key id. Every call is logged; faults are
 * injected per call.
 */

export interface Fault {
  readonly service?: string;
  readonly operation: string;
  readonly region?: string;
  readonly account?: string;
  readonly kind: FaultKind;
  /** How many matching calls fail (default: all). */
  times?: number;
  /** For `slow`: how long the reply is held back. */
  readonly delayMs?: number;
  /** Only the first attempt of each distinct request fails (its retry succeeds). */
  readonly firstAttemptOnly?: boolean;
}

export class FakeAws {
  readonly log: LoggedCall[] = [];
  readonly faults: Fault[] = [];
  /** Items per page of every list (small, so that listings span pages). */
  pageSize = 2;
  /** How long the sessions AssumeRole hands out last, in seconds (default: until 2099). */
  sessionSeconds: number | undefined;
  /** Latency added to every reply, and the most requests the fake has had in flight at once. */
  latencyMs = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private server: Server | undefined;
  private readonly keys = new Map<string, string>();
  private sessions = 0;

  constructor(readonly org: FakeOrg) {
    for (const [id, a] of Object.entries(org.accounts))
      if (a.accessKeyId !== undefined) this.keys.set(a.accessKeyId, id);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error('the fake AWS is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
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
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      req.headers.authorization ?? '',
    );
    const url = new URL(req.url ?? '/', 'http://fake');
    const name = serviceOf(scope?.[3] ?? 'unknown', url.pathname);
    const service = SERVICES[name];
    const type = req.headers['content-type'] ?? '';
    const params = new URLSearchParams(type.includes('x-www-form-urlencoded') ? body : '');
    const method = req.method ?? 'GET';
    const operation = service?.operation?.({ method, url, headers: req.headers, params }) ?? 'Unknown';
    const logged: LoggedCall = {
      service: name,
      operation,
      region: scope?.[2] ?? 'unknown',
      account: this.keys.get(scope?.[1] ?? '') ?? 'unknown',
      // JSON and query services say what they want in the body, REST services in the path and query.
      request: service?.protocol.startsWith('rest') === true ? `${url.pathname}${url.search}` : body,
    };
    this.log.push(logged);
    let reply: Reply;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      if (service === undefined) throw new Failure(400, 'UnknownService');
      const json = type.includes('json') && body !== '' ? (JSON.parse(body) as Record<string, unknown>) : {};
      const fault = this.faultFor(logged);
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
      if (fault !== undefined && fault.kind !== 'slow' && fault.kind !== 'loop')
        throw failureOf(service, fault.kind);
      const call: Call = {
        ...logged,
        method,
        params,
        json,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        loop: fault?.kind === 'loop',
      };
      reply = service.answer(this.context(service), call);
    } catch (error) {
      const f = error instanceof Failure ? error : new Failure(500, 'InternalError');
      reply = errorReply(service ?? UNKNOWN, name, operation, f);
    }
    await untilReplyTime(arrivedAt, this.latencyMs);
    this.inFlight--;
    if (res.destroyed) return;
    res.writeHead(reply.status, {
      'content-type': reply.type ?? 'text/xml',
      'x-amzn-requestid': 'fake-request',
      ...(reply.errorType === undefined ? {} : { 'x-amzn-errortype': reply.errorType }),
    });
    res.end(reply.body);
  }

  private readonly attempted = new Set<string>();

  private faultFor(call: LoggedCall): Fault | undefined {
    const key = `${call.account} ${call.region} ${call.service} ${call.operation} ${call.request}`;
    const retry = this.attempted.has(key);
    this.attempted.add(key);
    const f = this.faults.find(
      (x) =>
        x.operation === call.operation &&
        (x.service ?? call.service) === call.service &&
        (x.region ?? call.region) === call.region &&
        (x.account ?? call.account) === call.account &&
        (x.times ?? 1) > 0 &&
        !(x.firstAttemptOnly === true && retry),
    );
    if (f !== undefined && f.times !== undefined) f.times--;
    return f;
  }

  private context(service: FakeService): FakeContext {
    return {
      org: this.org,
      account: (call: Call): FakeAccount => {
        const a = this.org.accounts[call.account];
        if (a === undefined) throw new Failure(403, unknownKeyCode(service));
        return a;
      },
      page: <T>(call: Call, items: readonly T[], token: string | undefined): Page<T> => {
        const from = token === undefined || token === '' ? 0 : Number(token.replace(/^page-/, ''));
        const slice = items.slice(from, from + this.pageSize);
        // A looping service hands back the token it was given.
        if (call.loop && token !== undefined && token !== '') return { items: slice, next: token };
        const next = from + this.pageSize < items.length ? `page-${from + this.pageSize}` : undefined;
        return next === undefined ? { items: slice } : { items: slice, next };
      },
      sessionSeconds: this.sessionSeconds,
      issueKey: (account: string): string => {
        const key = `ASIAFAKE${++this.sessions}`;
        this.keys.set(key, account);
        return key;
      },
    };
  }
}

/** Requests signed for a service the fake does not have get a REST-XML error. */
const UNKNOWN: FakeService = {
  protocol: 'rest-xml',
  answer: () => {
    throw new Failure(400, 'UnknownService');
  },
};

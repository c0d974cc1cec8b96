import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAccount, FakeOrg } from './fixture.js';
import { esc, toXml } from './xml.js';

/**
 * A fake AWS on 127.0.0.1 that answers the wire protocols the real SDK v3 clients speak: EC2 query with XML, IAM
 * and STS query with XML, SageMaker and KMS JSON 1.1, S3 and S3 Control REST-XML (path style). One port serves
 * every service: the service and region come from the credential scope of the SigV4 Authorization header, the
 * account from the access key id. Every call is logged; faults are injected per call.
 */

export type FaultKind = 'throttle' | '500' | '503' | 'denied' | 'slow' | 'loop';

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

export interface LoggedCall {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly account: string;
  /** What the request asked for (its parameters, or its path and query), to tell repeated calls apart. */
  readonly request: string;
}

interface Call extends LoggedCall {
  readonly params: URLSearchParams;
  readonly json: Record<string, unknown>;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type?: string;
  readonly errorType?: string;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const QUERY_NS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};
const JSON_TYPE = 'application/x-amz-json-1.1';

class Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export class FakeAws {
  readonly log: LoggedCall[] = [];
  readonly faults: Fault[] = [];
  /** Items per page of every list (small, so that listings span pages). */
  pageSize = 2;
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
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      req.headers.authorization ?? '',
    );
    const url = new URL(req.url ?? '/', 'http://fake');
    const signing = scope?.[3] ?? 'unknown';
    const service = signing === 's3' && url.pathname.startsWith('/v20180820/') ? 's3control' : signing;
    const params = new URLSearchParams(
      req.headers['content-type']?.includes('x-www-form-urlencoded') === true ? body : '',
    );
    const json =
      req.headers['content-type']?.includes('json') === true && body !== ''
        ? (JSON.parse(body) as Record<string, unknown>)
        : {};
    const operation = operationOf(service, req, url, params);
    const call: Call = {
      service,
      operation,
      region: scope?.[2] ?? 'unknown',
      account: this.keys.get(scope?.[1] ?? '') ?? 'unknown',
      request: ['s3', 's3control', 'lambda'].includes(service) ? `${url.pathname}${url.search}` : body,
      params,
      json,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    this.log.push({
      service: call.service,
      operation: call.operation,
      region: call.region,
      account: call.account,
      request: call.request,
    });
    let reply: Reply;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      const fault = this.faultFor(call);
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
      if (fault !== undefined && fault.kind !== 'slow' && fault.kind !== 'loop')
        throw failureOf(service, fault.kind);
      reply = this.answer(call, fault?.kind === 'loop');
    } catch (error) {
      reply =
        error instanceof Failure
          ? errorReply(service, operation, error)
          : errorReply(service, operation, new Failure(500, 'InternalError'));
    }
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

  private faultFor(call: Call): Fault | undefined {
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

  private account(call: Call): FakeAccount {
    const a = this.org.accounts[call.account];
    if (a === undefined) throw new Failure(403, service403(call.service));
    return a;
  }

  private answer(call: Call, loop: boolean): Reply {
    switch (call.service) {
      case 'ec2':
        return this.ec2(call, loop);
      case 'sagemaker':
        return this.sagemaker(call, loop);
      case 'kms':
        return this.kms(call);
      case 'lambda':
        return this.lambda(call, loop);
      case 'iam':
        return this.iam(call);
      case 'sts':
        return this.sts(call);
      case 's3':
        return this.s3(call, loop);
      case 's3control':
        return this.s3control(call);
      default:
        throw new Failure(400, 'UnknownService');
    }
  }

  /** One page of `items` from `token` (`page-<offset>`); a looping list returns the token it was given. */
  private page<T>(
    items: readonly T[],
    token: string | undefined,
    loop: boolean,
  ): { items: T[]; next?: string } {
    const from = token === undefined || token === '' ? 0 : Number(token.replace(/^page-/, ''));
    const slice = items.slice(from, from + this.pageSize);
    // A looping service hands back the token it was given.
    if (loop && token !== undefined && token !== '') return { items: slice, next: token };
    const next = from + this.pageSize < items.length ? `page-${from + this.pageSize}` : undefined;
    return next === undefined ? { items: slice } : { items: slice, next };
  }

  private ec2(call: Call, loop: boolean): Reply {
    const a = this.account(call);
    const action = call.operation;
    const lists: Record<string, string> = {
      DescribeVpcs: 'vpcSet',
      DescribeSubnets: 'subnetSet',
      DescribeRouteTables: 'routeTableSet',
      DescribeSecurityGroups: 'securityGroupInfo',
      DescribeVpcEndpoints: 'vpcEndpointSet',
    };
    let inner: Record<string, unknown>;
    if (action === 'DescribeRegions') inner = { regionInfo: a.describeRegions ?? [] };
    else {
      const set = lists[action];
      if (set === undefined) throw new Failure(400, 'InvalidAction');
      const p = this.page(
        a.regions?.[call.region]?.ec2?.[set] ?? [],
        call.params.get('NextToken') ?? undefined,
        loop,
      );
      inner = { [set]: p.items, ...(p.next === undefined ? {} : { nextToken: p.next }) };
    }
    const xml = `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${EC2_NS}"><requestId>fake-request</requestId>${toXml(inner, 'item')}</${action}Response>`;
    return { status: 200, body: xml };
  }

  private sagemaker(call: Call, loop: boolean): Reply {
    const sm = this.account(call).regions?.[call.region]?.sagemaker ?? {};
    const token = typeof call.json['NextToken'] === 'string' ? call.json['NextToken'] : undefined;
    const pick = (o: Record<string, unknown>, keys: string[]) =>
      Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
    const listOf = (field: string, items: readonly Record<string, unknown>[], keys: string[]) => {
      const p = this.page(items, token, loop);
      return {
        [field]: p.items.map((i) => pick(i, keys)),
        ...(p.next === undefined ? {} : { NextToken: p.next }),
      };
    };
    const find = (items: readonly Record<string, unknown>[] | undefined, key: string) => {
      const hit = (items ?? []).find((i) => i[key] === call.json[key]);
      if (hit === undefined) throw new Failure(400, 'ValidationException');
      return hit;
    };
    const out = ((): unknown => {
      switch (call.operation) {
        case 'ListEndpoints':
          return listOf('Endpoints', sm.endpoints ?? [], [
            'EndpointName',
            'EndpointArn',
            'CreationTime',
            'LastModifiedTime',
            'EndpointStatus',
          ]);
        case 'DescribeEndpoint':
          return find(sm.endpoints, 'EndpointName');
        case 'DescribeEndpointConfig':
          return find(sm.endpointConfigs, 'EndpointConfigName');
        case 'DescribeModel':
          return find(sm.models, 'ModelName');
        case 'ListNotebookInstances':
          return listOf('NotebookInstances', sm.notebooks ?? [], [
            'NotebookInstanceName',
            'NotebookInstanceArn',
            'NotebookInstanceStatus',
            'CreationTime',
          ]);
        case 'DescribeNotebookInstance':
          return find(sm.notebooks, 'NotebookInstanceName');
        case 'ListTrainingJobs': {
          const after =
            typeof call.json['CreationTimeAfter'] === 'number' ? call.json['CreationTimeAfter'] : 0;
          const recent = (sm.trainingJobs ?? []).filter((j) => Number(j['CreationTime']) >= after);
          return listOf('TrainingJobSummaries', recent, [
            'TrainingJobName',
            'TrainingJobArn',
            'CreationTime',
            'TrainingJobStatus',
          ]);
        }
        case 'DescribeTrainingJob':
          return find(sm.trainingJobs, 'TrainingJobName');
        case 'ListDomains':
          return listOf('Domains', sm.domains ?? [], ['DomainArn', 'DomainId', 'DomainName', 'Status']);
        case 'DescribeDomain':
          return find(sm.domains, 'DomainId');
        default:
          throw new Failure(400, 'UnknownOperationException');
      }
    })();
    return { status: 200, body: JSON.stringify(out), type: JSON_TYPE };
  }

  private lambda(call: Call, loop: boolean): Reply {
    const l = this.account(call).regions?.[call.region]?.lambda ?? {};
    if (call.operation === 'ListFunctions') {
      const p = this.page(l.functions ?? [], call.query.get('Marker') ?? undefined, loop);
      return {
        status: 200,
        body: JSON.stringify({ Functions: p.items, ...(p.next === undefined ? {} : { NextMarker: p.next }) }),
        type: 'application/json',
      };
    }
    if (call.operation !== 'GetFunctionUrlConfig') throw new Failure(400, 'InvalidRequestContentException');
    const name = decodeURIComponent(call.path.split('/')[3] ?? '');
    const url = l.urls?.[name];
    if (url === undefined) throw new Failure(404, 'ResourceNotFoundException');
    return { status: 200, body: JSON.stringify(url), type: 'application/json' };
  }

  private kms(call: Call): Reply {
    const key = this.account(call).kms?.[String(call.json['KeyId'])];
    if (key === undefined) throw new Failure(400, 'NotFoundException');
    const out =
      call.operation === 'DescribeKey'
        ? { KeyMetadata: key.metadata }
        : { KeyRotationEnabled: key.rotation === true };
    if (call.operation !== 'DescribeKey' && call.operation !== 'GetKeyRotationStatus')
      throw new Failure(400, 'UnknownOperationException');
    return { status: 200, body: JSON.stringify(out), type: JSON_TYPE };
  }

  private iam(call: Call): Reply {
    const iam = this.account(call).iam ?? { roles: {} };
    const p = call.params;
    const role = () => {
      const r = iam.roles[p.get('RoleName') ?? ''];
      if (r === undefined) throw new Failure(404, 'NoSuchEntity');
      return r;
    };
    const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
    const paged = (field: string, items: readonly unknown[]) => {
      const pg = this.page(items, p.get('Marker') ?? undefined, false);
      return {
        [field]: pg.items,
        IsTruncated: pg.next !== undefined,
        ...(pg.next === undefined ? {} : { Marker: pg.next }),
      };
    };
    let result: Record<string, unknown>;
    switch (call.operation) {
      case 'GetRole': {
        const name = p.get('RoleName') ?? '';
        const r = role();
        result = {
          Role: {
            Path: '/',
            RoleName: name,
            RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
            Arn: `arn:aws:iam::${call.account}:role/${name}`,
            CreateDate: '2025-01-01T00:00:00Z',
            AssumeRolePolicyDocument: enc(r.trust),
          },
        };
        break;
      }
      case 'ListAttachedRolePolicies':
        result = paged(
          'AttachedPolicies',
          (role().attached ?? []).map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
        );
        break;
      case 'ListRolePolicies':
        result = paged('PolicyNames', Object.keys(role().inline ?? {}));
        break;
      case 'GetRolePolicy': {
        const doc = role().inline?.[p.get('PolicyName') ?? ''];
        if (doc === undefined) throw new Failure(404, 'NoSuchEntity');
        result = { RoleName: p.get('RoleName'), PolicyName: p.get('PolicyName'), PolicyDocument: enc(doc) };
        break;
      }
      case 'GetPolicy':
      case 'GetPolicyVersion': {
        const arn = p.get('PolicyArn') ?? '';
        const pol = iam.policies?.[arn];
        if (pol === undefined) throw new Failure(404, 'NoSuchEntity');
        result =
          call.operation === 'GetPolicy'
            ? {
                Policy: {
                  PolicyName: arn.split('/').pop(),
                  Arn: arn,
                  DefaultVersionId: pol.versionId,
                  AttachmentCount: 1,
                },
              }
            : {
                PolicyVersion: {
                  Document: enc(pol.document),
                  VersionId: pol.versionId,
                  IsDefaultVersion: true,
                },
              };
        break;
      }
      default:
        throw new Failure(400, 'InvalidAction');
    }
    return queryReply('iam', call.operation, result);
  }

  private sts(call: Call): Reply {
    const p = call.params;
    if (call.operation === 'GetCallerIdentity') {
      this.account(call);
      return queryReply('sts', 'GetCallerIdentity', {
        Arn: `arn:aws:iam::${call.account}:user/scanner`,
        UserId: 'AIDAFAKE',
        Account: call.account,
      });
    }
    if (call.operation !== 'AssumeRole') throw new Failure(400, 'InvalidAction');
    const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(p.get('RoleArn') ?? '');
    const target = m?.[1] === undefined ? undefined : this.org.accounts[m[1]];
    const grant = m?.[2] === undefined ? undefined : target?.assumable?.[m[2]];
    if (
      m?.[1] === undefined ||
      grant === undefined ||
      grant.trusted !== call.account ||
      (grant.externalId !== undefined && grant.externalId !== p.get('ExternalId'))
    )
      throw new Failure(403, 'AccessDenied');
    const key = `ASIAFAKE${++this.sessions}`;
    this.keys.set(key, m[1]);
    return queryReply('sts', 'AssumeRole', {
      Credentials: {
        AccessKeyId: key,
        SecretAccessKey: 'fake-secret',
        SessionToken: 'fake-token',
        Expiration: '2099-01-01T00:00:00Z',
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROAFAKE:${p.get('RoleSessionName') ?? ''}`,
        Arn: `arn:aws:sts::${m[1]}:assumed-role/${m[2] ?? ''}/scan`,
      },
    });
  }

  private s3(call: Call, loop: boolean): Reply {
    const a = this.account(call);
    const [, name] = call.path.split('/');
    if (name === undefined || name === '') {
      const pg = this.page(a.s3?.buckets ?? [], call.query.get('continuation-token') ?? undefined, loop);
      const buckets = pg.items
        .map(
          (b) =>
            `<Bucket><Name>${esc(b.name)}</Name><CreationDate>2025-01-01T00:00:00.000Z</CreationDate><BucketRegion>${esc(b.region)}</BucketRegion></Bucket>`,
        )
        .join('');
      const next = pg.next === undefined ? '' : `<ContinuationToken>${esc(pg.next)}</ContinuationToken>`;
      return xmlReply(
        `<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>owner</ID></Owner><Buckets>${buckets}</Buckets>${next}</ListAllMyBucketsResult>`,
      );
    }
    const b = (a.s3?.buckets ?? []).find((x) => x.name === name);
    if (b === undefined) throw new Failure(404, 'NoSuchBucket');
    switch (call.operation) {
      case 'GetBucketLocation':
        return xmlReply(
          b.region === 'us-east-1'
            ? `<LocationConstraint xmlns="${S3_NS}"/>`
            : `<LocationConstraint xmlns="${S3_NS}">${esc(b.region)}</LocationConstraint>`,
        );
      case 'GetPublicAccessBlock':
        if (b.publicAccessBlock === undefined) throw new Failure(404, 'NoSuchPublicAccessBlockConfiguration');
        return xmlReply(
          `<PublicAccessBlockConfiguration xmlns="${S3_NS}">${toXml(b.publicAccessBlock, 'member')}</PublicAccessBlockConfiguration>`,
        );
      case 'GetBucketPolicy':
        if (b.policy === undefined) throw new Failure(404, 'NoSuchBucketPolicy');
        return { status: 200, body: JSON.stringify(b.policy), type: 'application/json' };
      case 'GetBucketEncryption':
        if (b.encryption === undefined)
          throw new Failure(404, 'ServerSideEncryptionConfigurationNotFoundError');
        return xmlReply(
          `<ServerSideEncryptionConfiguration xmlns="${S3_NS}"><Rule><ApplyServerSideEncryptionByDefault>${toXml(b.encryption, 'member')}</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
        );
      case 'GetBucketVersioning':
        return xmlReply(
          `<VersioningConfiguration xmlns="${S3_NS}">${b.versioning === undefined ? '' : `<Status>${esc(b.versioning)}</Status>`}</VersioningConfiguration>`,
        );
      case 'GetBucketLogging':
        return xmlReply(
          `<BucketLoggingStatus xmlns="${S3_NS}">${b.logging === undefined ? '' : `<LoggingEnabled>${toXml(b.logging, 'member')}</LoggingEnabled>`}</BucketLoggingStatus>`,
        );
      default:
        throw new Failure(400, 'NotImplemented');
    }
  }

  private s3control(call: Call): Reply {
    const a = this.account(call);
    if (call.headers['x-amz-account-id'] !== call.account) throw new Failure(403, 'AccessDenied');
    const block = a.s3?.accountPublicAccessBlock;
    if (block === undefined) throw new Failure(404, 'NoSuchPublicAccessBlockConfiguration');
    return xmlReply(
      `<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">${toXml(block, 'member')}</PublicAccessBlockConfiguration>`,
    );
  }
}

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function xmlReply(body: string): Reply {
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>${body}`, type: 'application/xml' };
}

function queryReply(service: string, action: string, result: Record<string, unknown>): Reply {
  const ns = QUERY_NS[service] ?? '';
  return xmlReply(
    `<${action}Response xmlns="${ns}"><${action}Result>${toXml(result, 'member')}</${action}Result><ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function operationOf(service: string, req: IncomingMessage, url: URL, params: URLSearchParams): string {
  if (service === 'sagemaker' || service === 'kms')
    return String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
  if (service === 'ec2' || service === 'iam' || service === 'sts') return params.get('Action') ?? 'Unknown';
  if (service === 's3control') return 'GetPublicAccessBlock';
  if (service === 'lambda') {
    if (/^\/2015-03-31\/functions\/?$/.test(url.pathname)) return 'ListFunctions';
    if (/^\/2021-10-31\/functions\/[^/]+\/url$/.test(url.pathname)) return 'GetFunctionUrlConfig';
    return `${req.method ?? 'GET'} ${url.pathname}`;
  }
  const [, bucket] = url.pathname.split('/');
  if (bucket === undefined || bucket === '') return 'ListBuckets';
  const q = url.searchParams;
  if (q.has('location')) return 'GetBucketLocation';
  if (q.has('publicAccessBlock')) return 'GetPublicAccessBlock';
  if (q.has('policy')) return 'GetBucketPolicy';
  if (q.has('encryption')) return 'GetBucketEncryption';
  if (q.has('versioning')) return 'GetBucketVersioning';
  if (q.has('logging')) return 'GetBucketLogging';
  return `${req.method ?? 'GET'} ${url.search}`;
}

function service403(service: string): string {
  return service === 'ec2'
    ? 'AuthFailure'
    : service === 'sagemaker' || service === 'kms'
      ? 'UnrecognizedClientException'
      : 'InvalidClientTokenId';
}

/** The error each protocol returns for a fault. */
function failureOf(service: string, kind: Exclude<FaultKind, 'slow' | 'loop'>): Failure {
  if (kind === '500') return new Failure(500, 'InternalError');
  if (kind === '503') return new Failure(503, 'ServiceUnavailable');
  if (kind === 'denied') {
    if (service === 'ec2') return new Failure(403, 'UnauthorizedOperation');
    if (service === 'sagemaker' || service === 'kms') return new Failure(400, 'AccessDeniedException');
    if (service === 'lambda') return new Failure(403, 'AccessDeniedException');
    return new Failure(403, 'AccessDenied');
  }
  // Throttling, without Retry-After: the SDK would honour it and slow the tests down.
  if (service === 'ec2') return new Failure(503, 'RequestLimitExceeded');
  if (service === 's3' || service === 's3control') return new Failure(503, 'SlowDown');
  if (service === 'iam' || service === 'sts') return new Failure(400, 'Throttling');
  if (service === 'lambda') return new Failure(429, 'TooManyRequestsException');
  return new Failure(400, 'ThrottlingException');
}

function errorReply(service: string, operation: string, f: Failure): Reply {
  const message = `fake ${service}:${operation} ${f.code}`;
  if (service === 'sagemaker' || service === 'kms')
    return { status: f.status, body: JSON.stringify({ __type: f.code, message }), type: JSON_TYPE };
  if (service === 'lambda')
    return {
      status: f.status,
      body: JSON.stringify({ Type: 'User', Message: message }),
      type: 'application/json',
      errorType: f.code,
    };
  if (service === 'ec2')
    return {
      status: f.status,
      body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${esc(f.code)}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>fake-request</RequestID></Response>`,
      type: 'text/xml',
    };
  if (service === 'iam' || service === 'sts')
    return {
      status: f.status,
      body: `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="${QUERY_NS[service] ?? ''}"><Error><Type>Sender</Type><Code>${esc(f.code)}</Code><Message>${esc(message)}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`,
      type: 'text/xml',
    };
  return {
    status: f.status,
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${esc(f.code)}</Code><Message>${esc(message)}</Message><RequestId>fake-request</RequestId></Error>`,
    type: 'application/xml',
  };
}

import type { IncomingMessage } from 'node:http';
import type { FakeAccount, FakeOrg } from './fixture.js';
import { esc, toXml } from './xml.js';

/**
 * What the fake's service modules (services/*.ts) share: the parsed request, the reply, the faults, and the
 * reply and error shapes of each AWS wire protocol.
 */

export type FaultKind = 'throttle' | '500' | '503' | 'denied' | 'slow' | 'loop';

/** The wire protocols: EC2 query, IAM/STS query, JSON 1.1 (X-Amz-Target), REST-JSON and REST-XML. */
export type Protocol = 'ec2' | 'query' | 'json' | 'rest-json' | 'rest-xml';

export interface LoggedCall {
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly account: string;
  /** What the request asked for (its parameters, or its path and query), to tell repeated calls apart. */
  readonly request: string;
}

export interface Call extends LoggedCall {
  readonly method: string;
  readonly params: URLSearchParams;
  readonly json: Record<string, unknown>;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** A `loop` fault: lists hand back the page token they were given. */
  readonly loop: boolean;
}

/** The parts of a request a service module tells its operation from. */
export interface RequestLine {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly params: URLSearchParams;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type?: string;
  readonly errorType?: string;
}

export class Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/** What the server gives a service module to answer from. */
export interface FakeContext {
  readonly org: FakeOrg;
  /** The account the request's access key belongs to; an unknown key gets the service's 403. */
  account(call: Call): FakeAccount;
  /** One page of `items` from `token` (`page-<offset>`), the fake's page size long. */
  page<T>(call: Call, items: readonly T[], token: string | undefined): Page<T>;
  /** A new access key id whose requests are `account`'s (STS AssumeRole). */
  issueKey(account: string): string;
  /** How long AssumeRole sessions last; far in the future when unset. */
  readonly sessionSeconds: number | undefined;
}

export interface FakeService {
  readonly protocol: Protocol;
  /** The operation a request is for; JSON 1.1 services are told by their X-Amz-Target. */
  operation?(req: RequestLine): string;
  answer(ctx: FakeContext, call: Call): Reply;
  /** Error codes where the service differs from its protocol's usual ones. */
  readonly codes?: Partial<Record<'denied' | 'throttle', Failure>> & { readonly unknownKey?: string };
}

export const JSON_11 = 'application/x-amz-json-1.1';

export function xmlReply(body: string): Reply {
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>${body}`, type: 'application/xml' };
}

export function jsonReply(value: unknown, type = 'application/json'): Reply {
  return { status: 200, body: JSON.stringify(value), type };
}

/** A JSON list reply: the page's items under `field` and the next token under `tokenField`. */
export function listReply<T>(
  page: Page<T>,
  field: string,
  tokenField: string,
  map: (item: T) => unknown = (i) => i,
  type?: string,
): Reply {
  return jsonReply(
    { [field]: page.items.map(map), ...(page.next === undefined ? {} : { [tokenField]: page.next }) },
    type,
  );
}

/** The first item whose `key` equals `value`, or the service's not-found error. */
export function findOr<T extends Record<string, unknown>>(
  items: readonly T[] | undefined,
  key: string,
  value: unknown,
  notFound: Failure,
): T {
  const hit = (items ?? []).find((i) => i[key] === value);
  if (hit === undefined) throw notFound;
  return hit;
}

/** Only `keys` of `o`: the summary a list call returns of what Describe returns in full. */
export function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

/** The error each protocol returns for a fault, unless the service says otherwise. */
export function failureOf(service: FakeService, kind: 'throttle' | '500' | '503' | 'denied'): Failure {
  if (kind === '500') return new Failure(500, 'InternalError');
  if (kind === '503') return new Failure(503, 'ServiceUnavailable');
  const own = service.codes?.[kind];
  if (own !== undefined) return own;
  const p = service.protocol;
  if (kind === 'denied') {
    if (p === 'ec2') return new Failure(403, 'UnauthorizedOperation');
    if (p === 'json') return new Failure(400, 'AccessDeniedException');
    if (p === 'rest-json') return new Failure(403, 'AccessDeniedException');
    return new Failure(403, 'AccessDenied');
  }
  // Throttling, without Retry-After: the SDK would honour it and slow the tests down.
  if (p === 'ec2') return new Failure(503, 'RequestLimitExceeded');
  if (p === 'rest-xml') return new Failure(503, 'SlowDown');
  if (p === 'query') return new Failure(400, 'Throttling');
  if (p === 'rest-json') return new Failure(429, 'ThrottlingException');
  return new Failure(400, 'ThrottlingException');
}

/** The code a request signed with an access key the fake does not know gets. */
export function unknownKeyCode(service: FakeService): string {
  if (service.codes?.unknownKey !== undefined) return service.codes.unknownKey;
  if (service.protocol === 'ec2') return 'AuthFailure';
  if (service.protocol === 'json' || service.protocol === 'rest-json') return 'UnrecognizedClientException';
  return 'InvalidClientTokenId';
}

export function errorReply(service: FakeService, name: string, operation: string, f: Failure): Reply {
  const message = `fake ${name}:${operation} ${f.code}`;
  switch (service.protocol) {
    case 'json':
      return { status: f.status, body: JSON.stringify({ __type: f.code, message }), type: JSON_11 };
    case 'rest-json':
      return {
        status: f.status,
        body: JSON.stringify({ message }),
        type: 'application/json',
        errorType: f.code,
      };
    case 'ec2':
      return {
        status: f.status,
        body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${esc(f.code)}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>fake-request</RequestID></Response>`,
        type: 'text/xml',
      };
    case 'query':
      return {
        status: f.status,
        body: `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="${QUERY_NS[name] ?? ''}"><Error><Type>Sender</Type><Code>${esc(f.code)}</Code><Message>${esc(message)}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`,
        type: 'text/xml',
      };
    case 'rest-xml':
      return {
        status: f.status,
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${esc(f.code)}</Code><Message>${esc(message)}</Message><RequestId>fake-request</RequestId></Error>`,
        type: 'application/xml',
      };
  }
}

export const QUERY_NS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

export function queryReply(service: string, action: string, result: Record<string, unknown>): Reply {
  const ns = QUERY_NS[service] ?? '';
  return xmlReply(
    `<${action}Response xmlns="${ns}"><${action}Result>${toXml(result, 'member')}</${action}Result><ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata></${action}Response>`,
  );
}

/** The operation of a JSON 1.1 request: `SageMaker.ListEndpoints` → `ListEndpoints`. */
export function targetOperation(req: RequestLine): string {
  return String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
}

/** A JSON 1.1 request's string field (its page token, mostly). */
export function jsonString(call: Call, field: string): string | undefined {
  const v = call.json[field];
  return typeof v === 'string' ? v : undefined;
}

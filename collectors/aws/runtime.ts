import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CoverageNote } from '../../src/model/index.js';
import { Limiter } from '../live/limit.js';
import { paginate, type Listing } from './paginate.js';
import { ScanRetryStrategy } from './retry.js';
import type { AwsScanOptions, ConfigurableClient } from './options.js';

/**
 * Everything the service modules share: one client per account, service and region, the retry strategy
 * (retry.ts), the per-attempt timeout, the concurrency bound, and the classification of failed calls into
 * coverage notes. Service modules call `call()` and never see an SDK error.
 */

export type CallResult<T> =
  | { readonly ok: true; readonly value: T }
  /** `absent`: the documented answer for "not configured" (NoSuchBucketPolicy ...), not a failure. */
  | { readonly ok: false; readonly code: string; readonly message: string; readonly absent?: true };

/** An account being scanned and the credentials that read it. */
export interface AccountSession {
  readonly id: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export interface Scope {
  readonly account: AccountSession;
  readonly region: string;
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'AllAccessDisabled',
]);

const DEFAULT_TIMEOUT_MS = 30_000;
const quiet = (): void => undefined;
const SILENT = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
const DEFAULT_ATTEMPTS = 8;

export class AwsRuntime {
  readonly notes: CoverageNote[] = [];
  readonly calls = { made: 0 };
  private readonly limiter: Limiter;
  private readonly clients = new Map<string, unknown>();

  constructor(readonly options: AwsScanOptions) {
    this.limiter = new Limiter(options.concurrency ?? 8);
  }

  /** The client of `service` for a scope, made once with the shared configuration. */
  client<C extends ConfigurableClient>(
    scope: Scope,
    service: string,
    make: (config: Record<string, unknown>) => C,
    extra: Record<string, unknown> = {},
  ): C {
    const key = `${scope.account.id}/${service}/${scope.region}`;
    const cached = this.clients.get(key);
    if (cached !== undefined) return cached as C;
    const o = this.options;
    const timeout = o.callTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const client = make({
      region: scope.region,
      credentials: scope.account.credentials,
      maxAttempts: o.maxAttempts ?? DEFAULT_ATTEMPTS,
      retryStrategy: new ScanRetryStrategy({
        maxAttempts: o.maxAttempts ?? DEFAULT_ATTEMPTS,
        ...(o.retryDelay === undefined ? {} : { delay: o.retryDelay }),
      }),
      // Without throwOnRequestTimeout the handler only warns when the timeout passes and keeps waiting.
      requestHandler: { requestTimeout: timeout, connectionTimeout: timeout, throwOnRequestTimeout: true },
      ...(o.endpoint === undefined ? {} : { endpoint: o.endpoint }),
      // Failures become coverage notes; the SDK must not print them (or anything else) itself.
      logger: SILENT,
      ...extra,
    });
    o.configureClient?.(client);
    this.clients.set(key, client);
    return client;
  }

  /**
   * Sends one request under the concurrency bound. A failure becomes a coverage note (which API, region, account
   * and error code) unless its code is one of `absent`: the documented answer for "not configured".
   */
  async call<T>(
    scope: Scope,
    api: string,
    send: () => Promise<T>,
    about: {
      readonly resource?: string;
      readonly absent?: readonly string[];
      /**
       * Outside the concurrency bound: a call made while other calls hold every slot and wait for it (renewing
       * the credentials they sign with) would otherwise never start.
       */
      readonly unbounded?: true;
    } = {},
  ): Promise<CallResult<T>> {
    try {
      this.calls.made++;
      return { ok: true, value: await (about.unbounded === true ? send() : this.limiter.run(send)) };
    } catch (error) {
      const code = errorCode(error);
      if (about.absent?.includes(code) === true) return { ok: false, code, message: code, absent: true };
      const [service = api, operation = api] = api.split(':');
      const denied = DENIED.has(code);
      const message = `${api} ${denied ? 'was denied' : 'failed'} in ${scope.region} of account ${scope.account.id} (${code})${
        about.resource === undefined ? '' : ` for ${about.resource}`
      }; what it would have told is unknown`;
      this.notes.push({
        kind: denied ? 'denied' : 'skipped',
        message,
        input: inputOf(scope.account.id),
        ...(about.resource === undefined ? {} : { address: about.resource }),
        service,
        api: operation,
        region: scope.region,
        account: scope.account.id,
        errorCode: code,
      });
      return { ok: false, code, message: `${api} ${denied ? 'denied' : 'failed'} (${code})` };
    }
  }

  /**
   * Every page of a list call, through the one paginator: each page is a `call`, and a repeated token stops the
   * listing with a note. `read` says where a page keeps its items and its next token.
   */
  list<P, T>(
    scope: Scope,
    api: string,
    send: (token: string | undefined) => Promise<P>,
    read: (page: P) => { readonly items: readonly T[] | undefined; readonly next: string | undefined },
    resource?: string,
  ): Promise<Listing<T>> {
    return paginate(
      (token) => this.call(scope, api, () => send(token), resource === undefined ? {} : { resource }),
      read,
      (_, pages) => {
        this.repeatedToken(scope, api, pages);
      },
    );
  }

  /** A list whose page token repeated: the items before it are kept and the gap is noted. */
  repeatedToken(scope: Scope, api: string, pages: number): void {
    const [service = api, operation = api] = api.split(':');
    this.notes.push({
      kind: 'skipped',
      message: `${api} in ${scope.region} of account ${scope.account.id} returned a page token it had returned before; the listing stopped after ${pages} pages`,
      input: inputOf(scope.account.id),
      service,
      api: operation,
      region: scope.region,
      account: scope.account.id,
      errorCode: 'RepeatedPageToken',
    });
  }

  progress(message: string): void {
    this.options.onProgress?.(message);
  }
}

/** The input name of an account's inventory. */
export function inputOf(account: string): string {
  return `aws://${account}`;
}

/** The AWS error code of an SDK error (its name for modelled errors), printable. */
export function errorCode(error: unknown): string {
  const e = error as { name?: unknown; Code?: unknown; code?: unknown } | undefined;
  const raw =
    typeof e?.Code === 'string'
      ? e.Code
      : typeof e?.name === 'string' && e.name !== 'Error'
        ? e.name
        : e?.code;
  const code = typeof raw === 'string' ? raw : 'UnknownError';
  // The code comes off the wire: keep it a short identifier.
  return /^[\w.-]{1,64}$/.test(code) ? code : 'UnknownError';
}

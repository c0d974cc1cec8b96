import type { TokenCredential } from '@azure/identity';
import { InputError, type CoverageNote } from '../../src/model/index.js';
import { Limiter } from '../live/limit.js';
import type { AzureScanOptions } from './options.js';
import { bareThrottleRetry } from './throttle.js';

/**
 * What the service modules share: the credential, one management client per subscription, the retry settings,
 * the concurrency bound, and the classification of failed calls into coverage notes. Service modules call
 * `list()` and never see an SDK error.
 */

/** What every Azure management client's constructor takes besides the credential (and subscription). */
export interface ArmClientOptions {
  readonly endpoint: string;
  readonly $host: string;
  readonly credentialScopes: string[];
  readonly retryOptions: { maxRetries?: number; retryDelayInMs?: number };
  readonly tlsOptions?: AzureScanOptions['tlsOptions'];
  readonly additionalPolicies: NonNullable<AzureScanOptions['additionalPolicies']>;
}

/** A management client package: its client class and its reader of the nextLink behind a page. */
export interface ArmSdk<C> {
  readonly Client: new (credential: TokenCredential, subscriptionId: string, options: ArmClientOptions) => C;
  readonly getContinuationToken: (page: unknown) => string | undefined;
}

export interface Listing<T> {
  readonly items: T[];
  /** Set when a page failed: the items are those read before. */
  readonly incomplete?: { readonly code: string; readonly message: string };
}

/** What a GET gave: the resource, its absence (404), or the gap a failed call left. */
export type Reading<T> =
  | { readonly value: T; readonly missing?: undefined; readonly incomplete?: undefined }
  | { readonly missing: true; readonly value?: undefined; readonly incomplete?: undefined }
  | {
      readonly incomplete: { readonly code: string; readonly message: string };
      readonly value?: undefined;
      readonly missing?: undefined;
    };

const MANAGEMENT = 'https://management.azure.com';
/** The SDK's defaults: 3 retries after the first attempt, backoff from 1 s. */
const DEFAULT_RETRIES = 3;
const DEFAULT_DELAY_MS = 1000;
const UNREGISTERED = 'MissingSubscriptionRegistration';
const DENIED = new Set(['AuthorizationFailed', 'LinkedAuthorizationFailed', 'Forbidden']);
/** @azure/identity's errors: no call can succeed without a token, so the scan stops instead of noting each. */
const NO_TOKEN = new Set([
  'AuthenticationError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

export class AzureRuntime {
  readonly notes: CoverageNote[] = [];
  readonly calls = { made: 0 };
  private readonly limiter: Limiter;
  private readonly clients = new Map<string, Promise<unknown>>();
  /** One nextLink reader per client package loaded: each knows only the pages its own package yielded. */
  private readonly continuations = new Set<(page: unknown) => string | undefined>();
  private credential: TokenCredential | undefined;

  constructor(readonly options: AzureScanOptions) {
    this.limiter = new Limiter(options.concurrency ?? 8);
  }

  /**
   * The client of a management package for a subscription, made once. `name` keys the cache; `load` imports the
   * package, so that only the clients a scan uses are loaded.
   */
  client<C>(subscription: string, name: string, load: () => Promise<ArmSdk<C>>): Promise<C> {
    const key = `${name} ${subscription}`;
    let made = this.clients.get(key) as Promise<C> | undefined;
    if (made === undefined) {
      made = Promise.all([load(), this.tokenCredential()]).then(([sdk, credential]) => {
        this.continuations.add(sdk.getContinuationToken);
        return new sdk.Client(credential, subscription, this.clientOptions());
      });
      this.clients.set(key, made);
    }
    return made;
  }

  private clientOptions(): ArmClientOptions {
    const o = this.options;
    const endpoint = o.endpoint ?? MANAGEMENT;
    return {
      // Both are needed: `endpoint` builds the pipeline, `$host` the request URLs. The token is always for the
      // management scope, never for a scope derived from the endpoint's origin.
      endpoint,
      $host: endpoint,
      credentialScopes: [`${MANAGEMENT}/.default`],
      retryOptions: {
        ...(o.maxRetries === undefined ? {} : { maxRetries: o.maxRetries }),
        ...(o.retryDelayInMs === undefined ? {} : { retryDelayInMs: o.retryDelayInMs }),
      },
      ...(o.tlsOptions === undefined ? {} : { tlsOptions: o.tlsOptions }),
      additionalPolicies: [
        {
          // Inside the SDK's retry and deserialization, where a 429 is still a response and not an error.
          position: 'perRetry',
          policy: bareThrottleRetry(o.maxRetries ?? DEFAULT_RETRIES, o.retryDelayInMs ?? DEFAULT_DELAY_MS),
        },
        ...(o.additionalPolicies ?? []),
      ],
    };
  }

  private nextLinkOf(page: unknown): string | undefined {
    for (const read of this.continuations) {
      const next = read(page);
      if (next !== undefined) return next;
    }
    return undefined;
  }

  private async tokenCredential(): Promise<TokenCredential> {
    if (this.credential === undefined) {
      let inner = this.options.credential;
      if (inner === undefined) {
        const { DefaultAzureCredential } = await import('@azure/identity');
        // Instance discovery asks the public cloud's login endpoint about the authority: with a private or
        // sovereign authority host (AZURE_AUTHORITY_HOST) it cannot answer, and there is nothing to validate against.
        inner = new DefaultAzureCredential({
          disableInstanceDiscovery: (process.env['AZURE_AUTHORITY_HOST'] ?? '') !== '',
        });
      }
      this.credential = this.credential ?? sharedToken(inner);
    }
    return this.credential;
  }

  /**
   * Every item of a list call. Each page (the SDK follows `nextLink` exactly as ARM gives it) is fetched under
   * the concurrency bound; a failed page ends the listing with a coverage note.
   */
  async list<T>(
    subscription: string,
    api: { readonly service: string; readonly operation: string },
    pages: () => AsyncIterableIterator<T[]>,
    resource?: string,
  ): Promise<Listing<T>> {
    const items: T[] = [];
    // Made under the bound: some SDKs' pagers send the first request as soon as they are made.
    let it: AsyncIterableIterator<T[]> | undefined;
    const seen = new Set<string>();
    for (let count = 1; ; count++) {
      try {
        this.calls.made++;
        const page = await this.limiter.run(() => (it ??= pages()).next());
        if (page.done === true) return { items };
        items.push(...page.value);
        // The SDK follows nextLink as given: a link seen before would loop forever, so the listing stops there.
        const next = this.nextLinkOf(page.value);
        if (next !== undefined && next !== '') {
          if (seen.has(next)) {
            this.notes.push({
              kind: 'skipped',
              message: `${api.service} ${api.operation} in subscription ${subscription} returned a nextLink it had returned before; the listing stopped after ${String(count)} pages`,
              input: inputOf(subscription),
              ...(resource === undefined ? {} : { address: resource }),
              service: api.service,
              api: api.operation,
              account: subscription,
              errorCode: 'RepeatedPageToken',
            });
            return {
              items,
              incomplete: {
                code: 'RepeatedPageToken',
                message: 'the service returned a nextLink it had returned before',
              },
            };
          }
          seen.add(next);
        }
      } catch (error) {
        return { items, incomplete: this.failed(subscription, api, error, resource) };
      }
    }
  }

  /**
   * One resource read by a GET, under the concurrency bound. A 404 is `missing` (the resource does not exist,
   * as a storage account without a management policy), not a failure; other failures are noted as in `list`.
   */
  async get<T>(
    subscription: string,
    api: { readonly service: string; readonly operation: string },
    read: () => Promise<T>,
    resource?: string,
  ): Promise<Reading<T>> {
    try {
      this.calls.made++;
      return { value: await this.limiter.run(read) };
    } catch (error) {
      if (statusOf(error) === 404) return { missing: true };
      return { incomplete: this.failed(subscription, api, error, resource) };
    }
  }

  /** The coverage note of a failed call, and what the call's readers say about the gap. */
  private failed(
    subscription: string,
    api: { readonly service: string; readonly operation: string },
    error: unknown,
    resource: string | undefined,
  ): { code: string; message: string } {
    const name = (error as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string' && NO_TOKEN.has(name))
      throw new InputError(
        '--azure',
        `cannot get a management token (${name}); check the credential (az login, AZURE_* variables or managed identity)`,
      );
    const code = errorCode(error);
    const denied = DENIED.has(code) || statusOf(error) === 403;
    const what = `${api.service} ${api.operation}`;
    if (code === UNREGISTERED) {
      // Nothing of the provider can exist in the subscription: an answer, noted so that the gap is visible.
      this.notes.push({
        kind: 'skipped',
        message: `${api.service} is not registered in subscription ${subscription}, which can hold none of its resources`,
        input: inputOf(subscription),
        service: api.service,
        api: api.operation,
        account: subscription,
        errorCode: code,
      });
      return { code, message: `${api.service} is not registered in the subscription` };
    }
    this.notes.push({
      kind: denied ? 'denied' : 'skipped',
      message: `${what} ${denied ? 'was denied' : 'failed'} in subscription ${subscription} (${code})${
        resource === undefined ? '' : ` for ${resource}`
      }; what it would have told is unknown`,
      input: inputOf(subscription),
      ...(resource === undefined ? {} : { address: resource }),
      service: api.service,
      api: api.operation,
      account: subscription,
      errorCode: code,
    });
    return { code, message: `${what} ${denied ? 'denied' : 'failed'} (${code})` };
  }

  progress(message: string): void {
    this.options.onProgress?.(message);
  }
}

/**
 * The clients of a scan start at once, and each asks for a token: one request is made for them all (a credential
 * caches the token it got, but not one it is still getting).
 */
function sharedToken(inner: TokenCredential): TokenCredential {
  const pending = new Map<string, ReturnType<TokenCredential['getToken']>>();
  return {
    getToken(scopes, options) {
      // A claims challenge or another tenant asks for another token.
      const key = [
        ...(Array.isArray(scopes) ? scopes : [scopes]),
        options?.tenantId ?? '',
        options?.claims ?? '',
      ].join(' ');
      let token = pending.get(key);
      if (token === undefined) {
        token = inner.getToken(scopes, options).finally(() => pending.delete(key));
        pending.set(key, token);
      }
      return token;
    },
  };
}

/** The input name of a subscription's inventory. */
export function inputOf(subscription: string): string {
  return `azure://${subscription}`;
}

function statusOf(error: unknown): number | undefined {
  const s = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** The ARM error code of an SDK error (`error.code` of the response body), printable. */
export function errorCode(error: unknown): string {
  const raw = (error as { code?: unknown } | undefined)?.code;
  const status = statusOf(error);
  const code = typeof raw === 'string' ? raw : status === undefined ? 'UnknownError' : `Http${status}`;
  // The code comes off the wire: keep it a short identifier.
  return /^[\w.-]{1,64}$/.test(code) ? code : 'UnknownError';
}

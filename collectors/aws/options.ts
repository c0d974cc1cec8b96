import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** What a live AWS scan reads and how (see `threatgraph scan --aws`). */
export interface AwsScanOptions {
  /** A profile of the shared config and credentials files; the default credential chain otherwise. */
  readonly profile?: string;
  /** Region names, or `all` for the regions the account has enabled (EC2 DescribeRegions). */
  readonly regions: readonly string[] | 'all';
  /** Roles to assume, one account each; the caller's own account is scanned when there are none. */
  readonly assumeRoles?: readonly string[];
  readonly externalId?: string;
  /** Training jobs created at or after this instant are read. */
  readonly since?: Date;
  /** Calls in flight at once, over all accounts, regions and services (default 8). */
  readonly concurrency?: number;
  /** One endpoint for every service (LocalStack-style emulators and the tests' fake AWS). */
  readonly endpoint?: string;
  /** Timeout of one HTTP attempt, in milliseconds (default 30 s). */
  readonly callTimeoutMs?: number;
  /** Attempts per call including the first (default 8). */
  readonly maxAttempts?: number;
  /** Credentials to use instead of the default chain. */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The wait before a retry (default: exponential backoff with jitter); the tests make it short. */
  readonly retryDelay?: (attempt: number, throttled: boolean) => number;
  /** Called with each client once it is created (the tests add middleware here). */
  readonly configureClient?: (client: ConfigurableClient) => void;
  readonly onProgress?: (message: string) => void;
}

/** The part of an SDK client that `configureClient` may touch. */
export interface ConfigurableClient {
  /** The SDK's `MiddlewareStack` of the client's own input and output types. */
  readonly middlewareStack: object;
  readonly config: { readonly serviceId?: string };
}

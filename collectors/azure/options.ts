import type { CognitiveServicesManagementClientOptionalParams } from '@azure/arm-cognitiveservices';
import type { TokenCredential } from '@azure/identity';

type ClientOptions = CognitiveServicesManagementClientOptionalParams;

/** What a live Azure scan reads and how. */
export interface AzureScanOptions {
  /** Subscription ids to read. */
  readonly subscriptions: readonly string[];
  /** The credential to read with; DefaultAzureCredential (environment, workload identity, managed identity, CLI) otherwise. */
  readonly credential?: TokenCredential;
  /** The Azure Resource Manager endpoint (default https://management.azure.com; the tests' fake ARM). */
  readonly endpoint?: string;
  /** Calls in flight at once, over all subscriptions (default 8). */
  readonly concurrency?: number;
  /** Retries of a throttled or failed call after the first attempt (default: the SDK's 3). */
  readonly maxRetries?: number;
  /** The base wait of the SDK's exponential backoff for 5xx and connection errors (the tests make it short). */
  readonly retryDelayInMs?: number;
  /** TLS settings of every client (the tests trust their own certificate here, never process-wide). */
  readonly tlsOptions?: ClientOptions['tlsOptions'];
  /** Pipeline policies added to every client (the tests refuse any host that is not loopback). */
  readonly additionalPolicies?: NonNullable<ClientOptions['additionalPolicies']>;
  readonly onProgress?: (message: string) => void;
}

import type { AuthClient } from 'google-auth-library';

/** What a live GCP scan reads and how. */
export interface GcpScanOptions {
  /** Project ids (or numbers) to read. */
  readonly projects: readonly string[];
  /** Vertex AI regions to read (default us-central1); Workbench instances are read in every zone. */
  readonly locations?: readonly string[];
  /**
   * The credential to read with (the tests' fixed-token client); otherwise Application Default Credentials
   * with the read-only cloud-platform scope (monitoring.read for Cloud Monitoring, the full one for the APIs that
   * accept no read-only scope; runtime.ts).
   */
  readonly authClient?: AuthClient;
  /** One endpoint for every API (`http://127.0.0.1:port` for the tests' fake; http only on loopback). */
  readonly apiEndpoint?: string;
  /** Calls in flight at once, over all projects and locations (default 8). */
  readonly concurrency?: number;
  /** Retries of a throttled (RESOURCE_EXHAUSTED) or unavailable call after the first attempt (default 3). */
  readonly maxRetries?: number;
  /** The first retry's wait, doubled per retry up to 32 s (default 1000 ms; the tests make it short). */
  readonly retryDelayMs?: number;
  /** The clock windows of recent activity end at (the Cloud Monitoring reads); default the system's. */
  readonly now?: () => Date;
  readonly onProgress?: (message: string) => void;
}

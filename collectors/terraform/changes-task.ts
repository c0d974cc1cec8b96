/** What the reading thread and the worker of a split plan read (plan-split.ts, changes-worker.ts) exchange. */
import type { ScanOutcome } from './changes-scan.js';

/** Values of the shared progress flag; each state implies the ones before it, except `failed`. */
export const STATE = { pending: 0, started: 1, scanned: 2, hashed: 3, failed: 4 } as const;

export interface ScanTask {
  /** The whole file. */
  readonly bytes: SharedArrayBuffer;
  /** Where the value of `resource_changes` starts. */
  readonly start: number;
  /** One Int32 progress flag. */
  readonly control: SharedArrayBuffer;
}

export type WorkerReport =
  | { readonly kind: 'scan'; readonly outcome: ScanOutcome }
  | { readonly kind: 'hash'; readonly sha256: string }
  | { readonly kind: 'error'; readonly message: string };

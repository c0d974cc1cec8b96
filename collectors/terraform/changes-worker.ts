/**
 * Worker thread of the split plan read (plan-split.ts): scans the plan's `resource_changes` in the shared bytes,
 * hands the rows over, then digests the whole file. Progress is signalled on a shared flag so that the reading
 * thread, which waits synchronously, never hangs on a worker that failed.
 */
import { createHash } from 'node:crypto';
import { workerData, type MessagePort } from 'node:worker_threads';
import { scanChanges } from './changes-scan.js';
import { STATE, type ScanTask, type WorkerReport } from './changes-task.js';

const task = workerData as ScanTask & { readonly port: MessagePort };
const flag = new Int32Array(task.control);

function signal(state: number): void {
  Atomics.store(flag, 0, state);
  Atomics.notify(flag, 0);
}

function post(report: WorkerReport, transfer: ArrayBuffer[] = []): void {
  task.port.postMessage(report, transfer);
}

signal(STATE.started);
try {
  const bytes = new Uint8Array(task.bytes);
  const outcome = scanChanges(bytes, task.start, bytes.length);
  post({ kind: 'scan', outcome }, outcome.ok ? [outcome.rows.buffer as ArrayBuffer] : []);
  signal(STATE.scanned);
  post({ kind: 'hash', sha256: createHash('sha256').update(bytes).digest('hex') });
  signal(STATE.hashed);
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  signal(STATE.failed);
} finally {
  task.port.close();
}

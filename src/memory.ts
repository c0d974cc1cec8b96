import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Inputs at least this large are worth a full collection between the steps that read them. */
export const LARGE_INPUT_BYTES = 32 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/**
 * Asks V8 for a full garbage collection. V8 collects the old generation lazily, so after a large plan is parsed
 * its bytes and its text (each as large as the file) would stay resident while the plan is mapped; collecting
 * once there keeps the peak near one copy of the plan. Costs a few hundred milliseconds on a large heap, so
 * callers do it only for large inputs. Returns false where the runtime does not allow it.
 */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
  return collect !== null;
}

/**
 * Reads a large plan without building its `resource_changes`. In `terraform show -json` output the changes
 * carry every resource's values twice (`before`, `after`) on top of `planned_values`, yet a scan needs only each
 * change's head, actions and unknown and sensitive markers. So the file is cut in three: the part before the
 * changes and the part after them are parsed on this thread with JSON.parse, while a worker scans the changes
 * themselves (changes-scan.ts: validated as JSON.parse would, noting where each field lies) and digests the file.
 * Only the fields needed are then parsed, from their bytes.
 *
 * The cut is proven, not assumed: the part before the changes is parsed with a random sentinel standing in for
 * their value and must yield it as the document's `resource_changes`; the part after them is parsed from the
 * state JSON.parse would be in after that value. Anything unexpected (another encoding, a cut that does not
 * prove out, invalid JSON anywhere) makes the caller read the file whole, as a small file is, so every error
 * and every result is the same either way.
 */
import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { InputError, type ChangeAction } from '../../src/model/index.js';
import { FIELD, ROW_INTS, rowIsComplete, scanChanges, type ScanOutcome } from './changes-scan.js';
import { STATE, type WorkerReport } from './changes-task.js';
import { describeFsError } from './decode.js';
import { changeOf, toAction, type Change } from './changes.js';
import { isObj } from './types.js';

type Obj = Record<string, unknown>;

export type SplitRead =
  | {
      readonly kind: 'split';
      readonly doc: Obj;
      readonly sha256: string;
      /** Where the changes were scanned: on a worker thread, or here when none could be started. */
      readonly scannedOn: 'worker' | 'main';
      /** The changes, indexed from the scanned rows; absent when `doc` holds `resource_changes` itself. */
      readonly indexed?: (file: string) => Map<string, Change>;
    }
  /** The file could not be split: read it whole. */
  | { readonly kind: 'whole'; readonly bytes: Buffer };

export interface SplitOptions {
  /** Scan on a worker thread (default) or on this thread (where the worker's built file is not at hand). */
  readonly worker?: boolean;
  /** The worker's script (tests): by default the built changes-worker.js beside this module. */
  readonly workerFile?: URL;
}

const KEY = Buffer.from('"resource_changes":');
const WORKER = new URL('./changes-worker.js', import.meta.url);
/** How long to wait for a worker that has not even started before scanning here instead. */
const START_TIMEOUT_MS = 3_000;
/**
 * How long a started worker may take, per MiB of the file, before it is given up for lost (a thread that dies
 * hard cannot say so): ten times what a slow machine needs.
 */
const MS_PER_MIB = 200;

/** Reads `file` (of `size` bytes) split in three, or hands back its bytes to be read whole. */
export function readSplit(file: string, size: number, options: SplitOptions = {}): SplitRead {
  const shared = new SharedArrayBuffer(size);
  const bytes = Buffer.from(shared);
  const length = readInto(file, bytes);
  const whole = { kind: 'whole', bytes: bytes.subarray(0, length) } as const;
  if (length !== size) return whole;
  const from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // Zip archives, UTF-16 and invalid UTF-8 get their errors from the whole read.
  if (bytes[from] !== 0x7b || bytes[from + 1] === 0x00 || !isUtf8(bytes.subarray(from))) return whole;
  const keyAt = bytes.indexOf(KEY, from);
  if (keyAt < 0) return whole;
  const start = keyAt + KEY.length;

  const script = options.workerFile ?? WORKER;
  const scanner = startScan(
    shared,
    start,
    options.worker !== false && existsSync(fileURLToPath(script)) ? script : undefined,
  );
  try {
    const nonce = `\u0000threatgraph-${randomBytes(16).toString('hex')}`;
    const sentinel = JSON.stringify(nonce);
    const head = parseOrUndefined(joined('', bytes.subarray(from, start), `${sentinel}}`));
    if (!isObj(head) || !Object.hasOwn(head, 'resource_changes') || head['resource_changes'] !== nonce)
      return whole;
    const outcome = scanner.scanned();
    if (!outcome.ok) return whole;
    const tail = parseOrUndefined(joined(`{${sentinel}:0`, bytes.subarray(outcome.end, length), ''));
    if (!isObj(tail)) return whole;
    const doc: Obj = {};
    for (const part of [head, tail])
      for (const key of Object.keys(part))
        if (key !== nonce)
          Object.defineProperty(doc, key, {
            value: part[key],
            enumerable: true,
            writable: true,
            configurable: true,
          });
    const read = { kind: 'split', doc, sha256: scanner.hashed(), scannedOn: scanner.on } as const;
    // A later `resource_changes` replaced the scanned one; a scanned value that is no list is parsed, to be refused.
    if (doc['resource_changes'] !== nonce) return read;
    if (!outcome.isArray) {
      doc['resource_changes'] = JSON.parse(bytes.toString('utf8', start, outcome.end)) as unknown;
      return read;
    }
    doc['resource_changes'] = [];
    return { ...read, indexed: (f) => indexRows(bytes, outcome, f) };
  } finally {
    scanner.stop();
  }
}

function readInto(file: string, bytes: Buffer): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new InputError(file, `cannot be read (${describeFsError(error)}); check the path`);
  }
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return offset;
  } finally {
    closeSync(fd);
  }
}

/**
 * A part of the file with a few characters added around it, as one flat string. Joining strings would leave
 * JSON.parse to flatten them into a second copy, while the part's own string (a large object) would stay until
 * the next full collection; a joined buffer is freed as soon as the string is made.
 */
function joined(before: string, part: Buffer, after: string): string {
  return Buffer.concat([Buffer.from(before, 'utf8'), part, Buffer.from(after, 'utf8')]).toString('utf8');
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Marker texts up to this long are parsed once per plan; their values are shared, frozen. */
const SHARED_MAX = 1024;

/**
 * The changes from their scanned rows; an entry the fast checks do not cover is parsed whole and checked.
 * Most changes of a plan repeat a few marker documents (`{}`, `{"tags":{}}`, the computed attributes of a type),
 * so each distinct short text is parsed once and its value, frozen, shared by the changes that hold it.
 */
function indexRows(bytes: Buffer, outcome: ScanOutcome & { ok: true }, file: string): Map<string, Change> {
  const { rows, count } = outcome;
  const out = new Map<string, Change>();
  const shared = new Map<string, unknown>();
  const at = (o: number, field: number): number => rows[o + field * 2] as number;
  const end = (o: number, field: number): number => rows[o + field * 2 + 1] as number;
  const text = (o: number, field: number): string => bytes.toString('utf8', at(o, field), end(o, field));
  const value = (o: number, field: number): unknown => {
    if (at(o, field) < 0) return undefined;
    if (end(o, field) - at(o, field) > SHARED_MAX) return JSON.parse(text(o, field));
    const t = text(o, field);
    let v = shared.get(t);
    if (v === undefined) shared.set(t, (v = deepFreeze(JSON.parse(t))));
    return v;
  };
  for (let i = 0; i < count; i++) {
    const o = i * ROW_INTS;
    if (!rowIsComplete(bytes, rows, o)) {
      const [address, change] = changeOf(JSON.parse(text(o, FIELD.element)), i, file);
      out.set(address, change);
      continue;
    }
    out.set(
      stringAt(bytes, at(o, FIELD.address) + 1, end(o, FIELD.address) - 1),
      new ScannedChange(
        value(o, FIELD.type) as string,
        toAction(value(o, FIELD.actions)),
        value(o, FIELD.unknown),
        value(o, FIELD.sensitive),
        bytes,
        at(o, FIELD.element),
        end(o, FIELD.element),
      ),
    );
  }
  return out;
}

/** A change read from its row; the whole entry is parsed only if asked for. */
class ScannedChange implements Change {
  constructor(
    readonly type: string,
    readonly action: ChangeAction,
    readonly unknown: unknown,
    readonly sensitive: unknown,
    private readonly bytes: Buffer,
    private readonly from: number,
    private readonly to: number,
  ) {}

  entry(): Obj {
    return JSON.parse(this.bytes.toString('utf8', this.from, this.to)) as Obj;
  }
}

function deepFreeze(v: unknown): unknown {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** A string's contents, [from, to) between its quotes: decoded straight, or through JSON.parse if escaped. */
function stringAt(bytes: Buffer, from: number, to: number): string {
  for (let i = from; i < to; i++)
    if (bytes[i] === 0x5c) return JSON.parse(bytes.toString('utf8', from - 1, to + 1)) as string;
  return bytes.toString('utf8', from, to);
}

interface Scanner {
  /** Where the scan ran (or is running). */
  readonly on: 'worker' | 'main';
  scanned(): ScanOutcome;
  hashed(): string;
  stop(): void;
}

/**
 * A worker that fails to load or throws outside its own guard reports nothing: the wait gives up on it and the
 * changes are scanned here, so its error event only must not become an uncaught exception later on. Declared
 * out here because a closure made inside startScan would hold the file's bytes for as long as the worker object
 * lives, which is until the event loop next turns, after the whole scan.
 */
function ignoreWorkerError(): void {
  // Nothing to do: see above.
}

/** Scans on a worker running `script`, or here when there is none or it cannot be started. */
function startScan(shared: SharedArrayBuffer, start: number, script: URL | undefined): Scanner {
  const bytes = new Uint8Array(shared);
  const here: Scanner = {
    on: 'main',
    scanned: () => {
      // Rows past what memory allows (a hostile file of hundreds of millions of changes) end the split.
      try {
        return scanChanges(bytes, start, bytes.length);
      } catch {
        return { ok: false };
      }
    },
    hashed: () => createHash('sha256').update(bytes).digest('hex'),
    stop: () => undefined,
  };
  if (script === undefined) return here;
  const control = new SharedArrayBuffer(4);
  const flag = new Int32Array(control);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(script, {
      workerData: { bytes: shared, start, control, port: port2 },
      transferList: [port2],
    });
  } catch {
    return here;
  }
  worker.unref();
  worker.on('error', ignoreWorkerError);
  let outcome: ScanOutcome | undefined;
  let sha256: string | undefined;
  let failed = false;
  let on: Scanner['on'] = 'main';
  const drain = (): void => {
    for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) {
      const report = m.message as WorkerReport;
      if (report.kind === 'scan') outcome = report.outcome;
      else if (report.kind === 'hash') sha256 = report.sha256;
      else failed = true;
    }
  };
  // Waits until the worker reaches `state`; false if it failed, never started or was given up for lost.
  const deadline = START_TIMEOUT_MS + (shared.byteLength / 1048576) * MS_PER_MIB;
  const reach = (state: number): boolean => {
    let waited = 0;
    for (;;) {
      const now = Atomics.load(flag, 0);
      if (now >= state) return now !== STATE.failed;
      if ((now === STATE.pending && waited >= START_TIMEOUT_MS) || waited >= deadline) {
        failed = true;
        return false;
      }
      Atomics.wait(flag, 0, now, 100);
      waited += 100;
    }
  };
  return {
    get on() {
      return on;
    },
    scanned() {
      if (reach(STATE.scanned)) drain();
      if (outcome === undefined || failed) return here.scanned();
      on = 'worker';
      return outcome;
    },
    hashed() {
      if (reach(STATE.hashed)) drain();
      return sha256 !== undefined && !failed ? sha256 : here.hashed();
    },
    stop() {
      port1.close();
      void worker.terminate();
    },
  };
}

import { createHash } from 'node:crypto';
import { InputError } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { BUNDLE_FILES } from './files.js';

/** One file of a bundle: its path inside the bundle (`/`-separated) and its bytes. */
export interface BundleFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface Manifest {
  readonly tool: { readonly name: string; readonly version: string };
  /** Absent with timestamps off. */
  readonly generatedAt?: string;
  /** Every file of the bundle but the manifest itself, sorted by path. */
  readonly files: readonly ManifestEntry[];
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const byPath = (a: { path: string }, b: { path: string }): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

export function manifestOf(files: readonly BundleFile[], generatedAt: string | undefined): Manifest {
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ...(generatedAt === undefined ? {} : { generatedAt }),
    files: files
      .map((f) => ({ path: f.path, sha256: sha256(f.bytes), size: f.bytes.byteLength }))
      .sort(byPath),
  };
}

/** A path a bundle may hold: relative, `/`-separated, no empty, `.` or `..` segment, no control characters. */
export function isBundlePath(path: string): boolean {
  return (
    path.length > 0 &&
    path.length <= 512 &&
    !/[\p{Cc}\p{Cf}\\:]/u.test(path) &&
    path.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

/** Printable in a one-line message: control characters replaced, length bounded. */
export function shown(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
}

/** The manifest of a bundle read back; a missing or malformed one is bad input (InputError), naming `where`. */
export function parseManifest(where: string, bytes: Uint8Array | undefined): Manifest {
  const bad = (why: string): InputError =>
    new InputError(where, `is not an evidence bundle: ${BUNDLE_FILES.manifest} ${why}`);
  if (bytes === undefined)
    throw bad('is missing; verify takes a directory or .zip written by `threatgraph evidence`');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad('is not JSON');
  }
  const files = (value as { files?: unknown } | null)?.files;
  if (typeof value !== 'object' || value === null || !Array.isArray(files)) throw bad('has no `files` list');
  const seen = new Set<string>();
  const entries = files.map((f: unknown, i): ManifestEntry => {
    const e = f as Partial<Record<keyof ManifestEntry, unknown>> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.path !== 'string' ||
      typeof e.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(e.sha256) ||
      typeof e.size !== 'number' ||
      !Number.isSafeInteger(e.size) ||
      e.size < 0
    )
      throw bad(`has a malformed entry at files[${i}]; each needs path, sha256 (64 hex digits) and size`);
    if (!isBundlePath(e.path) || e.path === BUNDLE_FILES.manifest)
      throw bad(`names a path a bundle cannot hold: "${shown(e.path)}"`);
    if (seen.has(e.path)) throw bad(`lists "${shown(e.path)}" twice`);
    seen.add(e.path);
    return { path: e.path, sha256: e.sha256, size: e.size };
  });
  const v = value as { tool?: { name?: unknown; version?: unknown }; generatedAt?: unknown };
  return {
    tool: {
      name: typeof v.tool?.name === 'string' ? v.tool.name : '',
      version: typeof v.tool?.version === 'string' ? v.tool.version : '',
    },
    ...(typeof v.generatedAt === 'string' ? { generatedAt: v.generatedAt } : {}),
    files: entries,
  };
}

/**
 * What differs between a bundle's files and its manifest, one line each, sorted by path: `missing: P`,
 * `altered: P` (size or SHA-256 differs) and `extra: P` (a file the manifest does not list). Empty when it verifies.
 */
export function checkManifest(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): string[] {
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const problems: { path: string; line: string }[] = [];
  for (const entry of manifest.files) {
    const bytes = files.get(entry.path);
    if (bytes === undefined) problems.push({ path: entry.path, line: `missing: ${shown(entry.path)}` });
    else if (bytes.byteLength !== entry.size || sha256(bytes) !== entry.sha256)
      problems.push({ path: entry.path, line: `altered: ${shown(entry.path)}` });
  }
  for (const path of files.keys())
    if (path !== BUNDLE_FILES.manifest && !listed.has(path))
      problems.push({ path, line: `extra: ${shown(path)}` });
  return problems.sort(byPath).map((p) => p.line);
}

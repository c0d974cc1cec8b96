import { randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { InputError } from '../model/index.js';
import { shown, type BundleFile } from './manifest.js';

/** Whether `--out` names a zip file rather than a directory. */
export const isZipPath = (path: string): boolean => /\.zip$/i.test(path);

/**
 * A deterministic zip of the files: entries sorted by path, every one with the same modification time (the DOS
 * epoch, given in local time because zip stores local time: the bytes do not depend on the time zone).
 */
export function zipBundle(files: readonly BundleFile[]): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const entries: Zippable = {};
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    entries[f.path] = [f.bytes, { mtime, level: 6 }];
  return zipSync(entries, { mtime });
}

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'error';
const tempNextTo = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

/**
 * Writes the bundle all or nothing: into a temporary directory (or zip file) next to `out`, renamed into place
 * once complete. A directory `out` may exist only if empty; a failure leaves nothing behind.
 */
export function writeBundle(files: readonly BundleFile[], out: string): void {
  try {
    mkdirSync(dirname(out), { recursive: true });
  } catch (error) {
    throw new InputError(out, `cannot be created (${code(error)}); choose a writable --out`);
  }
  let existing: 'none' | 'empty-dir' | 'other' = 'none';
  try {
    const stat = statSync(out);
    existing = stat.isDirectory() && readdirSync(out).length === 0 && !isZipPath(out) ? 'empty-dir' : 'other';
  } catch {
    existing = 'none';
  }
  if (existing === 'other')
    throw new InputError(out, 'already exists; choose a new --out (a bundle is never written over another)');
  const temp = tempNextTo(out);
  try {
    if (isZipPath(out)) writeFileSync(temp, zipBundle(files));
    else
      for (const f of files) {
        const file = join(temp, ...f.path.split('/'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, f.bytes);
      }
    renameSync(temp, out);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw new InputError(out, `cannot be written (${code(error)}); check that its directory is writable`);
  }
}

/** The files of a bundle directory or zip, by `/`-separated path. Unreadable input is an InputError. */
export function readBundle(path: string): Map<string, Uint8Array> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (error) {
    throw new InputError(path, `cannot be read (${code(error)}); give a bundle directory or .zip`);
  }
  return isDir ? readDir(path) : readZip(path);
}

function readZip(path: string): Map<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(path));
  } catch (error) {
    const why = error instanceof Error ? shown(error.message) : 'unreadable';
    throw new InputError(path, `is not a readable zip file (${why}); give a bundle directory or .zip`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(entries)) if (!name.endsWith('/')) out.set(name, bytes);
  return out;
}

/** Regular files by content; a symbolic link is never followed, and stands as a file of its own text. */
function readDir(root: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full, rel);
      else if (stat.isSymbolicLink())
        out.set(rel, new TextEncoder().encode(`symlink -> ${readlinkSync(full)}`));
      else out.set(rel, readFileSync(full));
    }
  };
  try {
    walk(root, '');
  } catch (error) {
    throw new InputError(root, `cannot be read (${code(error)}); check its permissions`);
  }
  return out;
}

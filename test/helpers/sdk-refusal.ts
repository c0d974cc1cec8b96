import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A temporary directory for proving an SDK is loaded lazily: `register.mjs` installs a module loader hook that
 * throws `<label> LOADED: <specifier>` for every package under `prefix`, and each of `entries` is bundled into it
 * (packages stay external and dynamic imports stay dynamic, so the hook sees exactly what is loaded and when).
 * Run a bundle with `node --import <register> <dir>/<out>`.
 */
export async function sdkRefusal(
  prefix: string,
  label: string,
  entries: readonly { readonly entry: string; readonly out: string }[],
): Promise<{ dir: string; register: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-lazy-'));
  const hooks = join(dir, 'hooks.mjs');
  // Bare specifiers resolve from the repository (the bundles live in a temporary directory).
  writeFileSync(
    hooks,
    `const root = ${JSON.stringify(pathToFileURL(join(ROOT, 'package.json')).href)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith(${JSON.stringify(prefix)})) throw new Error(${JSON.stringify(`${label} LOADED: `)} + specifier);
  const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
  return next(specifier, bare ? { ...context, parentURL: root } : context);
}`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  for (const { entry, out } of entries)
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: join(dir, out),
      logLevel: 'silent',
    });
  return { dir, register: pathToFileURL(register).href };
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Azure SDK is loaded only once a scan starts. The collector is bundled (packages stay external, dynamic
 * imports stay dynamic) and run in a child process whose module loader refuses every `@azure/` package: loading
 * it and rejecting bad input must succeed, and a scan, the control, must hit the refusal.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-lazy-azure-'));
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `const root = ${JSON.stringify(pathToFileURL(join(ROOT, 'package.json')).href)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@azure/')) throw new Error('AZURE SDK LOADED: ' + specifier);
  const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
  return next(specifier, bare ? { ...context, parentURL: root } : context);
}`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  await build({
    entryPoints: [join(ROOT, 'collectors/azure/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: join(dir, 'azure.mjs'),
    logLevel: 'silent',
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(subscription: string): string {
  const script = `import { collectAzure } from ${JSON.stringify(pathToFileURL(join(dir, 'azure.mjs')).href)};
try { await collectAzure({ subscriptions: [${JSON.stringify(subscription)}], endpoint: 'https://127.0.0.1:9' }); }
catch (e) { console.log(e.message); }`;
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return `${r.stdout}${r.stderr}`;
}

describe('Azure SDK loading', () => {
  it('loads the collector and rejects a bad subscription without the SDK', () => {
    const out = run('not-a-guid');
    expect(out).toContain('"not-a-guid" is not a subscription id (a GUID)');
    expect(out).not.toContain('AZURE SDK LOADED');
  });

  it('loads the SDK once a scan starts (the control)', () => {
    expect(run('11111111-2222-3333-4444-555555555555')).toContain('AZURE SDK LOADED: @azure/');
  });
});

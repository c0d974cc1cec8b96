import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The AWS SDK is loaded only for `--aws`. The CLI is bundled (packages stay external, dynamic imports stay
 * dynamic) and run in a child process whose module loader refuses every `@aws-sdk/` package: a plan scan must
 * succeed, and a live scan, the control, must hit the refusal.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let hooks: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-lazy-'));
  hooks = join(dir, 'hooks.mjs');
  // Bare specifiers resolve from the repository (the bundle lives in a temporary directory).
  writeFileSync(
    hooks,
    `const root = ${JSON.stringify(pathToFileURL(join(ROOT, 'package.json')).href)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/')) throw new Error('AWS SDK LOADED: ' + specifier);
  const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
  return next(specifier, bare ? { ...context, parentURL: root } : context);
}`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  writeFileSync(
    join(dir, 'live.ts'),
    `import { scanAws } from ${JSON.stringify(join(ROOT, 'src/scan.ts'))};
await scanAws({ regions: ['us-east-1'], endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });`,
  );
  for (const [entry, out] of [
    [join(ROOT, 'src/cli/main.ts'), 'cli.mjs'],
    [join(dir, 'live.ts'), 'live.mjs'],
  ] as const) {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: join(dir, out),
      logLevel: 'silent',
    });
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, script), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    },
  );
}

describe('AWS SDK clients are loaded lazily', () => {
  it('a plan scan loads none of them', () => {
    const r = run(
      'cli.mjs',
      'scan',
      'fixtures/reference-architecture/aws/plan.json',
      '--format',
      'json',
      '--no-timestamps',
    );
    expect(r.stderr).not.toContain('AWS SDK LOADED');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inputs: [{ format: 'terraform-plan' }] });
  });

  it('a live scan loads them (the refusal is seen)', () => {
    const r = run('live.mjs');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('AWS SDK LOADED: @aws-sdk/');
  });
});

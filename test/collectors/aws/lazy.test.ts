import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sdkRefusal } from '../../helpers/sdk-refusal.js';

/**
 * The AWS SDK is loaded only for `--aws`. The CLI is bundled (packages stay external, dynamic imports stay
 * dynamic) and run in a child process whose module loader refuses every `@aws-sdk/` package: a plan scan must
 * succeed, and a live scan, the control, must hit the refusal.
 */

let dir: string;
let register: string;

beforeAll(async () => {
  const live = join(mkdtempSync(join(tmpdir(), 'tg-lazy-entry-')), 'live.ts');
  writeFileSync(
    live,
    `import { scanAws } from ${JSON.stringify(join(ROOT, 'src/scan.ts'))};
await scanAws({ regions: ['us-east-1'], endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });`,
  );
  ({ dir, register } = await sdkRefusal('@aws-sdk/', 'AWS SDK', [
    { entry: join(ROOT, 'src/cli/main.ts'), out: 'cli.mjs' },
    { entry: live, out: 'live.mjs' },
  ]));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', register, join(dir, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
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

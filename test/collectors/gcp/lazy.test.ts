import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sdkRefusal } from '../../helpers/sdk-refusal.js';

/**
 * The Google Cloud clients are loaded only for `--gcp`. The CLI and a live entry are bundled (packages stay
 * external, dynamic imports stay dynamic) and run in a child process whose module loader refuses every
 * `@google-cloud/` package: a plan scan and a rejected project must succeed without them, and a live scan, the
 * control, must hit the refusal.
 */

let dir: string;
let register: string;

beforeAll(async () => {
  const live = join(mkdtempSync(join(tmpdir(), 'tg-lazy-entry-')), 'live.ts');
  writeFileSync(
    live,
    `import { scanGcp } from ${JSON.stringify(join(ROOT, 'src/scan.ts'))};
try { await scanGcp({ projects: [process.argv[2]], apiEndpoint: 'http://127.0.0.1:9' }); }
catch (e) { console.log(e.message); process.exitCode = 3; }`,
  );
  ({ dir, register } = await sdkRefusal('@google-cloud/', 'GOOGLE CLOUD SDK', [
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
    timeout: 60_000,
  });
}

describe('Google Cloud clients are loaded lazily', () => {
  it('a plan scan loads none of them', () => {
    const r = run(
      'cli.mjs',
      'scan',
      'fixtures/reference-architecture/gcp/plan.json',
      '--format',
      'json',
      '--no-timestamps',
      '--no-store',
    );
    expect(r.stderr).not.toContain('GOOGLE CLOUD SDK LOADED');
    expect([0, 1]).toContain(r.status);
    expect(JSON.parse(r.stdout)).toMatchObject({ inputs: [{ format: 'terraform-plan' }] });
  });

  it('a bad project is rejected before any client is loaded', () => {
    const r = run('live.mjs', 'Not_A_Project');
    expect(r.stdout).toBe('--project: "Not_A_Project" is not a project id or number\n');
    expect(`${r.stdout}${r.stderr}`).not.toContain('GOOGLE CLOUD SDK LOADED');
  });

  it('a live scan loads them (the refusal is seen)', () => {
    const r = run('live.mjs', 'acme-ml-test');
    expect(`${r.stdout}${r.stderr}`).toContain('GOOGLE CLOUD SDK LOADED: @google-cloud/');
  });
});

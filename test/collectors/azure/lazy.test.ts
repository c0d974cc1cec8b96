import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sdkRefusal } from '../../helpers/sdk-refusal.js';

/**
 * The Azure SDK is loaded only once a scan starts. The collector is bundled (packages stay external, dynamic
 * imports stay dynamic) and run in a child process whose module loader refuses every `@azure/` package: loading
 * it and rejecting bad input must succeed, and a scan, the control, must hit the refusal.
 */

let dir: string;

let register: string;

beforeAll(async () => {
  ({ dir, register } = await sdkRefusal('@azure/', 'AZURE SDK', [
    { entry: join(ROOT, 'collectors/azure/index.ts'), out: 'azure.mjs' },
  ]));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(subscription: string): string {
  const script = `import { collectAzure } from ${JSON.stringify(pathToFileURL(join(dir, 'azure.mjs')).href)};
try { await collectAzure({ subscriptions: [${JSON.stringify(subscription)}], endpoint: 'https://127.0.0.1:9' }); }
catch (e) { console.log(e.message); }`;
  const r = spawnSync(process.execPath, ['--import', register, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
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

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificate, type TestCertificate } from '../fake-azure/cert.js';
import { FakeAzure } from '../fake-azure/server.js';
import { account, SUB, tenant } from '../collectors/azure/fixture.js';
import { cli } from '../helpers/cli.js';

/**
 * `scan --azure` end to end: the built CLI in a child process, with DefaultAzureCredential reading a service
 * principal from the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) and signing in at the
 * fake Entra (AZURE_AUTHORITY_HOST), the test certificate trusted through NODE_EXTRA_CA_CERTS: nothing is mocked.
 */

const BIN = join(process.cwd(), 'dist/src/cli/main.js');

describe('scan --azure usage', () => {
  it.each([
    [['--azure'], '--azure: needs the subscriptions to read; add --subscription <id> (repeatable)'],
    [
      ['--azure', '--aws', '--subscription', SUB],
      '--azure: cannot go with --aws; scan each cloud in a separate run',
    ],
    [
      ['--azure', '--subscription', SUB, 'fixtures/reference-architecture/azure/plan.json'],
      '--azure: cannot go with plan or source paths; scan them in a separate run',
    ],
    [
      ['--azure', '--subscription', SUB, '--endpoint-url', 'http://127.0.0.1:1'],
      '--endpoint-url: must be https: Azure Resource Manager takes bearer tokens over TLS only',
    ],
    [
      ['--azure', '--subscription', 'not-a-guid'],
      '--subscription: "not-a-guid" is not a subscription id (a GUID) or all',
    ],
  ])('scan %j is a one-line usage error', async (args, message) => {
    const run = await cli('scan', ...args, '--no-store');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`threatgraph: error: ${message}\n`);
    expect(run.stdout).toBe('');
  });
});

describe.skipIf(!existsSync(BIN) && process.env['CI'] === undefined)(
  'scan --azure against a fake Azure',
  () => {
    let certificate: TestCertificate;
    let fake: FakeAzure;
    let caFile: string;

    beforeAll(async () => {
      certificate = makeTestCertificate();
      caFile = join(mkdtempSync(join(tmpdir(), 'tg-azure-ca-')), 'ca.pem');
      writeFileSync(caFile, certificate.cert);
      fake = new FakeAzure(tenant(), certificate);
      await fake.start();
    });

    afterAll(async () => {
      await fake.stop();
    });

    function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const { tenantId, clientId, clientSecret } = fake.tenant;
      const child = spawn(process.execPath, [BIN, ...args], {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: mkdtempSync(join(tmpdir(), 'tg-azure-home-')),
          AZURE_TENANT_ID: tenantId,
          AZURE_CLIENT_ID: clientId,
          AZURE_CLIENT_SECRET: clientSecret,
          AZURE_AUTHORITY_HOST: fake.url,
          NODE_EXTRA_CA_CERTS: caFile,
          THREATGRAPH_STORE: 'off',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      return new Promise((resolve) => {
        child.on('close', (code) => {
          resolve({ code, stdout, stderr });
        });
      });
    }

    it('reads the subscription with the environment credential and reports its AI services', async () => {
      const got = await run([
        'scan',
        '--azure',
        '--subscription',
        SUB,
        '--endpoint-url',
        fake.url,
        '-f',
        'json',
      ]);
      expect(got.stderr).not.toContain('error');
      const report = JSON.parse(got.stdout) as {
        inputs: { path: string; format: string }[];
        assets: { id: string; kind: string }[];
      };
      expect(report.inputs.map((i) => [i.path, i.format])).toEqual([[`azure://${SUB}`, 'azure-live']]);
      expect(report.assets.map((a) => a.id)).toEqual(
        expect.arrayContaining([account('oai-locked'), account('ais-open')]),
      );
      // Threats decide the exit code as for a plan.
      expect([0, 1]).toContain(got.code);
      // Only the token request is not a GET, and it is the client-credentials grant of the environment's principal.
      expect(fake.log.filter((c) => c.method !== 'GET').map((c) => c.grantType)).toEqual([
        'client_credentials',
      ]);
    });
  },
);

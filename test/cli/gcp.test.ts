import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gcpOptions } from '../../src/cli/gcp-flags.js';
import { answered, FakeGcp, readOnly, STS_PATH, SUBJECT_TOKEN } from '../fake-gcp/server.js';
import { PROJECT, project, vertex, workbench } from '../collectors/gcp/fixture.js';
import { cli } from '../helpers/cli.js';

/**
 * `scan --gcp` end to end: the built CLI in a child process, with Application Default Credentials read from
 * GOOGLE_APPLICATION_CREDENTIALS: an external-account (workforce identity federation) file whose subject token is
 * a local file and whose STS token endpoint is the fake, so the production GoogleAuth path runs and nothing is
 * mocked. HOME is empty, so no gcloud credential of the machine can be picked up.
 */

const BIN = join(process.cwd(), 'dist/src/cli/main.js');

describe('scan --gcp flags', () => {
  it('turns the flags into collector options', () => {
    expect(
      gcpOptions({
        project: ['p-one1', 'p-two2'],
        locations: 'europe-west4, us-central1',
        concurrency: '4',
        endpointUrl: 'http://localhost:8123/ignored/path',
      }),
    ).toEqual({
      projects: ['p-one1', 'p-two2'],
      locations: ['europe-west4', 'us-central1'],
      concurrency: 4,
      apiEndpoint: 'http://localhost:8123',
    });
    expect(gcpOptions({ project: ['p-one1'] })).toEqual({
      projects: ['p-one1'],
      locations: ['us-central1'],
      concurrency: 8,
    });
  });
});

describe('scan --gcp usage', () => {
  it.each([
    [['--gcp'], '--gcp: needs the projects to read; add --project <id> (repeatable) or --project all'],
    [
      ['--gcp', '--project', 'all', '--project', PROJECT],
      '--project: all cannot go with project ids; give either --project all or each --project <id>',
    ],
    [
      ['--gcp', '--azure', '--project', PROJECT],
      '--gcp: cannot go with --aws or --azure; scan each cloud in a separate run',
    ],
    [
      ['--gcp', '--project', PROJECT, 'fixtures/reference-architecture/gcp/plan.json'],
      '--gcp: cannot go with plan or source paths; scan them in a separate run',
    ],
    [
      ['--gcp', '--project', PROJECT, '--endpoint-url', 'http://example.com:8080'],
      '--endpoint-url: must be https unless it is on this machine (127.0.0.1 or localhost): the access token goes with every call',
    ],
    [['--gcp', '--project', 'Bad_Project'], '--project: "Bad_Project" is not a project id or number'],
    [
      ['--gcp', '--project', PROJECT, '--locations', 'mars'],
      '--locations: "mars" is not a Cloud region (e.g. us-central1)',
    ],
    [
      ['--gcp', '--project', PROJECT, '--locations', ' , '],
      '--locations: names no location; write e.g. us-central1',
    ],
  ])('scan %j is a one-line usage error', async (args, message) => {
    const run = await cli('scan', ...args, '--no-store');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`threatgraph: error: ${message}\n`);
    expect(run.stdout).toBe('');
  });
});

/** An external-account ADC file whose subject token the fake's STS exchanges for its access token. */
function credentialsFor(fake: FakeGcp): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-gcp-adc-'));
  writeFileSync(join(dir, 'subject-token'), SUBJECT_TOKEN);
  const file = join(dir, 'adc.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'external_account',
      audience: '//iam.googleapis.com/locations/global/workforcePools/ci/providers/fake',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${fake.url}${STS_PATH}`,
      credential_source: { file: join(dir, 'subject-token') },
    }),
  );
  return file;
}

describe('scan --gcp --project all (in process, against the fake)', () => {
  let fake: FakeGcp;
  const before = process.env['GOOGLE_APPLICATION_CREDENTIALS'];

  beforeAll(async () => {
    fake = new FakeGcp({
      [PROJECT]: { vertex: {} },
      'acme-ml-old': { vertex: {}, state: 'DELETE_REQUESTED' },
    });
    await fake.start();
    process.env['GOOGLE_APPLICATION_CREDENTIALS'] = credentialsFor(fake);
  });

  afterAll(async () => {
    if (before === undefined) delete process.env['GOOGLE_APPLICATION_CREDENTIALS'];
    else process.env['GOOGLE_APPLICATION_CREDENTIALS'] = before;
    await fake.stop();
  });

  const scanAll = (): ReturnType<typeof cli> =>
    cli(
      'scan',
      '--gcp',
      '--project',
      'all',
      '--locations',
      'europe-west4',
      '--endpoint-url',
      fake.url,
      '-f',
      'json',
      '--no-timestamps',
      '--no-store',
    );

  it('reads the ACTIVE projects and reports the one being deleted as a coverage gap', async () => {
    const run = await scanAll();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      inputs: { path: string }[];
      coverage: { kind: string; message: string }[];
    };
    expect(report.inputs.map((i) => i.path)).toEqual([`gcp://${PROJECT}`]);
    expect(report.coverage).toContainEqual(
      expect.objectContaining({
        kind: 'skipped',
        message: 'project acme-ml-old is DELETE_REQUESTED, not ACTIVE; it was not read',
      }),
    );
    expect(fake.apiCalls().filter((c) => c.includes('acme-ml-old'))).toEqual([]);
  });

  it.each([
    ['denied', 'PERMISSION_DENIED'],
    ['exhausted', 'RESOURCE_EXHAUSTED'],
  ] as const)('exits 2 with one line when the listing is %s', async (kind, code) => {
    fake.faults.push({ collection: 'projects', kind, pathIncludes: ':search' });
    try {
      const run = await scanAll();
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `threatgraph: error: --project: all: cannot list the projects the credential sees (${code}); name them with --project <id>\n`,
      );
      expect(run.stdout).toBe('');
    } finally {
      fake.faults.length = 0;
    }
  });
});

describe.skipIf(!existsSync(BIN) && process.env['CI'] === undefined)(
  'scan --gcp against a fake Vertex AI',
  () => {
    let fake: FakeGcp;
    let credentials: string;

    beforeAll(async () => {
      fake = new FakeGcp({ [PROJECT]: project() });
      await fake.start();
      credentials = credentialsFor(fake);
    });

    afterAll(async () => {
      await fake.stop();
    });

    function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: mkdtempSync(join(tmpdir(), 'tg-gcp-home-')),
          GOOGLE_APPLICATION_CREDENTIALS: credentials,
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

    it('reads the project with Application Default Credentials and reports its Vertex AI resources', async () => {
      const got = await run([
        'scan',
        '--gcp',
        '--project',
        PROJECT,
        '--locations',
        'europe-west4',
        '--endpoint-url',
        fake.url,
        '-f',
        'json',
        '--no-timestamps',
      ]);
      expect(got.stderr).not.toContain('error');
      const report = JSON.parse(got.stdout) as {
        inputs: { path: string; format: string; regions: string[] }[];
        assets: { id: string; kind: string }[];
      };
      expect(report.inputs.map((i) => [i.path, i.format, i.regions])).toEqual([
        [`gcp://${PROJECT}`, 'gcp-live', ['europe-west4']],
      ]);
      expect(report.assets.map((a) => a.id)).toEqual(
        expect.arrayContaining([vertex('endpoints', 'open'), vertex('datasets', 'd1'), workbench('wb-open')]),
      );
      expect([0, 1]).toContain(got.code);
      // Only the token exchanges (one per scope: read-only, monitoring.read for Cloud Monitoring, and full for
      // IAM) and the read-only getIamPolicy RPCs are not GETs.
      const posts = fake.log.filter((c) => !readOnly(c));
      expect(posts.map((c) => c.path)).toEqual([STS_PATH, STS_PATH, STS_PATH]);
      expect(fake.log.every(answered)).toBe(true);
      const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
      addFormats.default(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')) as object);
      expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    });
  },
);

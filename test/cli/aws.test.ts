import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsOptions } from '../../src/cli/aws-flags.js';
import { cleanAwsEnvironment } from '../fake-aws/client.js';
import { loadOrg } from '../fake-aws/fixture.js';
import { FakeAws } from '../fake-aws/server.js';
import { cli } from '../helpers/cli.js';

/** `threatgraph scan --aws`: the flags, their errors, and a live scan of the fake through the CLI. */

const base = { assumeRole: [] as string[] };

describe('scan --aws flags', () => {
  it('turns the flags into collector options', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-roles-'));
    const file = join(dir, 'roles.txt');
    writeFileSync(
      file,
      '# accounts\narn:aws:iam::222222222222:role/scanner\n\narn:aws:iam::333333333333:role/scanner\n',
    );
    const now = new Date('2026-03-31T00:00:00Z');
    expect(
      awsOptions(
        {
          ...base,
          regions: 'us-east-1,eu-west-1',
          assumeRole: ['arn:aws:iam::111111111111:role/scanner', `@${file}`],
          externalId: 'ext',
          since: '30d',
          concurrency: '16',
          callTimeout: '5s',
        },
        now,
      ),
    ).toEqual({
      regions: ['us-east-1', 'eu-west-1'],
      assumeRoles: [
        'arn:aws:iam::111111111111:role/scanner',
        'arn:aws:iam::222222222222:role/scanner',
        'arn:aws:iam::333333333333:role/scanner',
      ],
      externalId: 'ext',
      since: new Date('2026-03-01T00:00:00Z'),
      concurrency: 16,
      callTimeoutMs: 5000,
    });
    expect(awsOptions({ ...base, regions: 'all' }, now).regions).toBe('all');
  });

  it.each([
    [['--aws', 'plan.json'], '--aws: cannot go with plan or source paths; scan them in a separate run'],
    [
      ['--aws', '--regions', 'us-east-1,mars'],
      '--regions: "mars" is not a region name; write e.g. us-east-1,eu-west-1 or all',
    ],
    [
      ['--aws', '--assume-role', 'arn:aws:iam::1:user/x'],
      '--assume-role: "arn:aws:iam::1:user/x" is not an IAM role ARN',
    ],
    [
      ['--aws', '--since', 'a month'],
      '--since: "a month" is not a duration; write e.g. 30d, 12h, 30s or 500ms',
    ],
    [['--aws', '--concurrency', '0'], '--concurrency: "0" is not a number from 1 to 256'],
  ])('%j is a one-line usage error', async (args, message) => {
    const r = await cli('scan', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

describe('scan --aws against the fake AWS', () => {
  const fake = new FakeAws(loadOrg('small'));
  beforeAll(async () => {
    cleanAwsEnvironment();
    await fake.start();
    // The standard credential chain reads these.
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDFAKEBASE';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'fake-secret';
  });
  afterAll(async () => {
    cleanAwsEnvironment();
    await fake.stop();
  });

  it('writes a JSON report of the account that validates against the published schema', async () => {
    const r = await cli(
      'scan',
      '--aws',
      '--endpoint-url',
      fake.url,
      '--since',
      '3650d',
      '--format',
      'json',
      '--no-timestamps',
    );
    // Nothing but the SDK's own Node version notice: no progress off a terminal, no SDK logging.
    expect(
      r.stderr.replace(
        /\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?show where the warning was created\)\n/,
        '',
      ),
    ).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      inputs: { format: string; account: string; regions: string[] }[];
      coverage: { kind: string; service?: string; api?: string; errorCode?: string }[];
      threats: { assets?: string[] }[];
    };
    expect(report.inputs).toEqual([
      expect.objectContaining({ format: 'aws-live', account: '111111111111', regions: ['us-east-1'] }),
    ]);
    expect(report.coverage.map((n) => [n.kind, n.service, n.api, n.errorCode])).toEqual([
      // The 2020 training job (inside a 100-year window) runs as a role that no longer exists.
      ['unresolved-link', 'iam', 'GetRole', 'NoSuchEntity'],
      // Without the tests' host rewriting, S3 Control's `<account>.127.0.0.1` host is not a URL.
      ['skipped', 's3control', 'GetPublicAccessBlock', 'TypeError'],
    ]);
    expect(report.threats.length).toBeGreaterThan(0);
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/cli.js';
import { PLANTED_SECRETS, azurePlanWithSecrets } from '../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '../..');
const AWS = join(ROOT, 'fixtures/reference-architecture/aws/plan.json');
const AZURE = join(ROOT, 'fixtures/reference-architecture/azure/plan.json');
const HARDENED = join(ROOT, 'fixtures/reference-architecture/aws/hardened.json');
const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));

afterEach(() => {
  process.exitCode = undefined;
});

describe('exit codes', () => {
  it('exits 0 when nothing is at or above --fail-on', async () => {
    expect((await cli('scan', HARDENED, '--fail-on', 'high')).code).toBe(0);
  });
  it('exits 1 when a threat is at or above --fail-on', async () => {
    const run = await cli('scan', AWS, '--fail-on', 'high');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('HIGH (');
  });
  it('exits 0 with --fail-on none, which overrides --fail-on-new', async () => {
    expect((await cli('scan', AWS, '--fail-on', 'none')).code).toBe(0);
    const older = join(dir, 'older.json');
    writeFileSync(older, (await cli('scan', HARDENED, '-f', 'json')).stdout);
    expect((await cli('scan', AWS, '--baseline', older, '--fail-on-new')).code).toBe(1);
    expect((await cli('scan', AWS, '--baseline', older, '--fail-on-new', '--fail-on', 'none')).code).toBe(0);
  });
  it('exits 0 without --fail-on whatever it finds', async () => {
    expect((await cli('scan', AWS)).code).toBe(0);
  });
  it('exits 2 with a one-line error naming the file for unreadable input', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format_version": "1.0",');
    const run = await cli('scan', bad);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `threatgraph: error: ${bad}: invalid JSON: ends unexpectedly at offset 25 (the file looks truncated); regenerate it with \`terraform show -json\`\n`,
    );
  });
  it('exits 2 for an unknown role, severity or option', async () => {
    expect((await cli('scan', AWS, '--role', 'AP,XX')).stderr).toBe(
      'threatgraph: error: --role: unknown party "XX" in --role; use one or more of CSP, MP, OSP, AP, AIC\n',
    );
    expect((await cli('scan', AWS, '--role', 'AP,XX')).code).toBe(2);
    expect((await cli('scan', AWS, '--fail-on', 'severe')).code).toBe(2);
    expect((await cli('scan', AWS, '--frobnicate')).code).toBe(2);
    expect((await cli('explain', 'TG-NOPE-999')).stderr).toBe(
      'threatgraph: error: TG-NOPE-999: is not a rule id; run `threatgraph rules` to list them\n',
    );
  });
  it('scans a directory of Terraform source, with variables from --var', async () => {
    const src = mkdtempSync(join(dir, 'src-'));
    writeFileSync(
      join(src, 'main.tf'),
      'variable "name" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n',
    );
    const run = await cli('scan', src, '--var', 'name=training-data', '--format', 'json', '--no-timestamps');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      inputs: { format: string }[];
      assets: { id: string; name: string; source: { file?: string; line?: number } }[];
    };
    expect(report.inputs.map((i) => i.format)).toEqual(['terraform-source']);
    const bucket = report.assets.find((a) => a.id === 'aws_s3_bucket.b');
    expect(bucket?.name).toBe('training-data');
    expect(bucket?.source.line).toBe(2);
    expect(bucket?.source.file?.endsWith('main.tf')).toBe(true);
    expect((await cli('scan', src, '--var', 'novalue')).stderr).toBe(
      'threatgraph: error: --var: "novalue" is not name=value; write --var name=value\n',
    );
    expect((await cli('scan', src, '--var', 'novalue')).code).toBe(2);
  });

  it('points a threat found in source at the file and line to fix, and keeps the reason of an unknown', async () => {
    const src = mkdtempSync(join(dir, 'nb-'));
    writeFileSync(
      join(src, 'main.tf'),
      [
        'variable "internet" {}',
        '',
        'resource "aws_sagemaker_notebook_instance" "lab" {',
        '  name                   = "lab"',
        '  instance_type          = "ml.t3.medium"',
        '  role_arn               = "arn:aws:iam::111122223333:role/lab"',
        '  direct_internet_access = "Enabled"',
        '  root_access            = var.internet',
        '}',
        '',
      ].join('\n'),
    );
    const table = (await cli('scan', src)).stdout;
    expect(table).toContain('TG-DEV-001');
    expect(table).toMatch(/at: \S*main\.tf:3\n/);
    const report = JSON.parse((await cli('scan', src, '--format', 'json')).stdout) as {
      assets: { id: string; facts: Record<string, { state: string; reason?: string }> }[];
    };
    const lab = report.assets.find((a) => a.id === 'aws_sagemaker_notebook_instance.lab');
    expect(lab?.facts['rootAccess']?.state).toBe('unknown');
    const threat = (
      JSON.parse((await cli('scan', src, '--format', 'json')).stdout) as {
        threats: { ruleId: string; evidence: { attribute: string; source: { line?: number } }[] }[];
      }
    ).threats.find((t) => t.ruleId === 'TG-DEV-001');
    expect(threat?.evidence.find((e) => e.attribute === 'direct_internet_access')?.source.line).toBe(7);
    expect(lab?.facts['rootAccess']?.reason).toContain('variable internet has no value');
  });
});

describe('outputs', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const validate = ajv.compile(
    JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object,
  );

  it.each([AWS, AZURE, HARDENED])('JSON for %s validates against the published schema', async (plan) => {
    const report: unknown = JSON.parse((await cli('scan', plan, '--format', 'json')).stdout);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('is byte-identical across runs with --no-timestamps, and timestamped otherwise', async () => {
    const a = (await cli('scan', AWS, '--format', 'json', '--no-timestamps')).stdout;
    const b = (await cli('scan', AWS, '--format', 'json', '--no-timestamps')).stdout;
    expect(a).toBe(b);
    expect(a).not.toContain('generatedAt');
    expect((await cli('scan', AWS, '--format', 'json')).stdout).toMatch(/"generatedAt": "\d{4}-\d\d-\d\dT/);
  });

  it('honours SOURCE_DATE_EPOCH for reproducible timestamps', async () => {
    vi.stubEnv('SOURCE_DATE_EPOCH', '1700000000');
    try {
      expect((await cli('scan', AWS, '--format', 'json')).stdout).toContain(
        '"generatedAt": "2023-11-14T22:13:20.000Z"',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('writes --output atomically and leaves nothing behind when the run fails', async () => {
    const out = join(dir, 'report.json');
    expect((await cli('scan', AWS, '--format', 'json', '--output', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ schemaVersion: '1.0.0' });
    const failed = join(dir, 'failed.json');
    expect((await cli('scan', join(dir, 'missing.json'), '--output', failed)).code).toBe(2);
    expect(existsSync(failed)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('draws zones as clusters with flows in Mermaid and DOT', async () => {
    const mermaid = (await cli('graph', AWS)).stdout;
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    for (const zone of ['internet', 'dmz', 'internal_interface', 'internal_protected', 'development']) {
      expect(mermaid).toContain(`subgraph ${zone}[`);
    }
    expect(mermaid).toMatch(/n\d+ -->\|authenticate\| n\d+/);
    expect(mermaid).toMatch(/n\d+ -\.->\|invoke\| n\d+/);
    const dot = (await cli('graph', AWS, '--format', 'dot')).stdout;
    expect(dot).toContain('subgraph "cluster_dmz"');
    expect(dot).toMatch(/-> n\d+ \[label="train-on"/);
    const json = JSON.parse((await cli('graph', AWS, '--format', 'json')).stdout) as { zones: unknown[] };
    expect(json.zones.length).toBe(5);
  });

  it('renders a Markdown report with the threats and a diagram', async () => {
    const md = (await cli('scan', AWS, '--format', 'markdown')).stdout;
    expect(md).toContain('## threatgraph threat model');
    expect(md).toContain('| high | TG-DEV-001 |');
    expect(md).toContain('```mermaid');
  });

  it('lists and explains rules', async () => {
    const rules = (await cli('rules')).stdout;
    expect(rules).toMatch(/^ID +SSRM/);
    expect(rules).toContain('TG-DATA-002');
    const json = JSON.parse((await cli('rules', '--format', 'json')).stdout) as {
      id: string;
      match?: unknown;
    }[];
    expect(json.find((r) => r.id === 'TG-DATA-002')?.match).toBeUndefined();
    const explain = (await cli('explain', 'tg-data-002')).stdout;
    // The page docs/rules/TG-DATA-002.md, exactly (test/report/rule-docs.test.ts keeps the file current).
    expect(explain).toBe(readFileSync(join(ROOT, 'docs/rules/TG-DATA-002.md'), 'utf8'));
    expect(explain.split('\n')[0]).toBe(
      '# TG-DATA-002: Training data can be written from the internet: data poisoning',
    );
    expect(explain).toContain('- TVM-04 (v1.0.3: TVM-12) Threat Analysis and Modelling');
  });
});

describe('secrets never leave through an output', () => {
  const secretPlan = azurePlanWithSecrets();

  it.each(['table', 'json', 'markdown', 'mermaid', 'dot'])(
    '%s output contains neither secret',
    async (format) => {
      const run = await cli('scan', secretPlan, '--format', format);
      expect(run.code).toBe(0);
      for (const secret of PLANTED_SECRETS) expect(run.stdout).not.toContain(secret);
    },
  );

  it('keeps redacted values visible as redacted', async () => {
    expect((await cli('scan', secretPlan, '--format', 'json')).stdout).toContain('"ci_token": "[REDACTED');
  });
});

describe('the installed bin', () => {
  const bin = join(ROOT, 'dist/src/cli/main.js');
  it.skipIf(!existsSync(bin))('runs the quick-start scan as a separate process', () => {
    const run = spawnSync(process.execPath, [bin, 'scan', AWS], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^threatgraph \d+\.\d+\.\d+: 1 input, \d+ assets in 5 zones/);
  });
});

describe('redaction patterns', () => {
  it('replaces credential-looking values and leaves ordinary text alone', async () => {
    const { redact } = await import('../../src/report/redact.js');
    expect(redact('key AKIAIOSFODNN7EXAMPLE here')).toBe('key [REDACTED:aws-access-key-id] here');
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----')).toBe(
      '[REDACTED:private-key]',
    );
    expect(redact('Authorization: sk-proj-abcdefghijklmnopqrstuvwx')).toBe(
      'Authorization: [REDACTED:api-key]',
    );
    expect(redact('DefaultEndpointsProtocol=https;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789==')).toBe(
      'DefaultEndpointsProtocol=https;AccountKey=[REDACTED]',
    );
    expect(redact('"password": "hunter2hunter2"')).toBe('"password": "[REDACTED]"');
    const plain = 'Set api_key_required = true on aws_api_gateway_method; token budget; TG-DATA-002';
    expect(redact(plain)).toBe(plain);
  });
});

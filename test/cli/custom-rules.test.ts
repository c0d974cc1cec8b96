import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { FACT_TYPES } from '../../src/rules-dir/declarative.js';
import { cli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const AWS = join(ROOT, 'fixtures/reference-architecture/aws/plan.json');
const HARDENED = join(ROOT, 'fixtures/reference-architecture/aws/hardened.json');
const RULES = join(ROOT, 'fixtures/rules');
const VALID = join(RULES, 'valid');
const CRASHING = join(RULES, 'crashing');
const INVALID = join(RULES, 'invalid');
const dir = mkdtempSync(join(tmpdir(), 'tg-rules-'));

afterEach(() => {
  process.exitCode = undefined;
});

interface Report {
  threats: { ruleId: string; assets: string[]; path?: string[] }[];
  rules: { ruleId: string; threats: number; error?: string }[];
}

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(
  JSON.parse(readFileSync(join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object,
);

describe('--rules and --skip-rules', () => {
  it('runs only the selected rules and reports only them', async () => {
    const run = await cli(
      'scan',
      AWS,
      '--format',
      'json',
      '--rules',
      'TG-DEV-001,ai/data',
      '--skip-rules',
      'TG-DATA-007',
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const selected = BUILTIN_RULES.filter((r) => r.id === 'TG-DEV-001' || r.family === 'ai/data')
      .map((r) => r.id)
      .filter((id) => id !== 'TG-DATA-007');
    expect(report.rules.map((r) => r.ruleId)).toEqual(selected);
    expect(new Set(report.threats.map((t) => t.ruleId))).toEqual(
      new Set(['TG-DEV-001', 'TG-DATA-004', 'TG-DATA-005', 'TG-DATA-006', 'TG-DATA-012']),
    );
  });

  it('applies to --fail-on: a skipped rule cannot fail the build', async () => {
    expect((await cli('scan', AWS, '--fail-on', 'high')).code).toBe(1);
    expect((await cli('scan', AWS, '--fail-on', 'high', '--skip-rules', '>=high')).code).toBe(0);
  });

  it('previews the selection with `threatgraph rules`', async () => {
    const run = await cli('rules', '--rules', 'LLM01:2025', '--skip-rules', 'critical');
    expect(
      run.stdout
        .split('\n')
        .slice(1, -2)
        .map((l) => l.split(' ')[0]),
    ).toEqual([
      'TG-IAM-006',
      'TG-INF-003',
      'TG-INF-013',
      'TG-MODEL-011',
      'TG-ORCH-001',
      'TG-ORCH-002',
      'TG-ORCH-005',
      'TG-ORCH-006',
      'TG-ORCH-008',
      'TG-ORCH-009',
      'TG-ORCH-013',
      'TG-ORCH-014',
      'TG-ORCH-017',
    ]);
    expect(run.stdout).toMatch(/\n13 rules\n$/);
  });

  it('exits 2 with one line naming an unknown selector and how to list the valid ones', async () => {
    const run = await cli(
      'scan',
      AWS,
      '--rules',
      'TG-DATA-001,AML.T9999',
      '--output',
      join(dir, 'never.json'),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'threatgraph: error: --rules: unknown selector "AML.T9999"; use a rule id, family, severity, STRIDE category, ATLAS, OWASP or AICM id, lifecycle stage or SSRM layer; `threatgraph rules` lists the rules and `threatgraph rules --format json` their mappings\n',
    );
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    expect((await cli('rules', '--skip-rules', 'nope')).code).toBe(2);
  });
});

describe('--rules-dir', () => {
  it('adds YAML and JavaScript rules that find threats in the reference plan, in every output', async () => {
    const run = await cli('scan', AWS, '--rules-dir', VALID, '--format', 'json', '--no-timestamps');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const custom = report.threats.filter((t) => t.ruleId.startsWith('ACME-'));
    expect(custom.map((t) => [t.ruleId, t.assets])).toEqual([
      ['ACME-INF-001', ['aws_sagemaker_endpoint.llm']],
      ['ACME-DATA-001', ['module.data.aws_s3_bucket.training']],
      ['ACME-DEV-001', ['aws_sagemaker_notebook_instance.research']],
    ]);
    expect(custom[0]?.path).toEqual([
      'internet',
      'aws_api_gateway_rest_api.llm',
      'aws_sagemaker_endpoint.llm',
    ]);
    const builtin = JSON.parse((await cli('scan', AWS, '--format', 'json')).stdout) as Report;
    expect(report.threats.filter((t) => !t.ruleId.startsWith('ACME-'))).toEqual(builtin.threats);

    const table = (await cli('scan', AWS, '--rules-dir', VALID)).stdout;
    expect(table).toContain('  ACME-DEV-001   Notebook instance metadata accepts unauthenticated requests\n');
    expect((await cli('scan', AWS, '--rules-dir', VALID, '--format', 'markdown')).stdout).toContain(
      '| high | ACME-INF-001 |',
    );
  });

  it('finds nothing in the hardened plan', async () => {
    const run = await cli('scan', HARDENED, '--rules-dir', VALID, '--format', 'json', '--fail-on', 'low');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).threats).toEqual([]);
  });

  it('selects custom rules like built-in ones and lists them', async () => {
    const run = await cli(
      'scan',
      AWS,
      '--rules-dir',
      VALID,
      '--rules',
      'acme-dev-001,ACME-INF-001',
      '--format',
      'json',
    );
    expect((JSON.parse(run.stdout) as Report).threats.map((t) => t.ruleId)).toEqual([
      'ACME-INF-001',
      'ACME-DEV-001',
    ]);
    const listed = await cli('rules', '--rules-dir', VALID, '--rules', 'ai/development', '--format', 'json');
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id)).toEqual([
      'TG-DEV-001',
      'TG-DEV-002',
      'TG-DEV-003',
      'TG-DEV-004',
      'TG-DEV-005',
      'TG-DEV-006',
      'TG-DEV-007',
      'TG-DEV-008',
      'TG-DEV-009',
      'ACME-DEV-001',
    ]);
    expect((await cli('scan', AWS, '--rules', 'ACME-DEV-001')).code).toBe(2);
  });

  it('keeps every other threat when a custom rule throws or returns garbage, and reports it', async () => {
    const plain = JSON.parse(
      (await cli('scan', AWS, '--format', 'json', '--no-timestamps')).stdout,
    ) as Report;
    const run = await cli('scan', AWS, '--rules-dir', CRASHING, '--format', 'json', '--no-timestamps');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.threats).toEqual(plain.threats);
    expect(report.rules.slice(0, BUILTIN_RULES.length)).toEqual(plain.rules);
    expect(report.rules.slice(BUILTIN_RULES.length)).toEqual([
      { ruleId: 'ACME-CRASH-003', threats: 0, error: 'match returned a number, not an iterable of findings' },
      { ruleId: 'ACME-CRASH-004', threats: 0, error: 'finding 1: params.asset is a number, not a string' },
      {
        ruleId: 'ACME-CRASH-005',
        threats: 0,
        error: 'finding 1: has no assets (a non-empty array of asset ids)',
      },
      {
        ruleId: 'ACME-CRASH-006',
        threats: 0,
        error: 'match returned a Promise; a rule must return its findings synchronously',
      },
      { ruleId: 'ACME-CRASH-001', threats: 0, error: 'match threw Error: boom' },
      {
        ruleId: 'ACME-CRASH-002',
        threats: 0,
        error: 'match threw TypeError: cannot read the second asset after 1 finding(s)',
      },
    ]);
    expect(run.stderr.split('\n')[4]).toBe(
      'threatgraph: warning: rule ACME-CRASH-001 could not be evaluated: match threw Error: boom; the other rules ran',
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(6);

    const table = await cli('scan', AWS, '--rules-dir', CRASHING, '--fail-on', 'high');
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(
      `\nRules: 6 of ${String(BUILTIN_RULES.length + 6)} could not be evaluated; their threats are missing, the other rules ran\n  ACME-CRASH-003 could not evaluate: match returned a number, not an iterable of findings\n`,
    );
    expect((await cli('scan', AWS, '--rules-dir', CRASHING, '--format', 'markdown')).stdout).toContain(
      '> **6 rules could not be evaluated**; their threats are missing: ACME-CRASH-003 (match returned a number',
    );
  });

  const file = (name: string): string => join(INVALID, name);
  const CASES: readonly (readonly [string, string])[] = [
    [
      'yaml-syntax',
      `${file('yaml-syntax/rule.yaml')}:7: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the syntax`,
    ],
    [
      'unknown-key',
      `${file('unknown-key/rule.yaml')}:10: unknown key "severity"; a rule takes id, title, family, description, message, stride, atlas, owasp, lifecycle, ssrm, controls, impact, likelihood, likelihoodModifiers, clouds, remediation, match`,
    ],
    [
      'proto-key',
      `${file('proto-key/rule.yaml')}:10: unknown key "__proto__"; a rule takes id, title, family, description, message, stride, atlas, owasp, lifecycle, ssrm, controls, impact, likelihood, likelihoodModifiers, clouds, remediation, match`,
    ],
    [
      'wrong-type',
      `${file('wrong-type/rule.yaml')}:9: impact: is "high", not a whole number from 1 to 5; use 1 (negligible) to 5 (severe)`,
    ],
    [
      'missing-field',
      `${file('missing-field/rule.yaml')}:1: "title" is missing; a rule needs id, title, family, description, message, stride, lifecycle, ssrm, impact, likelihood, remediation, match`,
    ],
    [
      'reserved-id',
      `${file('reserved-id/rule.yaml')}:1: id: TG-DATA-001 uses the prefix TG-, which is reserved for built-in rules; give the rule your own prefix, e.g. ACME-DATA-001`,
    ],
    [
      'duplicate-id',
      `${file('duplicate-id/b.yaml')}: id ACME-BAD-001 is also the id of the rule in ${file('duplicate-id/a.yaml')}; give each rule its own id`,
    ],
    [
      'selector-id',
      `${file('selector-id/rule.yaml')}: id IAM-13 is also an AICM control id, so --rules IAM-13 would be ambiguous; choose another id`,
    ],
    [
      'unknown-atlas',
      `${file('unknown-atlas/rule.yaml')}:8: atlas.techniques[1]: unknown ATLAS technique id AML.M0025 (it is an ATLAS mitigation); use a technique id (AML.Tnnnn or AML.Tnnnn.nnn) of MITRE ATLAS 5.6.0`,
    ],
    [
      'unknown-owasp',
      `${file('unknown-owasp/rule.yaml')}:8: owasp.llm[0]: unknown OWASP LLM 2025 id LLM11:2025; use an OWASP Top 10 for LLM Applications id, LLM01:2025 to LLM10:2025`,
    ],
    [
      'unknown-aicm',
      `${file('unknown-aicm/rule.yaml')}:10: controls.aicm[0]: unknown AICM v1.1.0 control id DSP-99; use a control id of the AICM v1.1.0, e.g. DSP-17`,
    ],
    [
      'unknown-fact',
      `${file('unknown-fact/rule.yaml')}:16: match.when[0].fact: "versionning" is not a fact; use one of ${Object.keys(FACT_TYPES).join(', ')}`,
    ],
    [
      'fact-value-type',
      `${file('fact-value-type/rule.yaml')}:17: match.when[0].is: is "no", but versioning is true or false; write is: true or is: false`,
    ],
    [
      'unknown-placeholder',
      `${file('unknown-placeholder/rule.yaml')}:5: message: uses {path}, which this rule does not fill; use {asset}, {id}, {kind}`,
    ],
    [
      'no-condition',
      `${file('no-condition/rule.yaml')}:13: match: has neither when conditions nor reachableFrom, so it would report every asset of its kinds; add a condition`,
    ],
    [
      'two-documents',
      `${file('two-documents/rule.yaml')}:18: holds more than one YAML document; put one rule per file`,
    ],
    [
      'empty-file',
      `${file('empty-file/rule.yaml')}: is empty; write one rule as a YAML mapping (see the README)`,
    ],
    [
      'ts-module',
      `${file('ts-module/rule.ts')}: is TypeScript, which threatgraph does not compile; compile it to JavaScript (e.g. with tsc) and keep the .js next to it or point --rules-dir at the output`,
    ],
    [
      'js-no-default',
      `${file('js-no-default/rule.mjs')}: has no default export; write export default { id: ..., match(view) { ... } } or an array of such rules`,
    ],
    [
      'js-bad-meta',
      `${file('js-bad-meta/rule.mjs')}: default[1].stride[1]: "X" is not one of the STRIDE letters; use S, T, R, I, D, E`,
    ],
    [
      'js-match-not-function',
      `${file('js-match-not-function/rule.mjs')}: default.match: is not a function; give the rule a match(view) that returns its findings`,
    ],
    [
      'js-throws-on-load',
      `${file('js-throws-on-load/rule.mjs')}: cannot be loaded: Error: cannot start; fix the module (an ES module or CommonJS file Node can import)`,
    ],
  ];

  it('has a test case for every invalid fixture', () => {
    expect(CASES.map(([name]) => name).sort()).toEqual(readdirSync(INVALID).sort());
  });

  it.each(CASES)(
    'refuses invalid/%s with one line naming the file, exit 2 and no output',
    async (name, message) => {
      const output = join(dir, `${name}.json`);
      const run = await cli(
        'scan',
        AWS,
        '--rules-dir',
        join(INVALID, name),
        '--format',
        'json',
        '--output',
        output,
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`threatgraph: error: ${message}\n`);
      expect(existsSync(output)).toBe(false);
    },
  );

  it('refuses a --rules-dir that is missing, a file, or holds no rules', async () => {
    expect((await cli('rules', '--rules-dir', join(RULES, 'nope'))).stderr).toBe(
      `threatgraph: error: ${join(RULES, 'nope')}: cannot be read (no such directory); check the --rules-dir path\n`,
    );
    expect((await cli('rules', '--rules-dir', join(RULES, 'README.md'))).stderr).toBe(
      `threatgraph: error: ${join(RULES, 'README.md')}: is not a directory; --rules-dir takes a directory of .yaml, .yml, .js, .mjs or .cjs rule files\n`,
    );
    const empty = mkdtempSync(join(dir, 'empty-'));
    const run = await cli('rules', '--rules-dir', empty);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `threatgraph: error: ${empty}: holds no rule files (.yaml, .yml, .js, .mjs, .cjs); check the --rules-dir path\n`,
    );
  });
});

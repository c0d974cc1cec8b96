import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { validateIds } from '../../src/catalog/index.js';
import { evaluateRule } from '../../src/engine/guard.js';
import { runRules } from '../../src/engine/run.js';
import { InputError, type Finding, type Rule } from '../../src/model/index.js';
import { loadModuleRules, loadRulesDirs, parseYamlRule } from '../../src/rules-dir/load.js';
import { scanFilesSync } from '../../src/scan.js';
import { UNKNOWN, asset, flow, run } from '../helpers/inventory.js';

const ROOT = join(import.meta.dirname, '../..');
const RULES = join(ROOT, 'fixtures/rules');
const AWS = join(ROOT, 'fixtures/reference-architecture/aws/plan.json');
const HARDENED = join(ROOT, 'fixtures/reference-architecture/aws/hardened.json');

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

function yamlError(source: string): string {
  try {
    parseYamlRule('rule.yaml', source);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError');
}

const BASE = `id: ACME-T-001
title: Store without versioning
family: ai/data
description: A store keeps no versions.
message: '{asset} keeps no versions'
stride: [T]
lifecycle: [data-storage]
ssrm: PI
impact: 4
likelihood: 3
remediation:
  aws: Turn versioning on.
`;

describe('custom rules from --rules-dir', () => {
  it('loads YAML and JavaScript rules in path order, checked like built-in rules', async () => {
    const rules = await loadRulesDirs([join(RULES, 'valid')], BUILTIN_RULES);
    expect(rules.map((r) => r.id)).toEqual(['ACME-INF-001', 'ACME-DEV-001', 'ACME-DATA-001']);
    for (const rule of rules) expect(validateIds(rule)).toEqual([]);
    const notebook = rules[1] as Rule;
    // The seed control is always cited; v1.0.3 ids come from the crosswalk; clouds default to the remediations.
    expect(notebook.controls).toEqual({
      aicm: [
        { id: 'IAM-05', v103: 'IAM-05' },
        { id: 'I&S-03', v103: 'I&S-03' },
        { id: 'TVM-04', v103: 'TVM-12' },
      ],
      iso27001: ['A.8.9'],
    });
    expect(notebook.clouds).toEqual(['aws']);
    expect(notebook.description).not.toMatch(/\n/);
    expect((rules[0] as Rule).owasp).toEqual({ llm: ['LLM10:2025'], ml: [] });
  });

  it('finds threats on the reference plan and none on the hardened one', async () => {
    const rules = await loadRulesDirs([join(RULES, 'valid')], BUILTIN_RULES);
    const scan = scanFilesSync([AWS], { rules });
    const byRule = new Map(scan.threats.map((t) => [t.ruleId, t]));
    const notebook = byRule.get('ACME-DEV-001');
    expect(notebook?.assets).toEqual(['aws_sagemaker_notebook_instance.research']);
    expect(notebook?.message).toBe('llm-research (notebook) does not require IMDSv2 session tokens');
    expect(notebook?.evidence.map((e) => e.attribute)).toEqual([
      'instance_metadata_service_configuration[0].minimum_instance_metadata_service_version',
    ]);
    expect(notebook?.severity).toBe('medium');
    const endpoint = byRule.get('ACME-INF-001');
    expect(endpoint?.path).toEqual([
      'internet',
      'aws_api_gateway_rest_api.llm',
      'aws_sagemaker_endpoint.llm',
    ]);
    expect(endpoint?.message).toBe(
      'llm-chat is invoked from the internet (Users and systems on the internet → llm-chat-api → llm-chat) and logs no invocations',
    );
    expect(endpoint?.evidence.length).toBeGreaterThan(1);
    expect(byRule.get('ACME-DATA-001')?.message).toBe(
      'acme-llm-training-data feeds training and keeps no versions',
    );
    expect(scan.rules.map((r) => r.threats)).toEqual([1, 1, 1]);

    expect(scanFilesSync([HARDENED], { rules }).threats).toEqual([]);
  });

  it('makes a finding possible on an unknown fact and lowers likelihood for a control', () => {
    const rule = parseYamlRule(
      'rule.yaml',
      `${BASE}match:
  kinds: [object-store]
  when:
    - fact: versioning
      is: false
  controls:
    - fact: immutability
      is: true
      control: object lock
`,
    );
    const { threats } = run(
      [
        asset('a', 'object-store', { versioning: false, immutability: true }),
        asset('b', 'object-store', { versioning: UNKNOWN }),
        asset('c', 'object-store', { versioning: true }),
        asset('d', 'object-store', {}),
      ],
      [],
      [rule],
    );
    expect(threats.map((t) => [t.assets[0], t.confidence, t.likelihood])).toEqual([
      ['b', 'possible', 3],
      ['a', 'confirmed', 2],
    ]);
    expect(threats[0]?.unknowns).toEqual([
      { assetId: 'b', fact: 'versioning', reason: 'known only after apply' },
    ]);
    expect(threats[1]?.existingControls).toEqual([
      { control: 'object lock', assetId: 'a', evidence: 'immutability = true' },
    ]);
  });

  it('reports a path rule only for assets reached from the zone, with the path', () => {
    const rule = parseYamlRule(
      'rule.yaml',
      BASE.replace("'{asset} keeps no versions'", "'{asset} is written from the internet: {path}'") +
        `match:
  kinds: [object-store]
  reachableFrom:
    zone: internet
    flows: [invoke, write]
`,
    );
    const { threats } = run(
      [
        asset('internet', 'external-entity', {}, { provider: 'external' }),
        asset('fn', 'function'),
        asset('open', 'object-store'),
        asset('closed', 'object-store'),
      ],
      [flow('internet', 'fn', 'invoke'), flow('fn', 'open', 'write'), flow('fn', 'closed', 'read')],
      [rule],
    );
    expect(threats.map((t) => [t.assets, t.path, t.message])).toEqual([
      [['open'], ['internet', 'fn', 'open'], 'open is written from the internet: internet → fn → open'],
    ]);
  });

  it('compares string facts with a string value', () => {
    const rule = parseYamlRule(
      'rule.yaml',
      `${BASE.replace('[data-storage]', '[ai-applications]')}match:
  kinds: [api-gateway]
  when:
    - fact: authMethod
      is: NONE
`,
    );
    const { threats } = run(
      [asset('a', 'api-gateway', { authMethod: 'NONE' }), asset('b', 'api-gateway', { authMethod: 'IAM' })],
      [],
      [rule],
    );
    expect(threats.map((t) => t.assets[0])).toEqual(['a']);
  });

  it('loads a JavaScript module exporting one rule with the built-in API', async () => {
    const [rule] = await loadModuleRules(join(RULES, 'valid/training-bucket.mjs'));
    expect(rule?.id).toBe('ACME-DATA-001');
    expect(rule?.controls.aicm.map((c) => c.id)).toEqual(['DSP-23', 'TVM-04']);
    expect(typeof rule?.match).toBe('function');
  });

  it('names the file and line of what is wrong, in one line', () => {
    expect(
      yamlError(`${BASE}severity: high\nmatch: {kinds: [dataset], when: [{fact: versioning, is: false}]}\n`),
    ).toBe(
      'rule.yaml:13: unknown key "severity"; a rule takes id, title, family, description, message, stride, atlas, owasp, lifecycle, ssrm, controls, impact, likelihood, likelihoodModifiers, clouds, remediation, match',
    );
    expect(
      yamlError(
        `${BASE}match:\n  kinds: [dataset]\n  when:\n    - fact: versioning\n      is: false\n      absent: maybe\n`,
      ),
    ).toBe(
      'rule.yaml:18: match.when[0].absent: is "maybe"; write absent: skip (the asset is not concerned, the default) or absent: bad (a missing fact counts as the bad value)',
    );
    expect(yamlError(`${BASE}match:\n  kinds: [resource-set]\n  when: []\n`)).toMatch(
      /^rule\.yaml:14: match\.kinds\[0\]: "resource-set" is not one of the asset kinds; use external-entity, /,
    );
    expect(
      yamlError(`${BASE}match:\n  kinds: [dataset]\n  reachableFrom: {zone: outside, flows: [invoke]}\n`),
    ).toMatch(
      /^rule\.yaml:15: match\.reachableFrom\.zone: "outside" is not a zone; use one of internet, dmz, /,
    );
    expect(
      yamlError(
        BASE.replace('ssrm: PI', 'ssrm: PI\nclouds: [aws, azure]') +
          'match: {kinds: [dataset], when: [{fact: versioning, is: false}]}\n',
      ),
    ).toBe(
      'rule.yaml:12: remediation: has no entry for azure, which clouds lists; add remediation.azure or leave azure out of clouds',
    );
    expect(yamlError('- just\n- a list\n')).toMatch(
      /^rule\.yaml:1: is a list, not a mapping; a rule takes id, /,
    );
    expect(yamlError('id: [\n')).toMatch(/^rule\.yaml:\d+: invalid YAML: .*; fix the syntax$/);
    expect(yamlError('a: &x [1]\nb: *y\n')).toBe(
      'rule.yaml: invalid YAML: Unresolved alias (the anchor must be set before the alias): y; fix the syntax',
    );
    // Aliases cannot blow a small file up into a huge rule.
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      laughs.push(
        `${'bcdefghi'[i] ?? ''}: &${'bcdefghi'[i] ?? ''} [${Array(10)
          .fill(`*${'abcdefghi'[i] ?? ''}`)
          .join(', ')}]`,
      );
    expect(yamlError(laughs.join('\n'))).toMatch(/^rule\.yaml: invalid YAML: Excessive alias count/);
  });

  it('cannot pollute prototypes through __proto__ or constructor keys', async () => {
    const message = await rejection(loadRulesDirs([join(RULES, 'invalid/proto-key')], BUILTIN_RULES));
    expect(message).toMatch(/rule\.yaml:10: unknown key "__proto__"; /);
    expect(
      yamlError(`${BASE}match:\n  kinds: [dataset]\n  when:\n    - fact: constructor\n      is: true\n`),
    ).toMatch(/^rule\.yaml:16: match\.when\[0\]\.fact: "constructor" is not a fact; /);
    expect(
      yamlError(
        BASE.replace('aws: Turn versioning on.', '__proto__: x') +
          'match: {kinds: [dataset], when: [{fact: versioning, is: false}]}\n',
      ),
    ).toMatch(/^rule\.yaml:12: remediation: unknown key "__proto__"; remediation takes aws, azure, gcp$/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses an id that a built-in or another custom rule has, or that reads as a selector', async () => {
    expect(await rejection(loadRulesDirs([join(RULES, 'invalid/duplicate-id')], BUILTIN_RULES))).toBe(
      `${join(RULES, 'invalid/duplicate-id/b.yaml')}: id ACME-BAD-001 is also the id of the rule in ${join(RULES, 'invalid/duplicate-id/a.yaml')}; give each rule its own id`,
    );
    // The same directory twice loads each file once.
    expect(
      (await loadRulesDirs([join(RULES, 'valid'), join(RULES, 'valid/')], BUILTIN_RULES)).map((r) => r.id),
    ).toHaveLength(3);
    const builtin = { ...(BUILTIN_RULES[0] as Rule), id: 'ACME-DEV-001' };
    expect(await rejection(loadRulesDirs([join(RULES, 'valid')], [builtin]))).toBe(
      `${join(RULES, 'valid/notebook-imds.yaml')}: id ACME-DEV-001 is also the id of a built-in rule; give each rule its own id`,
    );
  });
});

describe('a rule cannot crash the scan', () => {
  const view = run([asset('a', 'object-store', { versioning: false })], [], []).view;
  const meta = BUILTIN_RULES[0] as Rule;
  const rule = (id: string, match: () => unknown): Rule => ({ ...meta, id, match: match as Rule['match'] });
  const good: Finding = { assets: ['a'], params: { asset: 'a' }, evidence: [] };

  it.each([
    [
      'throws',
      () => {
        throw new RangeError('too deep');
      },
      'match threw RangeError: too deep',
    ],
    [
      'throws a string',
      () => {
        // A JavaScript rule may throw anything, not only an Error.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 'oops\nsecond line';
      },
      'match threw oops',
    ],
    ['returns undefined', () => undefined, 'match returned undefined, not an iterable of findings'],
    [
      'returns a Promise',
      () => Promise.resolve([]),
      'match returned a Promise; a rule must return its findings synchronously',
    ],
    [
      'throws while iterating',
      function* () {
        yield good;
        throw new Error('late');
      },
      'match threw Error: late after 1 finding(s)',
    ],
    ['yields null', () => [null], 'finding 1: is null, not a finding object'],
    [
      'misses assets',
      () => [{ params: {}, evidence: [] }],
      'finding 1: has no assets (a non-empty array of asset ids)',
    ],
    [
      'names an unknown asset',
      () => [{ ...good, assets: ['zz'] }],
      'finding 1: names asset zz, which is not in the graph',
    ],
    [
      'gives a number param',
      () => [good, { ...good, params: { n: 3 } }],
      'finding 2: params.n is a number, not a string',
    ],
    [
      'gives bad evidence',
      () => [{ ...good, evidence: [{ assetId: 'a' }] }],
      'finding 1: evidence[0].attribute is missing',
    ],
    [
      'gives a later evidence item a bad source line',
      () => [
        {
          ...good,
          evidence: [
            { assetId: 'a', attribute: 'x' },
            { assetId: 'a', attribute: 'y', source: { input: 'i', address: 'a', line: 1.5 } },
          ],
        },
      ],
      'finding 1: evidence[1].source.line is not a whole number',
    ],
    [
      'gives an unknown with a number reason',
      () => [
        {
          ...good,
          unknowns: [
            { assetId: 'a', fact: 'f', reason: 'r' },
            { assetId: 'a', fact: 'f', reason: 2 },
          ],
        },
      ],
      'finding 1: unknowns[1].reason is a number, not a string',
    ],
    [
      'gives a bad path',
      () => [{ ...good, path: ['a', 3] }],
      'finding 1: path[1] is a number, not an asset id',
    ],
    [
      'adds a key',
      () => [{ ...good, severity: 'high' }],
      'finding 1: has an unknown key "severity" (a finding has assets, path, params, evidence, unknowns, controls)',
    ],
  ])('reports a rule that %s', (_what, match, error) => {
    expect(evaluateRule(rule('ACME-X-001', match), view)).toEqual({ error });
  });

  it('runs the other rules and records the failure in the rule runs', () => {
    const result = runRules(
      [
        rule('ACME-A-001', () => [good]),
        rule('ACME-B-001', () => {
          throw new Error('boom');
        }),
        rule('ACME-C-001', () => [good]),
      ],
      view,
      { roles: ['AP'] },
    );
    expect(result.threats.map((t) => t.ruleId)).toEqual(['ACME-A-001', 'ACME-C-001']);
    expect(result.rules).toEqual([
      { ruleId: 'ACME-A-001', threats: 1 },
      { ruleId: 'ACME-B-001', threats: 0, error: 'match threw Error: boom' },
      { ruleId: 'ACME-C-001', threats: 1 },
    ]);
  });

  it('keeps every built-in threat when crashing custom rules run alongside', async () => {
    const crashing = await loadRulesDirs([join(RULES, 'crashing')], BUILTIN_RULES);
    const alone = scanFilesSync([AWS]);
    const mixed = scanFilesSync([AWS], { rules: [...BUILTIN_RULES, ...crashing] });
    expect(mixed.threats).toEqual(alone.threats);
    expect(mixed.rules.filter((r) => r.error !== undefined).map((r) => [r.ruleId, r.error])).toEqual([
      ['ACME-CRASH-003', 'match returned a number, not an iterable of findings'],
      ['ACME-CRASH-004', 'finding 1: params.asset is a number, not a string'],
      ['ACME-CRASH-005', 'finding 1: has no assets (a non-empty array of asset ids)'],
      ['ACME-CRASH-006', 'match returned a Promise; a rule must return its findings synchronously'],
      ['ACME-CRASH-001', 'match threw Error: boom'],
      ['ACME-CRASH-002', 'match threw TypeError: cannot read the second asset after 1 finding(s)'],
    ]);
  });
});

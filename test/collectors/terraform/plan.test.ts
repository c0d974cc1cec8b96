import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlan, readPlanFile } from '../../../collectors/terraform/plan.js';
import { InputError } from '../../../src/model/index.js';
import { planWriter } from '../../helpers/fixtures.js';

const { dir, write: file } = planWriter('tg-plan-');

const minimal = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  planned_values: {
    root_module: {
      resources: [
        {
          address: 'aws_s3_bucket.b',
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'b',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          values: { bucket: 'data' },
          sensitive_values: {},
        },
      ],
    },
  },
  resource_changes: [
    {
      address: 'aws_s3_bucket.b',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'b',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: { bucket: 'data' },
        after_unknown: { arn: true, id: true },
        after_sensitive: {},
      },
    },
  ],
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('encodings', () => {
  const text = JSON.stringify(minimal);
  it.each([
    ['UTF-8', Buffer.from(text, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ])('reads %s', (_name, bytes) => {
    const plan = readPlanFile(file(bytes));
    expect(plan.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b']);
    expect(plan.info.formatVersion).toBe('1.2');
  });

  it('refuses a binary plan file with the command to run', () => {
    const path = file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(errorOf(() => readPlanFile(path))).toBe(
      `${path}: this is a binary plan file; run \`terraform show -json <file>\` and scan its output`,
    );
  });

  it('refuses invalid UTF-8 with the byte offset', () => {
    const path = file(
      Buffer.concat([
        Buffer.from('{"format_version":"1.0","x":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
    );
    expect(errorOf(() => readPlanFile(path))).toBe(
      `${path}: is not valid UTF-8 (byte offset 29); save it as UTF-8 and scan again`,
    );
  });

  it.each([
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['an overlong form', [0xe0, 0x80, 0xaf]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('refuses %s with its byte offset, and reads a literal U+FFFD', (_name, bad) => {
    const prefix = Buffer.from('{"format_version":"1.0","x":"\uFFFD');
    const path = file(Buffer.concat([prefix, Buffer.from(bad), Buffer.from('"}')]));
    expect(errorOf(() => readPlanFile(path))).toBe(
      `${path}: is not valid UTF-8 (byte offset ${prefix.length}); save it as UTF-8 and scan again`,
    );
    expect(readPlanFile(file(Buffer.concat([prefix, Buffer.from('"}')]))).info.formatVersion).toBe('1.0');
  });

  it('refuses UTF-16 without a byte order mark', () => {
    const path = file(Buffer.from(text, 'utf16le'));
    expect(errorOf(() => readPlanFile(path))).toBe(
      `${path}: looks like UTF-16 without a byte order mark; save it as UTF-8 and scan again`,
    );
  });
});

describe('malformed input', () => {
  it('names the offset, line and column of a JSON syntax error', () => {
    const path = file('{\n  "format_version": "1.0",\n  "x": ]\n}');
    expect(errorOf(() => readPlanFile(path))).toMatch(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid JSON at offset 36 \\(line 3, column 8\\); regenerate it with \`terraform show -json\`$`,
      ),
    );
  });

  it('says a truncated file looks truncated', () => {
    const text = JSON.stringify(minimal);
    const path = file(text.slice(0, 100));
    expect(errorOf(() => readPlanFile(path))).toBe(
      `${path}: invalid JSON: ends unexpectedly at offset 100 (the file looks truncated); regenerate it with \`terraform show -json\``,
    );
  });

  it('refuses an empty file', () => {
    const path = file('');
    expect(errorOf(() => readPlanFile(path))).toBe(
      `${path}: is empty; expected the output of \`terraform show -json\``,
    );
  });

  it('refuses an unknown major format version', () => {
    expect(errorOf(() => readPlan({ ...minimal, format_version: '2.0' }, 'p.json', ''))).toBe(
      'p.json: has format_version "2.0", which this version of threatgraph cannot read (it reads 0.1 to 1.x); upgrade threatgraph',
    );
  });

  it.each(['0.1', '0.2', '1.0', '1.1', '1.2', '1.9'])('reads format_version %s', (v) => {
    expect(readPlan({ ...minimal, format_version: v }, 'p.json', '').resources).toHaveLength(1);
  });

  it('refuses JSON that is not a plan', () => {
    expect(errorOf(() => readPlan({ hello: 1 }, 'p.json', ''))).toBe(
      'p.json: has no format_version; expected the output of `terraform show -json`',
    );
    expect(errorOf(() => readPlan([1, 2], 'p.json', ''))).toBe(
      'p.json: is not a JSON object; expected the output of `terraform show -json`',
    );
  });

  it('refuses structurally broken sections with the path to them', () => {
    expect(errorOf(() => readPlan({ format_version: '1.0', resource_changes: {} }, 'p.json', ''))).toBe(
      'p.json: resource_changes is not a list; the file is not valid `terraform show -json` output',
    );
    expect(
      errorOf(() =>
        readPlan(
          { format_version: '1.0', planned_values: { root_module: { resources: [{ type: 'x' }] } } },
          'p.json',
          '',
        ),
      ),
    ).toBe(
      'p.json: planned_values.root_module.resources[0] lacks address, type or name; the file is not valid `terraform show -json` output',
    );
  });

  it('names a missing file', () => {
    expect(errorOf(() => readPlanFile(join(dir, 'nope.json')))).toBe(
      `${join(dir, 'nope.json')}: cannot be read (no such file); check the path`,
    );
  });

  it('treats __proto__ keys as plain data', () => {
    const text = JSON.stringify(minimal).replace(
      '"bucket":"data"',
      '"bucket":"data","__proto__":{"polluted":true}',
    );
    const plan = readPlanFile(file(text));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.hasOwn(plan.resources[0]?.values ?? {}, '__proto__')).toBe(true);
  });

  it('survives deeply nested values', () => {
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
    const text = JSON.stringify(minimal).replace('"bucket":"data"', `"bucket":"data","deep":${deep}`);
    expect(readPlanFile(file(text)).resources).toHaveLength(1);
  });

  it('refuses modules nested beyond any real plan', () => {
    let node: Record<string, unknown> = { resources: [] };
    for (let i = 0; i < 150; i++) node = { child_modules: [node] };
    expect(
      errorOf(() => readPlan({ format_version: '1.0', planned_values: { root_module: node } }, 'p.json', '')),
    ).toMatch(/nests modules more than 100 deep; the file is not a real plan$/);
  });
});

describe('plan semantics', () => {
  it('lists deleted resources apart and does not model them', () => {
    const plan = readPlan(
      {
        ...minimal,
        resource_changes: [
          ...minimal.resource_changes,
          {
            address: 'aws_s3_bucket.old',
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'old',
            change: { actions: ['delete'], before: { bucket: 'old' }, after: null },
          },
        ],
      },
      'p.json',
      '',
    );
    expect(plan.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b']);
    expect(plan.deleted).toEqual([{ address: 'aws_s3_bucket.old', type: 'aws_s3_bucket' }]);
  });

  it('keeps after_unknown and after_sensitive for the mappers, and the action', () => {
    const r = readPlan(minimal, 'p.json', '').resources[0];
    expect(r?.unknown).toEqual({ arn: true, id: true });
    expect(r?.action).toBe('create');
  });

  it('reads data sources from prior_state and state files as no-op', () => {
    const plan = readPlan(
      {
        format_version: '1.0',
        planned_values: { root_module: {} },
        prior_state: {
          format_version: '1.0',
          values: {
            root_module: {
              resources: [
                {
                  address: 'data.aws_caller_identity.me',
                  mode: 'data',
                  type: 'aws_caller_identity',
                  name: 'me',
                  values: { account_id: '123' },
                },
              ],
            },
          },
        },
      },
      'p.json',
      '',
    );
    expect(plan.resources.map((r) => [r.address, r.mode, r.action])).toEqual([
      ['data.aws_caller_identity.me', 'data', 'read'],
    ]);
    const state = readPlan(
      { format_version: '1.0', values: { root_module: minimal.planned_values.root_module } },
      's.json',
      '',
    );
    expect(state.info.format).toBe('terraform-state');
    expect(state.resources[0]?.action).toBe('no-op');
  });

  it('resolves references through module inputs and outputs to resource config addresses', () => {
    const plan = readPlan(
      {
        format_version: '1.2',
        planned_values: { root_module: {} },
        configuration: {
          root_module: {
            resources: [
              {
                address: 'aws_s3_bucket.root',
                type: 'aws_s3_bucket',
                name: 'root',
                expressions: { bucket: { constant_value: 'r' } },
              },
              {
                address: 'aws_s3_bucket_versioning.v',
                type: 'aws_s3_bucket_versioning',
                name: 'v',
                expressions: { bucket: { references: ['module.data.bucket_id', 'module.data'] } },
              },
            ],
            module_calls: {
              data: {
                source: './data',
                expressions: { source_arn: { references: ['aws_s3_bucket.root.arn', 'aws_s3_bucket.root'] } },
                module: {
                  outputs: {
                    bucket_id: {
                      expression: {
                        references: [
                          'aws_s3_bucket.this[0].id',
                          'aws_s3_bucket.this[0]',
                          'aws_s3_bucket.this',
                        ],
                      },
                    },
                  },
                  resources: [
                    { address: 'aws_s3_bucket.this', type: 'aws_s3_bucket', name: 'this', expressions: {} },
                    {
                      address: 'aws_s3_bucket_replication_configuration.r',
                      type: 'aws_s3_bucket_replication_configuration',
                      name: 'r',
                      expressions: {
                        rule: [{ destination: [{ bucket: { references: ['var.source_arn'] } }] }],
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
      'p.json',
      '',
    );
    expect(plan.references.refs('aws_s3_bucket_versioning.v', 'bucket')).toEqual([
      'module.data.aws_s3_bucket.this',
    ]);
    expect(
      plan.references.refs(
        'module.data.aws_s3_bucket_replication_configuration.r',
        'rule.0.destination.0.bucket',
      ),
    ).toEqual(['aws_s3_bucket.root']);
    expect(plan.references.refs('module.data.aws_s3_bucket_replication_configuration.r', 'rule')).toEqual([
      'aws_s3_bucket.root',
    ]);
    expect(plan.references.refs('aws_s3_bucket_versioning.v', 'nothing')).toEqual([]);
  });
});

describe('module output references', () => {
  it('follows only the named output when Terraform also lists the bare module', () => {
    const plan = readPlan(
      {
        format_version: '1.2',
        planned_values: { root_module: {} },
        configuration: {
          root_module: {
            resources: [
              {
                address: 'aws_iam_role_policy.p',
                type: 'aws_iam_role_policy',
                name: 'p',
                expressions: { policy: { references: ['module.data.artifacts_arn', 'module.data'] } },
              },
            ],
            module_calls: {
              data: {
                source: './data',
                module: {
                  outputs: {
                    artifacts_arn: {
                      expression: { references: ['aws_s3_bucket.artifacts.arn', 'aws_s3_bucket.artifacts'] },
                    },
                    training_arn: {
                      expression: { references: ['aws_s3_bucket.training.arn', 'aws_s3_bucket.training'] },
                    },
                  },
                  resources: [
                    {
                      address: 'aws_s3_bucket.artifacts',
                      type: 'aws_s3_bucket',
                      name: 'artifacts',
                      expressions: {},
                    },
                    {
                      address: 'aws_s3_bucket.training',
                      type: 'aws_s3_bucket',
                      name: 'training',
                      expressions: {},
                    },
                  ],
                },
              },
            },
          },
        },
      },
      'p.json',
      '',
    );
    expect(plan.references.refs('aws_iam_role_policy.p', 'policy')).toEqual([
      'module.data.aws_s3_bucket.artifacts',
    ]);
  });
});

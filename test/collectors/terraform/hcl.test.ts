import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spliced } from '../../helpers/mutate.js';
import { readSourceDir } from '../../../collectors/terraform/hcl.js';
import { collectSourceDir } from '../../../collectors/terraform/index.js';
import type { TfResource } from '../../../collectors/terraform/types.js';

const BASIC = 'fixtures/terraform/hcl/basic';
const doc = readSourceDir(BASIC);
const byAddress = (address: string): TfResource => {
  const r = doc.resources.find((x) => x.address === address);
  if (r === undefined)
    throw new Error(`no ${address} among ${doc.resources.map((x) => x.address).join(', ')}`);
  return r;
};

describe('Terraform source: expansion and values', () => {
  it('expands count and for_each with the addresses Terraform uses, and nested local modules', () => {
    expect(doc.resources.map((r) => r.address)).toEqual([
      'aws_iam_role.trainer',
      'aws_iam_role_policy.trainer',
      'aws_s3_bucket.data["curated"]',
      'aws_s3_bucket.data["raw"]',
      'aws_s3_bucket.logs[0]',
      'aws_s3_bucket.logs[1]',
      'aws_s3_bucket_public_access_block.data["curated"]',
      'aws_s3_bucket_public_access_block.data["raw"]',
      'aws_security_group.endpoint',
      'module.store.aws_s3_bucket.models',
      'module.store.module.key.aws_kms_key.this',
    ]);
    expect(byAddress('aws_s3_bucket.data["raw"]')).toMatchObject({
      configAddress: 'aws_s3_bucket.data',
      module: '',
      index: 'raw',
    });
    expect(byAddress('module.store.module.key.aws_kms_key.this')).toMatchObject({
      configAddress: 'module.store.module.key.aws_kms_key.this',
      module: 'module.store.module.key',
    });
  });

  it('applies variables by precedence: default, terraform.tfvars, *.auto.tfvars', () => {
    // env and datasets from terraform.tfvars, log_buckets and ingress_ports from override.auto.tfvars.
    expect(byAddress('aws_s3_bucket.data["curated"]').values).toEqual({
      bucket: 'acme-prod-curated',
      tags: { env: 'prod', tier: 'gold' },
    });
    expect(byAddress('aws_security_group.endpoint').values['ingress']).toEqual([
      { from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] },
      { from_port: 8443, to_port: 8443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] },
    ]);
  });

  it('lets --var-file and --var override tfvars, in that order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-hcl-'));
    const varFile = join(dir, 'ci.tfvars');
    writeFileSync(varFile, 'env = "staging"\nproject = "beta"\n');
    const custom = readSourceDir(BASIC, { varFiles: [varFile], vars: { project: 'gamma' } });
    expect(custom.resources.find((r) => r.address === 'aws_s3_bucket.logs[0]')?.values['bucket']).toBe(
      'gamma-staging-logs-0',
    );
  });

  it('passes module inputs down three levels and evaluates jsonencode policies', () => {
    expect(byAddress('module.store.aws_s3_bucket.models').values).toEqual({ bucket: 'acme-prod-models' });
    expect(byAddress('module.store.module.key.aws_kms_key.this').values['description']).toBe(
      'Key for alias/acme-prod-models',
    );
    expect(JSON.parse(byAddress('aws_iam_role_policy.trainer').values['policy'] as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::acme-prod-curated/*', 'arn:aws:s3:::acme-prod-raw/*'],
        },
      ],
    });
  });

  it('expands for_each over a set and indexes another for_each resource by key', () => {
    expect(byAddress('aws_s3_bucket_public_access_block.data["raw"]')).toMatchObject({
      index: 'raw',
      values: { bucket: 'acme-prod-raw', restrict_public_buckets: true },
    });
  });

  it('marks what is known only after apply as unknown, never a guessed value', () => {
    const policy = byAddress('aws_iam_role_policy.trainer');
    expect(policy.values['role']).toBeNull();
    expect(policy.unknown).toEqual({ role: true });
    expect(policy.reasons).toEqual({ role: 'aws_iam_role.trainer.id is known only after apply' });
  });

  it('records file and line of every block', () => {
    expect(byAddress('aws_s3_bucket.logs[1]')).toMatchObject({ file: `${BASIC}/main.tf`, line: 24 });
    expect(byAddress('module.store.aws_s3_bucket.models')).toMatchObject({
      file: `${BASIC}/modules/store/main.tf`,
      line: 5,
    });
  });

  it('skips a file that is not valid HCL with a one-line note, and notes remote modules', () => {
    expect(doc.notes).toEqual([
      {
        kind: 'skipped',
        message: `${BASIC}/broken.tf:2: is not valid HCL (string opened on line 2 is not closed on that line); fix the syntax`,
        input: `${BASIC}/broken.tf`,
      },
      {
        kind: 'module-call',
        message:
          'module remote comes from terraform-aws-modules/s3-bucket/aws, which is not read; its resources are not modelled',
        input: `${BASIC}/main.tf`,
        address: 'module.remote',
      },
    ]);
  });

  it('traces references like a plan does, through for expressions', () => {
    expect(doc.references.allRefs('aws_iam_role_policy.trainer')).toEqual([
      'aws_iam_role.trainer',
      'aws_s3_bucket.data',
    ]);
    expect(doc.references.refs('aws_iam_role_policy.trainer', 'role')).toEqual(['aws_iam_role.trainer']);
  });
});

describe('Terraform source through the mappers', () => {
  it('gives the same kinds of assets and grant flows as a plan', () => {
    const inv = collectSourceDir(BASIC);
    expect(inv.inputs).toMatchObject([{ format: 'terraform-source', resources: 11 }]);
    expect(inv.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const reads = inv.flows
      .filter((f) => f.kind === 'read' && f.from === 'aws_iam_role.trainer')
      .map((f) => f.to)
      .sort();
    expect(reads).toEqual(['aws_s3_bucket.data["curated"]', 'aws_s3_bucket.data["raw"]']);
    expect(inv.assets.find((a) => a.id === 'aws_s3_bucket.logs[0]')?.source).toMatchObject({
      file: `${BASIC}/main.tf`,
      line: 24,
    });
  });
});

describe('Terraform source: module instances', () => {
  it('reads a reference behind an unknown condition as unknown, and a computed one as set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cond-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "encrypt" {',
        '  type = bool',
        '}',
        'resource "aws_kms_key" "k" {}',
        'resource "aws_cloudwatch_log_group" "maybe" {',
        '  name       = "maybe"',
        '  kms_key_id = var.encrypt ? aws_kms_key.k.arn : null',
        '}',
        'resource "aws_cloudwatch_log_group" "always" {',
        '  name       = "always"',
        '  kms_key_id = aws_kms_key.k.arn',
        '}',
        '',
      ].join('\n'),
    );
    const facts = (id: string) =>
      collectSourceDir(dir).assets.find((a) => a.id === id)?.facts.customerManagedKey;
    expect(facts('aws_cloudwatch_log_group.maybe')).toEqual({
      state: 'unknown',
      attribute: 'kms_key_id',
      reason: 'variable encrypt has no value (set it in a tfvars file or with --var)',
    });
    expect(facts('aws_cloudwatch_log_group.always')).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'kms_key_id',
    });
  });

  it('makes what a resource of unknown count states about other assets unknown, never present', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-count-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "waf" {',
        '  type = bool',
        '}',
        'resource "aws_api_gateway_rest_api" "api" {',
        '  name = "api"',
        '}',
        'resource "aws_api_gateway_stage" "prod" {',
        '  rest_api_id   = aws_api_gateway_rest_api.api.id',
        '  stage_name    = "prod"',
        '  deployment_id = "d"',
        '}',
        'resource "aws_wafv2_web_acl" "acl" {',
        '  name  = "acl"',
        '  scope = "REGIONAL"',
        '}',
        'resource "aws_wafv2_web_acl_association" "api" {',
        '  count        = var.waf ? 1 : 0',
        '  resource_arn = aws_api_gateway_stage.prod.arn',
        '  web_acl_arn  = aws_wafv2_web_acl.acl.arn',
        '}',
        '',
      ].join('\n'),
    );
    const inventory = collectSourceDir(dir);
    const api = inventory.assets.find((a) => a.id === 'aws_api_gateway_rest_api.api');
    expect(api?.facts.wafProtected).toEqual({
      state: 'unknown',
      attribute: 'aws_wafv2_web_acl_association.resource_arn',
      reason:
        'count of aws_wafv2_web_acl_association.api is not known statically (variable waf has no value (set it in a tfvars file or with --var))',
    });
    // With the count known, the association is there or not.
    writeFileSync(join(dir, 'terraform.tfvars'), 'waf = true\n');
    const known = collectSourceDir(dir).assets.find((a) => a.id === 'aws_api_gateway_rest_api.api');
    expect(known?.facts.wafProtected?.state).toBe('explicit');
  });

  it('orders static blocks before dynamic ones of the same type, in values and references alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-dyn-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'resource "aws_kms_key" "k" {}',
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "b"',
        '}',
        'resource "aws_ecs_task_definition" "t" {',
        '  family = "t"',
        '  dynamic "volume" {',
        '    for_each = ["extra"]',
        '    content {',
        '      name      = volume.value',
        '      host_path = aws_s3_bucket.b.bucket',
        '    }',
        '  }',
        '  volume {',
        '    name      = "keys"',
        '    host_path = aws_kms_key.k.arn',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const doc = readSourceDir(dir);
    const task = doc.resources.find((r) => r.type === 'aws_ecs_task_definition');
    expect((task?.values['volume'] as { name: string }[]).map((v) => v.name)).toEqual(['keys', 'extra']);
    expect(doc.references.refs('aws_ecs_task_definition.t', 'volume.0.host_path')).toEqual(['aws_kms_key.k']);
    expect(doc.references.refs('aws_ecs_task_definition.t', 'volume.1.host_path')).toEqual([
      'aws_s3_bucket.b',
    ]);
  });

  it('keeps a block list unknown once a dynamic block over an unknown collection is in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-dyn-unknown-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "extra" {}',
        'resource "aws_ecs_task_definition" "t" {',
        '  family = "t"',
        '  volume {',
        '    name = "static"',
        '  }',
        '  dynamic "volume" {',
        '    for_each = var.extra',
        '    content {',
        '      name = volume.value',
        '    }',
        '  }',
        '  dynamic "volume" {',
        '    for_each = []',
        '    content {',
        '      name = volume.value',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const task = readSourceDir(dir).resources.find((r) => r.type === 'aws_ecs_task_definition');
    // How many volumes there are is not known: a later, empty dynamic block does not make the list known.
    expect(task?.values['volume']).toBeNull();
    expect((task?.unknown as Record<string, unknown>)['volume']).toBe(true);
    expect(task?.reasons?.['volume']).toMatch(/variable extra has no value/);
  });

  it('passes a null input as null, as Terraform does, unless the variable is not nullable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-null-'));
    mkdirSync(join(dir, 'key'));
    writeFileSync(
      join(dir, 'key', 'main.tf'),
      [
        'variable "kms" {',
        '  default = "alias/default-key"',
        '}',
        'variable "strict" {',
        '  default  = "alias/strict-default"',
        '  nullable = false',
        '}',
        'resource "aws_sqs_queue" "q" {',
        '  name              = "q"',
        '  kms_master_key_id = var.kms',
        '  policy            = var.strict',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'main.tf'),
      'module "k" {\n  source = "./key"\n  kms    = null\n  strict = null\n}\n',
    );
    const [queue] = readSourceDir(dir).resources;
    expect(queue?.values['kms_master_key_id']).toBeNull();
    expect(queue?.values['policy']).toBe('alias/strict-default');
  });

  it('expands count and for_each on module calls, with instance keys in the addresses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-modfe-'));
    mkdirSync(join(dir, 'bucket'));
    writeFileSync(
      join(dir, 'bucket', 'main.tf'),
      'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\noutput "name" {\n  value = aws_s3_bucket.this.bucket\n}\n',
    );
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'module "team" {',
        '  for_each = { research = "r", prod = "p" }',
        '  source   = "./bucket"',
        '  name     = "acme-${each.key}-${each.value}"',
        '}',
        'module "replica" {',
        '  count  = 2',
        '  source = "./bucket"',
        '  name   = "replica-${count.index}"',
        '}',
        'resource "aws_s3_bucket" "index" {',
        '  bucket = "${module.team["prod"].name}-index"',
        '}',
        '',
      ].join('\n'),
    );
    const doc = readSourceDir(dir);
    expect(doc.resources.map((r) => [r.address, r.configAddress, r.module, r.values['bucket']])).toEqual([
      ['aws_s3_bucket.index', 'aws_s3_bucket.index', '', 'acme-prod-p-index'],
      [
        'module.replica[0].aws_s3_bucket.this',
        'module.replica.aws_s3_bucket.this',
        'module.replica[0]',
        'replica-0',
      ],
      [
        'module.replica[1].aws_s3_bucket.this',
        'module.replica.aws_s3_bucket.this',
        'module.replica[1]',
        'replica-1',
      ],
      [
        'module.team["prod"].aws_s3_bucket.this',
        'module.team.aws_s3_bucket.this',
        'module.team["prod"]',
        'acme-prod-p',
      ],
      [
        'module.team["research"].aws_s3_bucket.this',
        'module.team.aws_s3_bucket.this',
        'module.team["research"]',
        'acme-research-r',
      ],
    ]);
    expect(doc.references.allRefs('aws_s3_bucket.index')).toEqual(['module.team.aws_s3_bucket.this']);
  });
});

describe('Terraform source: data sources', () => {
  it('links a role policy to the buckets its aws_iam_policy_document names, as a plan does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-doc-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'resource "aws_s3_bucket" "training" {',
        '  bucket = "acme-training"',
        '}',
        'data "aws_iam_policy_document" "train" {',
        '  statement {',
        '    actions   = ["s3:GetObject"]',
        '    resources = ["${aws_s3_bucket.training.arn}/*"]',
        '  }',
        '}',
        'resource "aws_iam_role" "trainer" {',
        '  name               = "trainer"',
        '  assume_role_policy = "{}"',
        '}',
        'resource "aws_iam_role_policy" "train" {',
        '  role   = aws_iam_role.trainer.id',
        '  policy = data.aws_iam_policy_document.train.json',
        '}',
        '',
      ].join('\n'),
    );
    const inv = collectSourceDir(dir);
    expect(inv.flows.map((f) => `${f.kind} ${f.from} -> ${f.to}`)).toEqual([
      'read aws_iam_role.trainer -> aws_s3_bucket.training',
    ]);
    expect(
      readSourceDir(dir).resources.find((r) => r.address === 'aws_iam_role_policy.train')?.reasons,
    ).toEqual({
      policy: 'data.aws_iam_policy_document.train.json is known only after apply',
      role: 'aws_iam_role.trainer.id is known only after apply',
    });
  });
});

describe('Terraform source trees that fight back', () => {
  it('detects a module that calls itself through a symlink', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-loop-'));
    mkdirSync(join(dir, 'mod'));
    writeFileSync(join(dir, 'main.tf'), 'module "a" {\n  source = "./mod"\n}\n');
    writeFileSync(
      join(dir, 'mod', 'main.tf'),
      'module "again" {\n  source = "./self"\n}\nresource "aws_s3_bucket" "b" {}\n',
    );
    symlinkSync(join(dir, 'mod'), join(dir, 'mod', 'self'));
    const loop = readSourceDir(dir);
    expect(loop.resources.map((r) => r.address)).toEqual(['module.a.aws_s3_bucket.b']);
    expect(loop.notes.map((n) => n.message)).toEqual([
      'module again calls ./self, which is already being read (a loop of module calls or symlinks)',
    ]);
  });

  it('reads .tf.json files and ignores .terraform/ and test files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-json-'));
    mkdirSync(join(dir, '.terraform'));
    writeFileSync(join(dir, '.terraform', 'junk.tf'), 'this is not read {');
    writeFileSync(join(dir, 'main.tftest.hcl'), 'run "x" {}');
    writeFileSync(
      join(dir, 'main.tf.json'),
      JSON.stringify({
        variable: { name: { default: 'from-json' } },
        resource: { aws_s3_bucket: { b: { bucket: '${var.name}' } } },
      }),
    );
    const json = readSourceDir(dir);
    expect(json.resources.map((r) => [r.address, r.values])).toEqual([
      ['aws_s3_bucket.b', { bucket: 'from-json' }],
    ]);
    expect(json.notes).toEqual([]);
  });

  it('notes a broken link named like a .tf file instead of failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-dangling-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    symlinkSync(join(dir, 'gone.tf.target'), join(dir, 'gone.tf'));
    const doc = readSourceDir(dir);
    expect(doc.resources.map((r) => r.address)).toEqual(['aws_s3_bucket.b']);
    expect(doc.notes.map((n) => n.kind)).toEqual(['skipped']);
    expect(doc.notes[0]?.message).toMatch(/gone\.tf: is not a readable file/);
  });

  it('keeps a variable without a value unknown, with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-unset-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'variable "name" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n',
    );
    const unset = readSourceDir(dir);
    expect(unset.resources[0]).toMatchObject({ values: { bucket: null }, unknown: { bucket: true } });
  });
});

describe('Terraform source collector on hostile trees', () => {
  const main = readFileSync(`${BASIC}/main.tf`, 'utf8');
  const vars = readFileSync(`${BASIC}/variables.tf`, 'utf8');
  const mutated = spliced(
    main,
    ['{', '}', '[', ']', '"', '${', 'count = 1e9\n', 'for_each = var.tags\n', '\n', 'x = local.x\n'],
    6,
  );

  it('reads or notes every mutated file and never throws', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const dir = mkdtempSync(join(tmpdir(), 'tg-fuzz-'));
        writeFileSync(join(dir, 'main.tf'), text);
        writeFileSync(join(dir, 'variables.tf'), vars);
        const doc = readSourceDir(dir);
        for (const n of doc.notes) expect(n.message).not.toContain('\n');
        expect(doc.resources.length).toBeLessThan(20_000);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('reads a local that refers to itself as unknown, with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cycle-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_s3_bucket" "b" {\n  bucket = local.a\n}\n',
    );
    expect(readSourceDir(dir).resources[0]?.reasons).toEqual({ bucket: 'local.a refers to itself' });
  });
});

describe('Terraform source names that look like prototypes', () => {
  it('keeps __proto__ and constructor as plain names of resources, variables and locals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-proto-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "__proto__" {',
        '  default = "v"',
        '}',
        'locals {',
        '  constructor = "c"',
        '}',
        'resource "__proto__" "polluted" {',
        '  value = "${var.__proto__}-${local.constructor}"',
        '}',
        'resource "aws_s3_bucket" "__proto__" {',
        '  bucket = __proto__.polluted.value',
        '}',
        '',
      ].join('\n'),
    );
    const doc = readSourceDir(dir);
    expect(doc.resources.map((r) => [r.address, r.values])).toEqual([
      ['__proto__.polluted', { value: 'v-c' }],
      ['aws_s3_bucket.__proto__', { bucket: 'v-c' }],
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('Terraform source: file() and templatefile()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-files-'));
  mkdirSync(join(dir, 'policies'));
  writeFileSync(
    join(dir, 'policies', 'read.json.tpl'),
    '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/*"}]}',
  );
  writeFileSync(join(dir, 'policies', 'trust.json'), '{"Statement": []}');
  const outside = mkdtempSync(join(tmpdir(), 'tg-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'do not read');
  writeFileSync(
    join(dir, 'main.tf'),
    [
      'resource "aws_s3_bucket" "data" {',
      '  bucket = "acme-data"',
      '}',
      'resource "aws_iam_role" "reader" {',
      '  name               = "reader"',
      '  assume_role_policy = file("${path.module}/policies/trust.json")',
      '}',
      'resource "aws_iam_role_policy" "read" {',
      '  role   = aws_iam_role.reader.id',
      '  policy = templatefile("policies/read.json.tpl", { bucket = aws_s3_bucket.data.bucket })',
      '}',
      'resource "aws_s3_bucket" "leak" {',
      `  bucket = file("${join(outside, 'secret.txt')}")`,
      '}',
      'resource "aws_s3_bucket" "escape" {',
      '  bucket = file("../../../../etc/hostname")',
      '}',
      '',
    ].join('\n'),
  );
  const doc = readSourceDir(dir);
  const of = (address: string) => doc.resources.find((r) => r.address === address);

  it('reads files of the module and renders templates with their variables', () => {
    expect(of('aws_iam_role.reader')?.values['assume_role_policy']).toBe('{"Statement": []}');
    expect(JSON.parse(of('aws_iam_role_policy.read')?.values['policy'] as string)).toEqual({
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-data/*' }],
    });
    const inv = collectSourceDir(dir);
    expect(inv.flows.map((f) => `${f.kind} ${f.from} -> ${f.to}`)).toContain(
      'read aws_iam_role.reader -> aws_s3_bucket.data',
    );
  });

  it('never reads outside the scanned directory', () => {
    expect(of('aws_s3_bucket.leak')).toMatchObject({ values: { bucket: null }, unknown: { bucket: true } });
    expect(of('aws_s3_bucket.leak')?.reasons?.['bucket']).toMatch(
      /is outside the scanned directory and is not read$/,
    );
    expect(of('aws_s3_bucket.escape')?.values['bucket']).toBeNull();
    expect(JSON.stringify(doc.resources)).not.toContain('do not read');
  });
});

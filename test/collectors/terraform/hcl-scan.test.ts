import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spliced } from '../../helpers/mutate.js';
import { parseHcl } from '../../../collectors/terraform/hcl-parse.js';
import {
  HclSyntaxError,
  MAX_HCL_DEPTH,
  scanHcl,
  type HclSpan,
} from '../../../collectors/terraform/hcl-scan.js';
import { InputError } from '../../../src/model/index.js';

const SOURCE = `# Training data bucket
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "prefix" {
  type    = string
  default = "ml-\${terraform.workspace}"
}

/* a block comment
   spanning lines { with braces } */
resource "aws_s3_bucket" "training" {
  bucket = "\${var.prefix}-training" // trailing comment
  tags = {
    team = "ml"
    note = "a } brace in a string"
  }

  lifecycle_rule {
    id      = "expire"
    enabled = true
  }
}

resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    EOT
}

module "net" {
  source = "./modules/net"
  cidrs  = [
    "10.0.0.0/16",
    "10.1.0.0/16",
  ]
}
`;

function summary(span: HclSpan): unknown {
  return {
    block: [span.type, ...span.labels].join(' '),
    lines: [span.line, span.endLine],
    attributes: Object.fromEntries(span.attributes),
    ...(span.blocks.length > 0 ? { blocks: span.blocks.map(summary) } : {}),
  };
}

function syntaxError(text: string): HclSyntaxError {
  try {
    scanHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('HCL structure scan', () => {
  it('finds blocks, labels and the line of every attribute, past comments, strings and heredocs', () => {
    expect(scanHcl(SOURCE).blocks.map(summary)).toEqual([
      {
        block: 'terraform',
        lines: [2, 6],
        attributes: {},
        blocks: [{ block: 'required_providers', lines: [3, 5], attributes: { aws: 4 } }],
      },
      { block: 'variable prefix', lines: [8, 11], attributes: { type: 9, default: 10 } },
      {
        block: 'resource aws_s3_bucket training',
        lines: [15, 26],
        attributes: { bucket: 16, tags: 17 },
        blocks: [{ block: 'lifecycle_rule', lines: [22, 25], attributes: { id: 23, enabled: 24 } }],
      },
      { block: 'resource aws_iam_role_policy p', lines: [28, 33], attributes: { role: 29, policy: 30 } },
      { block: 'module net', lines: [35, 41], attributes: { source: 36, cidrs: 37 } },
    ]);
  });

  it('gives offsets that cut a block out of the file', () => {
    const file = scanHcl(SOURCE);
    const bucket = file.blocks[2];
    expect(SOURCE.slice(bucket?.start, bucket?.end)).toMatch(
      /^resource "aws_s3_bucket" "training" \{[\s\S]*\n\}$/,
    );
  });

  it('reads top-level attributes (tfvars), one-line blocks and templates holding strings and braces', () => {
    const file = scanHcl(
      'region = "eu-west-1"\ntags = { a = "${lookup({x = "}"}, "x")}" }\nlocals { a = 1 }\n',
    );
    expect(Object.fromEntries(file.attributes)).toEqual({ region: 1, tags: 2 });
    expect(file.blocks.map(summary)).toEqual([{ block: 'locals', lines: [3, 3], attributes: { a: 3 } }]);
  });

  it('follows expressions over several lines inside brackets, with comments and directives in them', () => {
    const text = [
      'locals {',
      '  enabled = var.on && !var.off ? replace(',
      '    upper(var.name), # a "quoted" comment',
      '    "-", "_"',
      '  ) : ""',
      '  names = [for k, v in var.map : "%{if v != null}${k}%{endif}" if k != "x"]',
      '  any   = anytrue([',
      '    try(var.owner["id"], null) != null,',
      '  ])',
      '}',
      'resource "x" "y" {',
      '  dynamic "rule" {',
      '    for_each = var.rules',
      '    content {}',
      '  }',
      '  depends_on = [x.z]',
      '}',
      '',
    ].join('\n');
    expect(scanHcl(text).blocks.map(summary)).toEqual([
      { block: 'locals', lines: [1, 10], attributes: { enabled: 2, names: 6, any: 7 } },
      {
        block: 'resource x y',
        lines: [11, 17],
        attributes: { depends_on: 16 },
        blocks: [
          {
            block: 'dynamic rule',
            lines: [12, 15],
            attributes: { for_each: 13 },
            blocks: [{ block: 'content', lines: [14, 14], attributes: {} }],
          },
        ],
      },
    ]);
  });

  it('names the line and column of a structural error', () => {
    expect(syntaxError('resource "a" "b" {\n  x = 1\n').message).toBe(
      'line 3, column 1: block "resource" opened on line 1 is not closed',
    );
    expect(syntaxError('a = "open\nb = 1\n').problem).toBe(
      'string opened on line 1 is not closed on that line',
    );
    expect(syntaxError('x = [1, 2}\n')).toMatchObject({
      line: 1,
      column: 10,
      problem: '"}" does not close "]"',
    });
    expect(syntaxError('p = <<EOT\nbody\n').problem).toBe('heredoc <<EOT opened on line 1 is not closed');
    expect(syntaxError('}\n').problem).toBe('"}" without a block to close');
    expect(syntaxError('resource "a" \n "b" {}\n').problem).toBe('expected "=" or "{" after "resource"');
    expect(syntaxError('/* never closed\n').problem).toBe('comment opened on line 1 is not closed');
  });

  it('refuses nesting deeper than its bound instead of exhausting the stack', () => {
    const deepBlocks = 'a {\n'.repeat(MAX_HCL_DEPTH + 1) + '}\n'.repeat(MAX_HCL_DEPTH + 1);
    expect(syntaxError(deepBlocks).problem).toBe(`blocks nest more than ${String(MAX_HCL_DEPTH)} deep`);
    const deepExpression = `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    expect(syntaxError(deepExpression).problem).toBe(
      `expression nests more than ${String(MAX_HCL_DEPTH)} deep`,
    );
    expect(scanHcl('a {\n'.repeat(MAX_HCL_DEPTH) + '}\n'.repeat(MAX_HCL_DEPTH)).blocks).toHaveLength(1);
  });

  it('keeps keys like __proto__ as plain names', () => {
    const file = scanHcl('__proto__ = 1\nconstructor "x" { __proto__ = 2 }\n');
    expect(file.attributes.get('__proto__')).toBe(1);
    expect(file.blocks[0]?.attributes.get('__proto__')).toBe(2);
    const { body } = parseHcl('__proto__ = { polluted = true }\n', 'proto.tfvars');
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('HCL parsing', () => {
  it('gives hcl2-parser values with expressions kept as source text', () => {
    const { body } = parseHcl(SOURCE, 'main.tf');
    expect(body['resource']).toMatchObject({
      aws_s3_bucket: { training: [{ bucket: '${var.prefix}-training', tags: { team: 'ml' } }] },
      aws_iam_role_policy: { p: [{ role: '${aws_iam_role.r.id}' }] },
    });
    expect(body['module']).toEqual({
      net: [{ source: './modules/net', cidrs: ['10.0.0.0/16', '10.1.0.0/16'] }],
    });
  });

  it('reads an empty file and a file of comments as an empty body', () => {
    expect(parseHcl('', 'empty.tf').body).toEqual({});
    expect(parseHcl('# nothing here\n', 'comments.tf').body).toEqual({});
  });

  it('names the file and line of a structural error in one line', () => {
    expect(() => parseHcl('resource "a" "b" {\n  x = [1,\n', 'broken.tf')).toThrow(
      new InputError(
        'broken.tf:3',
        'is not valid HCL (expression is not closed: missing "]"); fix the syntax',
      ),
    );
  });

  it('names the block that hcl2-parser rejects when the structure is sound', () => {
    const text = 'variable "ok" {}\n\nresource "aws_s3_bucket" "bad" {\n  bucket = 1 +\n}\n';
    expect(() => parseHcl(text, 'main.tf')).toThrow(
      new InputError(
        'main.tf:3',
        'is not valid HCL in resource "aws_s3_bucket" "bad" (lines 3-5); fix the syntax',
      ),
    );
  });
});

/** SOURCE cut, spliced and salted with the characters that carry HCL's structure. */
const mutated = spliced(
  SOURCE,
  ['{', '}', '[', ']', '(', ')', '"', '\\', '$', '%', '#', '/*', '<<EOT\n', '\n', '=', 'x'],
  8,
);

describe('HCL on hostile input', () => {
  it('either scans or throws its own syntax error, for mutated and random text', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 300 })), (text) => {
        try {
          scanHcl(text);
        } catch (error) {
          expect(error).toBeInstanceOf(HclSyntaxError);
        }
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('either parses or throws a one-line InputError naming the file', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        try {
          parseHcl(text, 'fuzz.tf');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message).toMatch(
            /^fuzz\.tf(:\d+)?: is not valid HCL[^\n]*; fix the syntax$/,
          );
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

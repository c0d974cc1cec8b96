import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpression, parseTemplate, type Expr } from '../../../collectors/terraform/hcl-expr.js';

const v = (name: string): Expr => ({ k: 'variable', name });
const lit = (value: null | boolean | number | string): Expr => ({ k: 'literal', value });
const attrs = (target: Expr, ...names: string[]): Expr => ({
  k: 'traverse',
  target,
  steps: names.map((name) => ({ k: 'attr', name })),
});

describe('HCL templates as hcl2-parser gives them', () => {
  it('keeps plain strings literal and unwraps a whole-string interpolation', () => {
    expect(parseTemplate('eu-west-1')).toEqual(lit('eu-west-1'));
    expect(parseTemplate('${var.region}')).toEqual(attrs(v('var'), 'region'));
  });

  it('splits interpolations from text and honours $${ escapes', () => {
    expect(parseTemplate('${var.prefix}-data-${count.index}')).toEqual({
      k: 'template',
      parts: [attrs(v('var'), 'prefix'), '-data-', attrs(v('count'), 'index')],
    });
    expect(parseTemplate('cost $${not_a_var}')).toEqual(lit('cost ${not_a_var}'));
  });

  it('reads interpolations holding strings with braces and nested templates', () => {
    expect(parseTemplate('${lookup({a = "}"}, "a", "${var.x}")}')).toEqual({
      k: 'call',
      name: 'lookup',
      args: [{ k: 'object', entries: [[lit('a'), lit('}')]] }, lit('a'), attrs(v('var'), 'x')],
      expand: false,
    });
  });

  it('reads if and for directives, and keeps unbalanced ones and unclosed interpolations opaque', () => {
    expect(parseTemplate('%{ if var.on }x%{ else }y%{ endif }')).toEqual({
      k: 'conditional',
      test: attrs(v('var'), 'on'),
      then: { k: 'template', parts: ['x'] },
      else: { k: 'template', parts: ['y'] },
    });
    expect(parseTemplate('%{ for s in var.list }[${s}]%{ endfor }')).toMatchObject({
      k: 'call',
      name: 'join',
      args: [lit(''), { k: 'for', value: 's', collection: attrs(v('var'), 'list') }],
    });
    expect(parseTemplate('%{ if var.on }x')).toEqual({ k: 'opaque', text: '%{ if var.on }x' });
    expect(parseTemplate('x%{ endfor }')).toEqual({ k: 'opaque', text: 'x%{ endfor }' });
    expect(parseTemplate('${var.x')).toEqual({ k: 'opaque', text: '${var.x' });
  });
});

describe('HCL expressions', () => {
  it('parses references with attributes, indexes, keys and splats', () => {
    expect(parseExpression('aws_s3_bucket.b[0].arn')).toEqual({
      k: 'traverse',
      target: v('aws_s3_bucket'),
      steps: [
        { k: 'attr', name: 'b' },
        { k: 'index', key: lit(0) },
        { k: 'attr', name: 'arn' },
      ],
    });
    expect(parseExpression('module.net.subnets["a"]')).toEqual({
      k: 'traverse',
      target: v('module'),
      steps: [
        { k: 'attr', name: 'net' },
        { k: 'attr', name: 'subnets' },
        { k: 'index', key: lit('a') },
      ],
    });
    expect(parseExpression('aws_subnet.private[*].id')).toEqual({
      k: 'traverse',
      target: v('aws_subnet'),
      steps: [{ k: 'attr', name: 'private' }, { k: 'splat' }, { k: 'attr', name: 'id' }],
    });
  });

  it('respects operator precedence and right-nested conditionals', () => {
    expect(parseExpression('var.a + 2 * 3 == 7 && !var.b')).toEqual({
      k: 'binary',
      op: '&&',
      left: {
        k: 'binary',
        op: '==',
        left: {
          k: 'binary',
          op: '+',
          left: attrs(v('var'), 'a'),
          right: { k: 'binary', op: '*', left: lit(2), right: lit(3) },
        },
        right: lit(7),
      },
      right: { k: 'unary', op: '!', operand: attrs(v('var'), 'b') },
    });
    expect(parseExpression('var.x ? 1 : var.y ? 2 : 3')).toEqual({
      k: 'conditional',
      test: attrs(v('var'), 'x'),
      then: lit(1),
      else: { k: 'conditional', test: attrs(v('var'), 'y'), then: lit(2), else: lit(3) },
    });
  });

  it('parses the jsonencode object of an IAM policy, keys bare or quoted, commas optional', () => {
    const e = parseExpression(`jsonencode({
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", "Action" = ["s3:GetObject"], Resource = "\${aws_s3_bucket.b.arn}/*" }]
    })`);
    expect(e).toEqual({
      k: 'call',
      name: 'jsonencode',
      expand: false,
      args: [
        {
          k: 'object',
          entries: [
            [lit('Version'), lit('2012-10-17')],
            [
              lit('Statement'),
              {
                k: 'tuple',
                items: [
                  {
                    k: 'object',
                    entries: [
                      [lit('Effect'), lit('Allow')],
                      [lit('Action'), { k: 'tuple', items: [lit('s3:GetObject')] }],
                      [
                        lit('Resource'),
                        { k: 'template', parts: [attrs(v('aws_s3_bucket'), 'b', 'arn'), '/*'] },
                      ],
                    ],
                  },
                ],
              },
            ],
          ],
        },
      ],
    });
  });

  it('parses for expressions over lists and maps, with conditions and grouping', () => {
    expect(parseExpression('[for s in var.subnets : s.id if s.public]')).toEqual({
      k: 'for',
      value: 's',
      collection: attrs(v('var'), 'subnets'),
      valueExpr: attrs(v('s'), 'id'),
      condition: attrs(v('s'), 'public'),
      group: false,
    });
    expect(parseExpression('{for k, v in var.m : upper(k) => v...}')).toMatchObject({
      k: 'for',
      key: 'k',
      value: 'v',
      keyExpr: { k: 'call', name: 'upper' },
      valueExpr: v('v'),
      group: true,
    });
  });

  it('reads function calls with expansion and provider-namespaced names', () => {
    expect(parseExpression('concat(var.a, var.b...)')).toMatchObject({
      k: 'call',
      name: 'concat',
      expand: true,
    });
    expect(parseExpression('provider::aws::arn_parse(var.arn)')).toMatchObject({
      k: 'call',
      name: 'provider::aws::arn_parse',
    });
  });

  it('turns what it cannot read into opaque text, never an exception', () => {
    expect(parseExpression('var.a +')).toEqual({ k: 'opaque', text: 'var.a +' });
    expect(parseExpression('(((((')).toEqual({ k: 'opaque', text: '(((((' });
    expect(parseExpression(`${'('.repeat(5000)}1${')'.repeat(5000)}`).k).toBe('opaque');
    expect(parseExpression(`${'!'.repeat(100_000)}true`).k).toBe('opaque');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(typeof parseTemplate(text).k).toBe('string');
        expect(typeof parseExpression(text).k).toBe('string');
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});

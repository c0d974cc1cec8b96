import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Unknown,
  evaluate,
  referencesOf,
  type Scope,
  type Value,
} from '../../../collectors/terraform/hcl-eval.js';
import { parseExpression, parseTemplate } from '../../../collectors/terraform/hcl-expr.js';

const AFTER_APPLY = new Unknown('aws_s3_bucket.data.arn is known only after apply');

/** var, local and one resource whose arn is known only after apply. */
const scope: Scope = {
  lookup(name) {
    const names: Record<string, Value> = {
      var: {
        env: 'prod',
        prefix: 'ml',
        tags: { team: 'ai', cost: 'c1' },
        extra: { owner: 'sec' },
        subnets: [
          { id: 's-1', public: true },
          { id: 's-2', public: false },
        ],
        replicas: 3,
        empty: null,
      },
      local: { name: 'ml-prod' },
    };
    if (name === 'aws_s3_bucket') return { data: { bucket: 'ml-data', arn: 'placeholder' } };
    return Object.hasOwn(names, name) ? names[name] : undefined;
  },
};

/** A scope in which the bucket's arn is unknown, as it is before apply. */
const withUnknownArn: Scope = {
  lookup: (name) => (name === 'aws_s3_bucket' ? { data: AFTER_APPLY as never } : scope.lookup(name)),
};

const run = (source: string, s: Scope = scope): Value => evaluate(parseTemplate(source), s);

describe('static evaluation', () => {
  it('resolves variables, locals, interpolation and traversal', () => {
    expect(run('${var.prefix}-${var.env}-data')).toBe('ml-prod-data');
    expect(run('${local.name}')).toBe('ml-prod');
    expect(run('${var.subnets[1].id}')).toBe('s-2');
    expect(run('${var.subnets[*].id}')).toEqual(['s-1', 's-2']);
    expect(run('${aws_s3_bucket.data.bucket}')).toBe('ml-data');
  });

  it('evaluates operators, conditionals and for expressions', () => {
    expect(run('${var.replicas * 2 + 1}')).toBe(7);
    expect(run('${var.env == "prod" ? "private" : "public"}')).toBe('private');
    expect(run('${[for s in var.subnets : s.id if !s.public]}')).toEqual(['s-2']);
    expect(run('${{for k, v in var.tags : upper(k) => v}}')).toEqual({ TEAM: 'ai', COST: 'c1' });
  });

  it('evaluates the common functions, an IAM policy built with jsonencode among them', () => {
    expect(run('${merge(var.tags, var.extra, { team = "ml" })}')).toEqual({
      team: 'ml',
      cost: 'c1',
      owner: 'sec',
    });
    expect(run('${concat(["a"], ["b", "c"])}')).toEqual(['a', 'b', 'c']);
    expect(run('${lookup(var.tags, "owner", "none")}')).toBe('none');
    expect(run('${format("%s-%03d", var.prefix, 7)}')).toBe('ml-7');
    expect(run('${coalesce(var.empty, "", "fallback")}')).toBe('fallback');
    expect(run('${length(var.subnets)}')).toBe(2);
    expect(run('${toset(["b", "a", "b"])}')).toEqual(['a', 'b']);
    expect(run('${try(var.missing.value, "default")}')).toBe('default');
    expect(run('${base64decode(base64encode("swagger: \\"2.0\\""))}')).toBe('swagger: "2.0"');
    const policy = run(
      '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::${aws_s3_bucket.data.bucket}/*" }] })}',
    );
    expect(JSON.parse(policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::ml-data/*' }],
    });
    expect(run('${jsondecode("{\\"a\\": [1, 2]}").a[1]}')).toBe(2);
  });

  it('evaluates setproduct, the first list varying slowest, as dynamic blocks iterate it', () => {
    expect(run('${setproduct(["Hate", "PII"], ["Prompt", "Completion"])}')).toEqual([
      ['Hate', 'Prompt'],
      ['Hate', 'Completion'],
      ['PII', 'Prompt'],
      ['PII', 'Completion'],
    ]);
    expect(run('${setproduct(["a"], [])}')).toEqual([]);
    expect(run('${setproduct(["a"])}')).toEqual(
      new Unknown('cannot be evaluated: setproduct needs at least two collections'),
    );
    expect(run('${setproduct(["a"], [aws_s3_bucket.data.arn])}', withUnknownArn)).toBe(AFTER_APPLY);
  });

  it('keeps the reason when a value is known only after apply, and never guesses', () => {
    expect(run('${aws_s3_bucket.data.arn}', withUnknownArn)).toBe(AFTER_APPLY);
    expect(run('arn=${aws_s3_bucket.data.arn}', withUnknownArn)).toBe(AFTER_APPLY);
    expect(run('${jsonencode({ Resource = aws_s3_bucket.data.arn })}', withUnknownArn)).toBe(AFTER_APPLY);
    expect(run('${var.unset}')).toEqual(new Unknown('cannot be evaluated: var.unset: no key "unset"'));
    expect(run('${data.aws_caller_identity.me.account_id}')).toEqual(
      new Unknown('data is not known statically'),
    );
    expect(run('${file("policy.json")}')).toEqual(new Unknown('function file is not evaluated statically'));
    expect(run('%{ if var.on }x%{ endif')).toEqual(
      new Unknown('expression not evaluated: %{ if var.on }x%{ endif'),
    );
  });

  it('renders template directives, with strip markers', () => {
    expect(run('mode=%{ if var.env == "prod" }strict%{ else }lax%{ endif }')).toBe('mode=strict');
    expect(run('%{ for s in var.subnets }${s.id},%{ endfor }')).toBe('s-1,s-2,');
    expect(run('[\n  %{~ for k, t in var.tags ~}\n  ${k}=${t}\n  %{~ endfor ~}\n]')).toBe('[cost=c1team=ai]');
    expect(run('%{ if aws_s3_bucket.data.arn != "" }a%{ endif }', withUnknownArn)).toBe(AFTER_APPLY);
  });

  it('decides what does not depend on the unknown part', () => {
    expect(run('${true || aws_s3_bucket.data.arn == "x"}', withUnknownArn)).toBe(true);
    expect(run('${aws_s3_bucket.data.arn == "x" && false}', withUnknownArn)).toBe(false);
    expect(run('${aws_s3_bucket.data.arn != "" ? "same" : "same"}', withUnknownArn)).toBe('same');
    expect(run('${aws_s3_bucket.data.arn != "" ? "a" : "b"}', withUnknownArn)).toBe(AFTER_APPLY);
  });

  it('turns type errors into unknowns with the reason', () => {
    expect(run('${var.tags + 1}')).toEqual(
      new Unknown('cannot be evaluated: {"team":"ai","cost":"c1"} is not a number'),
    );
    expect(run('${var.subnets[5]}')).toEqual(
      new Unknown('cannot be evaluated: var.subnets[5]: index 5 out of range'),
    );
  });

  it('keeps __proto__ a plain key', () => {
    const v = run('${merge({ "__proto__" = { polluted = true } }, {})}') as Record<string, unknown>;
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const v = evaluate(parseExpression(text), scope);
        expect(v === undefined).toBe(false);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});

describe('references of an expression', () => {
  it('lists every prefix of each traversal, as plan JSON does, and not for-expression variables', () => {
    expect(referencesOf(parseTemplate('${aws_s3_bucket.b[0].arn}-${var.x}')).sort()).toEqual([
      'aws_s3_bucket.b',
      'aws_s3_bucket.b[0]',
      'aws_s3_bucket.b[0].arn',
      'var.x',
    ]);
    expect(referencesOf(parseExpression('[for s in module.net.subnets : s.id]')).sort()).toEqual([
      'module.net',
      'module.net.subnets',
    ]);
  });
});

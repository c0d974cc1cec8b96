import { describe, expect, it } from 'vitest';
import { presenceFact } from '../../../collectors/terraform/attributes.js';
import type { TfResource } from '../../../collectors/terraform/types.js';

const resource = (reasons?: Record<string, string>): TfResource => ({
  address: 'aws_lambda_function.f',
  configAddress: 'aws_lambda_function.f',
  module: '',
  mode: 'managed',
  type: 'aws_lambda_function',
  name: 'f',
  provider: '',
  values: { kms_key_arn: null },
  unknown: { kms_key_arn: true },
  sensitive: null,
  ...(reasons === undefined ? {} : { reasons }),
  action: 'create',
  input: 'test',
});

describe('presence of a value known only after apply', () => {
  it('is unknown in a plan, where a provider-computed default looks the same', () => {
    expect(presenceFact(resource(), 'kms_key_arn')).toEqual({
      state: 'unknown',
      attribute: 'kms_key_arn',
      reason: 'known only after apply',
    });
  });

  it('is set from source when the configuration wrote a reference computed at apply', () => {
    const r = resource({ kms_key_arn: 'aws_kms_key.k.arn is known only after apply' });
    expect(presenceFact(r, 'kms_key_arn')).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'kms_key_arn',
    });
  });

  it('stays unknown from source when the expression could not be evaluated', () => {
    const r = resource({
      kms_key_arn: 'variable encrypt has no value (set it in a tfvars file or with --var)',
    });
    expect(presenceFact(r, 'kms_key_arn').state).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { fact, inventoryOf, sv, type TestResource } from './plan-builder.js';

const AGENT = 'aws_bedrockagent_agent.a';
const guardrail: TestResource = { address: 'aws_bedrock_guardrail.g', values: { name: 'g' } };
const agent = (
  guardrail_configuration: unknown[],
  extra: Omit<TestResource, 'address' | 'values'> = {},
): TestResource => ({
  address: AGENT,
  values: {
    agent_name: 'a',
    foundation_model: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    guardrail_configuration,
  } as TestResource['values'],
  ...extra,
});

describe('Bedrock agent guardrail version (guardrailDraft)', () => {
  it('is the draft for "DRAFT", fixed for a numbered version, and absent without a guardrail', () => {
    const draft = inventoryOf([agent([{ guardrail_identifier: 'gr1', guardrail_version: 'DRAFT' }])]);
    expect(sv(fact(draft, AGENT, 'guardrailDraft'))).toEqual({ state: 'explicit', value: true });
    const pinned = inventoryOf([agent([{ guardrail_identifier: 'gr1', guardrail_version: '3' }])]);
    expect(sv(fact(pinned, AGENT, 'guardrailDraft'))).toEqual({ state: 'explicit', value: false });
    expect(fact(inventoryOf([agent([])]), AGENT, 'guardrailDraft')).toBeUndefined();
  });

  it('is the draft when the version is the aws_bedrock_guardrail’s own version attribute', () => {
    const inv = inventoryOf([
      guardrail,
      agent([{}], {
        unknown: { guardrail_configuration: [{ guardrail_identifier: true, guardrail_version: true }] },
        refs: {
          guardrail_configuration: [
            'aws_bedrock_guardrail.g.guardrail_id',
            'aws_bedrock_guardrail.g.version',
            'aws_bedrock_guardrail.g',
          ],
        },
      }),
    ]);
    expect(sv(fact(inv, AGENT, 'guardrailDraft'))).toEqual({ state: 'explicit', value: true });
  });

  it('is fixed when the version comes from an aws_bedrock_guardrail_version', () => {
    const inv = inventoryOf([
      guardrail,
      { address: 'aws_bedrock_guardrail_version.v', values: { description: 'evaluated' } },
      agent([{}], {
        unknown: { guardrail_configuration: [{ guardrail_identifier: true, guardrail_version: true }] },
        refs: {
          guardrail_configuration: [
            'aws_bedrock_guardrail.g.guardrail_id',
            'aws_bedrock_guardrail.g',
            'aws_bedrock_guardrail_version.v.version',
            'aws_bedrock_guardrail_version.v',
          ],
        },
      }),
    ]);
    expect(sv(fact(inv, AGENT, 'guardrailDraft'))).toEqual({ state: 'explicit', value: false });
  });

  it('is unknown when the version is not set or known only after apply without a guardrail reference', () => {
    const unset = inventoryOf([agent([{ guardrail_identifier: 'gr1' }])]);
    expect(sv(fact(unset, AGENT, 'guardrailDraft'))).toEqual({ state: 'unknown' });
    const later = inventoryOf([
      agent([{ guardrail_identifier: 'gr1' }], {
        unknown: { guardrail_configuration: [{ guardrail_version: true }] },
      }),
    ]);
    expect(sv(fact(later, AGENT, 'guardrailDraft'))).toEqual({ state: 'unknown' });
  });
});

describe('Bedrock guardrail output filters (harmfulContentFilter)', () => {
  const filters = (output: Record<string, string>) =>
    Object.entries(output).map(([type, output_strength]) => ({
      type,
      input_strength: 'HIGH',
      output_strength,
    }));
  const all = { HATE: 'HIGH', INSULTS: 'MEDIUM', MISCONDUCT: 'LOW', SEXUAL: 'HIGH', VIOLENCE: 'HIGH' };
  const withFilters = (filters_config: unknown[], unknown?: TestResource['unknown']) =>
    inventoryOf([
      {
        address: 'aws_bedrock_guardrail.g',
        values: { name: 'g', content_policy_config: [{ filters_config }] } as TestResource['values'],
        ...(unknown === undefined ? {} : { unknown }),
      },
    ]);
  const harmful = (inv: ReturnType<typeof inventoryOf>) =>
    fact(inv, 'aws_bedrock_guardrail.g', 'harmfulContentFilter');

  it('filters output when every harm category has an output strength other than NONE', () => {
    expect(sv(harmful(withFilters(filters(all))))).toEqual({ state: 'explicit', value: true });
  });

  it('lets output through when a category is missing or its output strength is NONE', () => {
    const f = harmful(
      withFilters(filters({ HATE: 'HIGH', MISCONDUCT: 'LOW', SEXUAL: 'HIGH', VIOLENCE: 'NONE' })),
    );
    expect(f).toMatchObject({ state: 'explicit', value: false });
    expect(f?.attribute).toContain('INSULTS, VIOLENCE');
    // Screening prompts only (PROMPT_ATTACK, input strengths) does not filter completions.
    const inputOnly = harmful(withFilters(filters({ PROMPT_ATTACK: 'NONE' })));
    expect(sv(inputOnly)).toEqual({ state: 'explicit', value: false });
    const none = inventoryOf([{ address: 'aws_bedrock_guardrail.g', values: { name: 'g' } }]);
    expect(sv(harmful(none))).toEqual({ state: 'default', value: false });
  });

  it('counts a disabled or detect-only output filter (provider 6.x attributes) as not filtering', () => {
    const f = filters(all).map((x) => (x.type === 'HATE' ? { ...x, output_action: 'NONE' } : x));
    expect(sv(harmful(withFilters(f)))).toEqual({ state: 'explicit', value: false });
    const g = filters(all).map((x) => (x.type === 'SEXUAL' ? { ...x, output_enabled: false } : x));
    expect(sv(harmful(withFilters(g)))).toEqual({ state: 'explicit', value: false });
  });

  it('is unknown when an output strength or the filters are known only after apply', () => {
    const later = harmful(
      withFilters(filters(all), { content_policy_config: [{ filters_config: [{ output_strength: true }] }] }),
    );
    expect(sv(later)).toEqual({ state: 'unknown' });
    const whole = inventoryOf([
      { address: 'aws_bedrock_guardrail.g', values: { name: 'g' }, unknown: { content_policy_config: true } },
    ]);
    expect(sv(harmful(whole))).toEqual({ state: 'unknown' });
  });
});

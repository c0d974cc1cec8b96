import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { parseSelector, selectRules, splitSelectors, vocabularySelector } from '../../src/engine/select.js';
import { severityOf } from '../../src/engine/scoring.js';
import { InputError, type Rule } from '../../src/model/index.js';

function ids(only: string[], skip: string[] = [], rules: readonly Rule[] = BUILTIN_RULES): string[] {
  return selectRules(rules, { only, skip }).map((r) => r.id);
}

function all(filter: (r: Rule) => boolean): string[] {
  return BUILTIN_RULES.filter(filter).map((r) => r.id);
}

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected a usage error');
}

describe('rule selectors', () => {
  it('keeps every rule, in order, when nothing is selected', () => {
    expect(ids([])).toEqual(BUILTIN_RULES.map((r) => r.id));
  });

  it('selects by rule id, case-insensitively', () => {
    expect(ids(['TG-DATA-001'])).toEqual(['TG-DATA-001']);
    expect(ids(['tg-data-002', 'TG-INF-001'])).toEqual(['TG-DATA-002', 'TG-INF-001']);
  });

  it('selects by family and by family prefix', () => {
    expect(ids(['ai/data'])).toEqual(all((r) => r.family === 'ai/data'));
    expect(ids(['ai'])).toEqual(all((r) => r.family.startsWith('ai/')));
    expect(ids(['cloud'])).toEqual(all((r) => r.family.startsWith('cloud/')));
    expect(ids(['stride'])).toEqual(['TG-STRIDE-001', 'TG-STRIDE-002', 'TG-STRIDE-003', 'TG-STRIDE-004']);
    expect(ids(['ai'])).not.toContain('TG-IAM-001');
  });

  it('selects by base severity, exactly or as a floor', () => {
    const base = (r: Rule): string => severityOf(r.impact, r.likelihood);
    expect(ids(['critical'])).toEqual(all((r) => base(r) === 'critical'));
    expect(ids(['critical'])).toContain('TG-INF-001');
    expect(ids(['high'])).toEqual(all((r) => base(r) === 'high'));
    expect(ids(['>=high'])).toEqual(all((r) => base(r) === 'high' || base(r) === 'critical'));
    expect(ids(['>=info'])).toEqual(BUILTIN_RULES.map((r) => r.id));
    expect(ids(['low'])).toEqual(['TG-DEV-005', 'TG-INF-006', 'TG-KEY-001']);
  });

  it('selects by STRIDE letter or name', () => {
    expect(ids(['R'])).toEqual(all((r) => r.stride.includes('R')));
    expect(ids(['repudiation'])).toEqual(ids(['R']));
    expect(ids(['Denial-of-Service'])).toEqual(all((r) => r.stride.includes('D')));
    expect(ids(['information disclosure'])).toEqual(all((r) => r.stride.includes('I')));
  });

  it('selects by ATLAS technique with its sub-techniques, sub-technique, mitigation and tactic', () => {
    // AML.T0024 is cited as sub-techniques by TG-INF-001/002, TG-MODEL-010 and TG-ORCH-003/007/012, and as itself
    // by TG-LOG-001 and TG-STRIDE-003.
    expect(ids(['AML.T0024'])).toEqual([
      'TG-INF-001',
      'TG-INF-002',
      'TG-LOG-001',
      'TG-MODEL-010',
      'TG-ORCH-003',
      'TG-ORCH-007',
      'TG-ORCH-012',
      'TG-STRIDE-003',
    ]);
    expect(ids(['AML.T0024.000'])).toEqual(['TG-INF-001', 'TG-MODEL-010', 'TG-ORCH-003']);
    expect(ids(['aml.t0020'])).toEqual(all((r) => r.atlas.techniques.includes('AML.T0020')));
    expect(ids(['AML.M0024'])).toEqual(all((r) => r.atlas.mitigations.includes('AML.M0024')));
    // Exfiltration (AML.TA0010): AML.T0024 and its sub-techniques.
    expect(ids(['AML.TA0010'])).toEqual(expect.arrayContaining(ids(['AML.T0024'])));
  });

  it('selects by OWASP LLM and ML ids', () => {
    expect(ids(['LLM01:2025'])).toEqual(all((r) => r.owasp.llm.includes('LLM01:2025')));
    expect(ids(['LLM01:2025'])).toContain('TG-ORCH-002');
    expect(ids(['ml02:2023'])).toEqual(all((r) => r.owasp.ml.includes('ML02:2023')));
  });

  it('selects by AICM control, lifecycle stage or group, and SSRM layer', () => {
    expect(ids(['IAM-13'])).toEqual([
      'TG-DATA-011',
      'TG-DEV-007',
      'TG-IAM-004',
      'TG-INF-001',
      'TG-INF-008',
      'TG-INF-012',
      'TG-STRIDE-001',
    ]);
    expect(ids(['TVM-04'])).toEqual(BUILTIN_RULES.map((r) => r.id));
    expect(ids(['data-deletion'])).toEqual(all((r) => r.lifecycle.includes('data-deletion')));
    expect(ids(['data-deletion'])).toContain('TG-DATA-007');
    expect(ids(['service-retirement'])).toEqual(
      all((r) => r.lifecycle.some((s) => ['archiving', 'data-deletion', 'model-disposal'].includes(s))),
    );
    expect(ids(['Orchestrated'])).toEqual(all((r) => r.ssrm === 'Orchestrated'));
    expect(ids(['pi'])).toEqual(all((r) => r.ssrm === 'PI'));
  });

  it('takes the union of comma-separated and repeated selectors, then drops --skip-rules', () => {
    expect(ids(['TG-DATA-001,TG-DATA-002', 'TG-INF-001'])).toEqual([
      'TG-DATA-001',
      'TG-DATA-002',
      'TG-INF-001',
    ]);
    expect(ids(['ai/data'], ['TG-DATA-001, critical'])).toEqual(
      all((r) => r.family === 'ai/data' && r.id !== 'TG-DATA-001' && r.id !== 'TG-DATA-002'),
    );
    expect(ids([], ['ai', 'cloud'])).toEqual([
      'TG-STRIDE-001',
      'TG-STRIDE-002',
      'TG-STRIDE-003',
      'TG-STRIDE-004',
    ]);
    expect(splitSelectors(['a, b,,c', ' d '], '--rules')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('treats a custom rule like a built-in one', () => {
    const custom: Rule = { ...(BUILTIN_RULES[0] as Rule), id: 'ACME-DATA-001' };
    expect(ids(['acme-data-001'], [], [...BUILTIN_RULES, custom])).toEqual(['ACME-DATA-001']);
    expect(ids(['ai/data'], [], [...BUILTIN_RULES, custom])).toContain('ACME-DATA-001');
  });

  it('refuses an unknown selector with one line naming it and how to list the valid ones', () => {
    const how =
      'use a rule id, family, severity, STRIDE category, ATLAS, OWASP or AICM id, lifecycle stage or SSRM layer; `threatgraph rules` lists the rules and `threatgraph rules --format json` their mappings';
    expect(usageError(() => ids(['TG-NOPE-001']))).toBe(`--rules: unknown selector "TG-NOPE-001"; ${how}`);
    expect(usageError(() => ids([], ['AML.T9999']))).toBe(
      `--skip-rules: unknown selector "AML.T9999"; ${how}`,
    );
    expect(usageError(() => ids(['LLM01']))).toBe(
      `--rules: unknown selector "LLM01" (did you mean LLM01:2025?); ${how}`,
    );
    expect(usageError(() => ids(['>=severe']))).toBe(`--rules: unknown selector ">=severe"; ${how}`);
    expect(usageError(() => ids(['a'])).split('\n')).toHaveLength(1);
  });

  it('refuses an empty flag and a selection that leaves nothing to run', () => {
    expect(usageError(() => ids([' , ']))).toMatch(/^--rules: is empty; give one or more selectors/);
    // AML.T0000 is in ATLAS but no built-in rule cites it.
    expect(usageError(() => ids(['AML.T0000']))).toBe(
      '--rules: AML.T0000 matches no rule; `threatgraph rules --format json` shows what each rule cites',
    );
    expect(usageError(() => ids([], ['>=info']))).toMatch(/^--skip-rules: leaves no rule to run; /);
  });

  it('names what a word selects, so custom ids cannot shadow a selector', () => {
    expect(vocabularySelector('IAM-13')?.kind).toBe('aicm');
    expect(vocabularySelector('DATA-STORAGE')?.kind).toBe('lifecycle');
    expect(vocabularySelector('ACME-DATA-001')).toBeUndefined();
    expect(parseSelector('TG-DATA-001', BUILTIN_RULES, '--rules').kind).toBe('rule');
  });
});

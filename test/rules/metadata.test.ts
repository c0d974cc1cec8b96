import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { validateIds } from '../../src/catalog/index.js';
import { LIFECYCLE_GROUPS, SSRM_LAYERS, groupOf } from '../../src/model/index.js';

describe('built-in rule metadata', () => {
  it('has at least 25 rules with unique ids in id order', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it.each(BUILTIN_RULES.map((r) => [r.id, r] as const))(
    '%s cites only ids that exist in the catalog',
    (_id, rule) => {
      expect(validateIds(rule)).toEqual([]);
    },
  );

  it.each(BUILTIN_RULES.map((r) => [r.id, r] as const))('%s is complete', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.description.length).toBeGreaterThan(80);
    expect(rule.stride.length).toBeGreaterThan(0);
    expect(rule.lifecycle.length).toBeGreaterThan(0);
    expect(rule.controls.aicm.map((c) => c.id)).toContain('TVM-04');
    expect(rule.controls.aicm.find((c) => c.id === 'TVM-04')?.v103).toBe('TVM-12');
    for (const cloud of rule.clouds)
      expect(rule.remediation[cloud], `${rule.id} remediation for ${cloud}`).toBeTruthy();
    // Every {param} of the message template is documented by the rule's own match (checked in the behaviour tests).
    expect(rule.message).toMatch(/\{\w+\}/);
  });

  it('covers every SSRM layer', () => {
    const layers = new Set(BUILTIN_RULES.map((r) => r.ssrm));
    expect([...layers].sort()).toEqual([...SSRM_LAYERS].sort());
  });

  it('covers every lifecycle group of the seed control', () => {
    const groups = new Set(BUILTIN_RULES.flatMap((r) => r.lifecycle.map(groupOf)));
    expect([...groups].sort()).toEqual(Object.keys(LIFECYCLE_GROUPS).sort());
  });

  it('covers every STRIDE category', () => {
    expect(new Set(BUILTIN_RULES.flatMap((r) => r.stride)).size).toBe(6);
  });
});

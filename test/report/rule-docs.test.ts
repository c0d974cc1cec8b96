import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { ATLAS_TECHNIQUES } from '../../src/catalog/index.js';
import { SEED_LIFECYCLE_STAGES, aicmRole, type RuleMeta } from '../../src/model/index.js';
import {
  RULE_DOCS_COMMAND,
  RULE_DOCS_DIR,
  coverageCellText,
  coverageGaps,
  coverageMatrix,
  renderRuleIndex,
  renderRulePage,
  ruleDocFiles,
} from '../../src/report/rule-docs.js';
import { explainRule } from '../../src/report/rules.js';

const DOCS = join(import.meta.dirname, '../..', RULE_DOCS_DIR);
const STALE = `${RULE_DOCS_DIR} is stale: run \`${RULE_DOCS_COMMAND}\` and commit the result`;

function rule(id: string): RuleMeta {
  const found = BUILTIN_RULES.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

describe('docs/rules', () => {
  const expected = ruleDocFiles(BUILTIN_RULES);

  it.each([...expected.keys()])('%s is up to date', (name) => {
    const file = join(DOCS, name);
    expect(existsSync(file), `${name} is missing; ${STALE}`).toBe(true);
    expect(readFileSync(file, 'utf8'), `${name} differs from the rules; ${STALE}`).toBe(expected.get(name));
  });

  it('holds no page of a rule that no longer exists', () => {
    const extra = readdirSync(DOCS).filter((name) => !expected.has(name));
    expect(extra, `pages without a rule; ${STALE}`).toEqual([]);
  });
});

describe('rule page', () => {
  const page = renderRulePage(rule('TG-DATA-002'));

  it('is what `threatgraph explain` prints', () => {
    expect(explainRule(rule('TG-DATA-002'))).toBe(page);
  });

  it('names the ATLAS techniques and mitigations, OWASP entries and AICM controls', () => {
    expect(page.split('\n')[0]).toBe(
      '# TG-DATA-002: Training data can be written from the internet: data poisoning',
    );
    for (const id of rule('TG-DATA-002').atlas.techniques) {
      const name = ATLAS_TECHNIQUES[id]?.name;
      expect(name).toBeDefined();
      expect(page).toContain(`- ${id} ${name ?? ''}`);
    }
    expect(page).toContain('- AML.T0020 Poison Training Data (Resource Development, Persistence)');
    expect(page).toContain('- AML.M0007 Sanitize Training Data');
    expect(page).toContain('- LLM04:2025 Data and Model Poisoning');
    expect(page).toContain('- ML02:2023 Data Poisoning Attack');
    expect(page).toContain('- TVM-04 (v1.0.3: TVM-12) Threat Analysis and Modelling');
    expect(page).toContain('- MS-2.7-001 (MEASURE 2.7) ');
    expect(page).toContain(
      '| SSRM layer | PI (Cloud/AI Processing Infrastructure); default owners: Shared CSP-MP',
    );
    expect(page).toContain('| Severity base | impact × likelihood = 5 × 4 = 20 (critical) |');
  });

  it('gives the remediation of each supported cloud, in cloud order', () => {
    const model4 = renderRulePage(rule('TG-MODEL-004'));
    expect(model4.indexOf('### AWS')).toBeLessThan(model4.indexOf('### Azure'));
    expect(model4.indexOf('### Azure')).toBeLessThan(model4.indexOf('### Google Cloud'));
    const dev2 = renderRulePage(rule('TG-DEV-002'));
    expect(dev2).toContain('### AWS');
    expect(dev2).not.toContain('### Azure');
  });

  it('keeps wildcards in prose from turning into emphasis', () => {
    expect(renderRulePage(rule('TG-DATA-001'))).toContain('Remove Principal "\\*" read statements');
  });
});

describe('coverage matrix', () => {
  it('counts a rule in every stage it lists, at its layer', () => {
    const matrix = coverageMatrix(BUILTIN_RULES);
    // TG-DATA-002: PI, data-storage + data-curation + training.
    for (const stage of ['data-storage', 'data-curation', 'training'] as const)
      expect(matrix[stage].PI.rules).toContain('TG-DATA-002');
    expect(matrix.guardrails.PI.rules).not.toContain('TG-DATA-002');
    expect(matrix['data-storage'].Model.rules).not.toContain('TG-DATA-002');
  });

  it('marks a role from the seed control only at the stages it lists', () => {
    expect(SEED_LIFECYCLE_STAGES).toHaveLength(16);
    expect(aicmRole('training', 'Orchestrated')).toBe(true);
    expect(aicmRole('model-disposal', 'PI')).toBe(false);
    expect(aicmRole('orchestration', 'Orchestrated')).toBe(false);
  });

  it('flags a cell where AICM gives the layer a role and no rule covers it', () => {
    const one = rule('TG-DATA-002');
    const matrix = coverageMatrix([one]);
    expect(matrix.training.PI).toEqual({ rules: ['TG-DATA-002'], role: true });
    expect(coverageCellText(matrix.training.PI)).toBe('1');
    expect(coverageCellText(matrix.training.Model)).toBe('**0 ⚠**');
    expect(coverageCellText(matrix['model-disposal'].Model)).toBe('–');
    expect(coverageGaps(matrix)).toContainEqual({ stage: 'training', layer: 'Model' });
    expect(coverageGaps(matrix)).not.toContainEqual({ stage: 'training', layer: 'PI' });
    const index = renderRuleIndex([one]);
    expect(index).toContain('| Training | 1 | **0 ⚠** | **0 ⚠** | **0 ⚠** | 1 |');
    expect(index).toContain('| Model disposal | – | – | – | – | 0 |');
    expect(index).toContain(
      '| [TG-DATA-002](TG-DATA-002.md) | Training data can be written from the internet',
    );
  });

  it('marks a count at a stage the seed control does not list', () => {
    const iam2 = rule('TG-IAM-002'); // resource-provisioning, PI
    expect(coverageCellText(coverageMatrix([iam2])['resource-provisioning'].PI)).toBe('1†');
  });

  it('counts rules per cloud and family', () => {
    const index = renderRuleIndex([rule('TG-DEV-001'), rule('TG-DEV-002')]);
    expect(index).toContain('| ai/development | 2 | 1 | 1 | 2 |');
    expect(index).toContain('| **All families** | 2 | 1 | 1 | 2 |');
  });
});

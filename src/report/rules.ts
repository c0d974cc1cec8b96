import type { Rule, RuleMeta } from '../model/index.js';
import { renderRulePage } from './rule-docs.js';

/** `threatgraph rules`: one line per rule, or the metadata as JSON. */
export function renderRules(rules: readonly Rule[], format: 'table' | 'json'): string {
  if (format === 'json') {
    // Metadata only: JSON.stringify leaves out the match function.
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const lines = rules.map(
    (r) =>
      `${r.id.padEnd(14)} ${r.ssrm.padEnd(12)} ${r.stride.join('').padEnd(4)} ${r.clouds.join(',').padEnd(13)} ${r.title}`,
  );
  return `${'ID'.padEnd(14)} ${'SSRM'.padEnd(12)} ${'STRIDE'.padEnd(4)} ${'CLOUDS'.padEnd(13)} TITLE\n${lines.join('\n')}\n${rules.length} rules\n`;
}

/** `threatgraph explain <id>`: the rule's documentation page, exactly as docs/rules/<id>.md holds it. */
export function explainRule(rule: RuleMeta): string {
  return renderRulePage(rule);
}

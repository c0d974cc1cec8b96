import { LAYER_NAMES, STRIDE_NAMES, ownerLabel, type Rule } from '../model/index.js';

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

/** `threatgraph explain <id>`: the rule in prose, with every mapping and the fix per cloud. */
export function explainRule(rule: Rule): string {
  const aicm = rule.controls.aicm.map((c) =>
    c.v103 !== '' && c.v103 !== c.id ? `${c.id} (v1.0.3: ${c.v103})` : c.id,
  );
  const lines = [
    `${rule.id}: ${rule.title}`,
    '',
    rule.description,
    '',
    `Family:      ${rule.family}`,
    `STRIDE:      ${rule.stride.map((s) => STRIDE_NAMES[s]).join(', ')}`,
    `SSRM layer:  ${rule.ssrm} (${LAYER_NAMES[rule.ssrm]}), responsible: ${ownerLabel(rule.ssrm)}`,
    `Lifecycle:   ${rule.lifecycle.join(', ')}`,
    `ATLAS:       ${rule.atlas.techniques.join(', ') || '-'}; mitigations ${rule.atlas.mitigations.join(', ') || '-'}`,
    `OWASP:       ${[...rule.owasp.llm, ...rule.owasp.ml].join(', ') || '-'}`,
    `AICM v1.1.0: ${aicm.join(', ')}`,
  ];
  const std = rule.controls;
  if (std.iso42001) lines.push(`ISO 42001:   ${std.iso42001.join(', ')}`);
  if (std.iso27001) lines.push(`ISO 27001:   ${std.iso27001.join(', ')}`);
  if (std.euAiAct) lines.push(`EU AI Act:   ${std.euAiAct.join(', ')}`);
  if (std.nistAi600) lines.push(`NIST 600-1:  ${std.nistAi600.join(', ')}`);
  lines.push(`Scoring:     impact ${rule.impact}, base likelihood ${rule.likelihood}`);
  for (const m of rule.likelihoodModifiers) lines.push(`             ${m}`);
  lines.push('', 'Remediation:');
  for (const [cloud, fix] of Object.entries(rule.remediation)) lines.push(`  ${cloud}: ${fix}`);
  return `${lines.join('\n')}\n`;
}

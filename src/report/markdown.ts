import { SEVERITIES, STRIDE_NAMES, type Threat } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { renderMermaid } from './mermaid.js';
import { countBySeverity, type ReportInput } from './model.js';

/** Text safe in a Markdown table cell or list item: no pipes, no line breaks, no HTML. */
export function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A Markdown report: counts by severity, one row per threat, details collapsed, and a diagram of what is involved. */
export function renderMarkdown({ scan }: ReportInput): string {
  const counts = countBySeverity(scan.threats);
  const lines = [`## ${TOOL_NAME} threat model`, ''];
  lines.push(
    `${scan.graph.order} assets, ${scan.graph.size} flows, **${scan.threats.length} threats** (${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')}).`,
    '',
  );
  const failed = scan.rules.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    lines.push(
      `> **${failed.length} rule${failed.length === 1 ? '' : 's'} could not be evaluated**; their threats are missing: ${failed.map((r) => `${r.ruleId} (${cell(r.error ?? '')})`).join('; ')}`,
      '',
    );
  }
  if (scan.threats.length > 0) {
    lines.push('| Severity | Rule | Threat | Zone | Confidence |', '|---|---|---|---|---|');
    for (const t of scan.threats) {
      lines.push(
        `| ${t.severity} | ${t.ruleId} | ${cell(t.message)} | ${t.zones.join(', ')} | ${t.confidence} |`,
      );
    }
    lines.push('', '<details><summary>Details</summary>', '');
    for (const t of scan.threats)
      lines.push(`### ${t.ruleId}: ${cell(t.title)}`, '', ...threatDetails(t), '');
    lines.push('</details>', '');
  }
  const focus = new Set(scan.threats.flatMap((t) => [...t.assets, ...(t.path ?? [])]));
  lines.push('```mermaid', renderMermaid(scan, focus.size > 0 ? focus : undefined).trimEnd(), '```', '');
  lines.push(`<sub>${TOOL_NAME} ${TOOL_VERSION}</sub>`, '');
  return lines.join('\n');
}

/** The details of a threat as Markdown list items: assets, frameworks, SSRM, AICM, status and fixes. */
export function threatDetails(t: Threat): string[] {
  const lines = [`- Assets: ${t.assets.map((a) => `\`${cell(a)}\``).join(', ')}`];
  lines.push(
    `- STRIDE: ${t.stride.map((s) => STRIDE_NAMES[s]).join(', ')}; ATLAS: ${t.atlas.techniques.join(', ')}; OWASP: ${[...t.owasp.llm, ...t.owasp.ml].join(', ')}`,
  );
  lines.push(`- SSRM: ${t.ssrm.layer} (${t.ssrm.responsible}), your action: ${t.ssrm.action}`);
  lines.push(
    `- AICM: ${t.controls.aicm.map((c) => (c.v103 !== '' && c.v103 !== c.id ? `${c.id} (v1.0.3 ${c.v103})` : c.id)).join(', ')}`,
  );
  if (t.accepted !== undefined)
    lines.push(
      `- Accepted${t.accepted.expires === undefined ? '' : ` until ${t.accepted.expires}`}: ${cell(t.accepted.justification)} (${cell(t.accepted.source)})`,
    );
  for (const [cloud, fix] of Object.entries(t.remediation)) lines.push(`- Fix (${cloud}): ${cell(fix)}`);
  return lines;
}

import { SEVERITY_RANK } from '../engine/scoring.js';
import { SEVERITIES, type Threat } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { cell, threatDetails } from './markdown.js';
import { renderMermaid } from './mermaid.js';
import { countBySeverity, triageCounts, type ReportInput } from './model.js';

/** GitHub refuses comments over 65,536 characters; the summary stays below with room for a bot's own text. */
export const SUMMARY_MAX_CHARS = 60_000;
/** Threats listed in the table; the full report has the rest. */
export const SUMMARY_MAX_ROWS = 25;

/** Open threats first (new ones first of all), then by severity; accepted ones last. */
function order(a: Threat, b: Threat): number {
  const rank = (t: Threat): number =>
    (t.accepted === undefined ? 0 : 2) + (t.baseline === undefined || t.baseline === 'new' ? 0 : 1);
  return rank(a) - rank(b) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
}

function status(t: Threat): string {
  if (t.accepted !== undefined) return 'accepted';
  return t.baseline ?? 'open';
}

/**
 * A Markdown summary sized for a pull-request comment: counts by severity, the threats that matter first (new,
 * then by severity) in a table, details collapsed, and a Mermaid diagram of the zones and flows involved. Parts
 * that would push it past SUMMARY_MAX_CHARS are left out, and it says so.
 */
export function renderSummary({ scan }: ReportInput): string {
  const open = scan.threats.filter((t) => t.accepted === undefined);
  const counts = countBySeverity(open);
  const triage = scan.triage;
  const head = [
    `## ${TOOL_NAME}: ${open.length} open threat${open.length === 1 ? '' : 's'}`,
    '',
    `${SEVERITIES.filter((s) => s !== 'info' || counts.info > 0)
      .map((s) => `**${counts[s]}** ${s}`)
      .join(' · ')} — ${scan.graph.order} assets, ${scan.graph.size} flows`,
  ];
  const facts: string[] = [];
  if (triage?.baselineGiven === true) {
    facts.push(`${triageCounts(open).new} new`);
    facts.push(`${triage.resolved.length} resolved`);
  }
  const accepted = scan.threats.length - open.length;
  if (accepted > 0) facts.push(`${accepted} accepted`);
  if (facts.length > 0) head.push('', `Since the baseline: ${facts.join(', ')}.`);
  const failed = scan.rules.filter((r) => r.error !== undefined);
  if (failed.length > 0)
    head.push(
      '',
      `> ⚠️ ${failed.length} rule${failed.length === 1 ? '' : 's'} could not be evaluated; their threats are missing.`,
    );
  for (const e of triage?.expired ?? [])
    head.push('', `> ⚠️ Accepted risk ${cell(e.source)} expired on ${e.expires ?? ''}: renew or remove it.`);
  for (const e of triage?.unmatched ?? [])
    head.push('', `> Accepted risk ${cell(e.source)} matches no threat: remove it if the threat is gone.`);
  head.push('');

  const listed = [...scan.threats].sort(order).slice(0, SUMMARY_MAX_ROWS);
  const table: string[] = [];
  if (listed.length > 0) {
    table.push('| Severity | Status | Rule | Threat |', '|---|---|---|---|');
    for (const t of listed) table.push(`| ${t.severity} | ${status(t)} | ${t.ruleId} | ${cell(t.message)} |`);
    if (scan.threats.length > listed.length)
      table.push('', `…and ${scan.threats.length - listed.length} more in the full report.`);
    table.push('');
  }
  const resolved = (triage?.resolved ?? []).slice(0, 10);
  if (resolved.length > 0) {
    table.push('<details><summary>Resolved since the baseline</summary>', '');
    for (const t of resolved) table.push(`- ${t.ruleId}: ${cell(t.message)}`);
    table.push('', '</details>', '');
  }
  const foot = [`<sub>${TOOL_NAME} ${TOOL_VERSION}</sub>`, ''];

  let text = [...head, ...table].join('\n');
  const budget = (): number => SUMMARY_MAX_CHARS - text.length - foot.join('\n').length - 200;
  let details = 0;
  const parts: string[] = [];
  for (const t of listed) {
    const block = [
      `<details><summary>${t.ruleId} (${t.severity}): ${cell(t.title)}</summary>`,
      '',
      cell(t.message),
      '',
      ...threatDetails(t),
      '',
      '</details>',
      '',
    ].join('\n');
    if (block.length > budget() - parts.join('\n').length) break;
    parts.push(block);
    details++;
  }
  text += `\n${parts.join('\n')}`;
  const focus = new Set(listed.flatMap((t) => [...t.assets, ...(t.path ?? [])]));
  if (focus.size > 0) {
    const diagram = [
      '<details><summary>Zones and flows involved</summary>',
      '',
      '```mermaid',
      renderMermaid(scan, focus).trimEnd(),
      '```',
      '',
      '</details>',
      '',
    ].join('\n');
    if (diagram.length <= budget()) text += `\n${diagram}`;
    else
      text +=
        '\nThe diagram of the zones and flows involved is too large for a comment; see the full report.\n';
  }
  if (details < listed.length)
    text += `\nDetails of ${listed.length - details} listed threat${listed.length - details === 1 ? '' : 's'} left out to fit a comment.\n`;
  return `${text}\n${foot.join('\n')}`;
}

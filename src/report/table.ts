import { SEVERITIES, STRIDE_NAMES, type Threat } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { countBySeverity, triageCounts, zonesOf, type ReportInput } from './model.js';

/** The human-readable summary printed by default: threats grouped by severity, with zone and path. */
export function renderTable({ scan }: ReportInput): string {
  const lines: string[] = [];
  const zones = zonesOf(scan);
  let crossing = 0;
  scan.graph.forEachEdge((_k, _a, from, to) => {
    if (scan.view.zone(from).zone !== scan.view.zone(to).zone) crossing++;
  });
  const inputs = scan.inventory.inputs.length;
  lines.push(
    `${TOOL_NAME} ${TOOL_VERSION}: ${inputs} input${inputs === 1 ? '' : 's'}, ${scan.graph.order} assets in ${zones.length} zones, ${scan.graph.size} flows (${crossing} cross trust boundaries)`,
  );
  lines.push('');
  lines.push('Zones');
  for (const z of zones)
    lines.push(`  ${z.id.padEnd(19)} ${String(z.assets.length).padStart(4)} assets  ${z.description}`);
  lines.push('');
  const counts = countBySeverity(scan.threats);
  lines.push(
    `Threats: ${scan.threats.length} (${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')}; ${scan.threats.filter((t) => t.confidence === 'possible').length} possible)`,
  );
  for (const severity of SEVERITIES) {
    const group = scan.threats.filter((t) => t.severity === severity);
    if (group.length === 0) continue;
    lines.push('');
    lines.push(`${severity.toUpperCase()} (${group.length})`);
    for (const t of group) lines.push(...threatLines(t, scan));
  }
  const failed = scan.rules.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    lines.push('');
    lines.push(
      `Rules: ${failed.length} of ${scan.rules.length} could not be evaluated; their threats are missing, the other rules ran`,
    );
    for (const r of failed) lines.push(`  ${r.ruleId.padEnd(14)} could not evaluate: ${r.error ?? ''}`);
  }
  lines.push(...triageLines(scan));
  const notes = scan.inventory.notes;
  if (notes.length > 0) {
    lines.push('');
    const kinds = new Map<string, number>();
    for (const n of notes) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
    lines.push(
      `Coverage: ${notes.length} note${notes.length === 1 ? '' : 's'} (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}); see --format json for details`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function threatLines(t: Threat, scan: ReportInput['scan']): string[] {
  const name = (id: string): string => scan.view.asset(id)?.name ?? id;
  const marks = [
    ...(t.confidence === 'possible' ? ['possible'] : []),
    ...(t.baseline === undefined ? [] : [t.baseline]),
    ...(t.accepted === undefined ? [] : ['accepted']),
  ];
  const out = [`  ${t.ruleId.padEnd(14)} ${t.title}${marks.map((m) => `  [${m}]`).join('')}`];
  out.push(`    ${t.message}`);
  const where =
    t.path !== undefined && t.path.length > 1
      ? `path: ${t.path.map(name).join(' → ')}`
      : `asset: ${t.assets.join(', ')}`;
  out.push(`    zone: ${t.zones.join(', ')} · ${where}`);
  // Source scans know where each asset is written: say where to fix it.
  const at = [
    ...new Set(
      t.assets.flatMap((id) => {
        const s = scan.view.asset(id)?.source;
        return s?.file === undefined ? [] : [`${s.file}:${String(s.line ?? 1)}`];
      }),
    ),
  ];
  if (at.length > 0) out.push(`    at: ${at.join(', ')}`);
  out.push(
    `    STRIDE ${t.stride.map((s) => STRIDE_NAMES[s]).join(', ')} · ATLAS ${t.atlas.techniques.join(' ') || '-'} · OWASP ${[...t.owasp.llm, ...t.owasp.ml].join(' ') || '-'}`,
  );
  out.push(
    `    SSRM ${t.ssrm.layer} (${t.ssrm.responsible}) → ${t.ssrm.action} · impact ${t.impact} × likelihood ${t.likelihood}${t.likelihood < t.baseLikelihood ? ` (from ${t.baseLikelihood})` : ''}`,
  );
  if (t.existingControls.length > 0)
    out.push(
      `    controls found: ${t.existingControls.map((c) => `${c.control} on ${name(c.assetId)}`).join('; ')}`,
    );
  for (const u of t.unknowns) out.push(`    unknown: ${u.fact} of ${name(u.assetId)} (${u.reason})`);
  if (t.accepted !== undefined)
    out.push(
      `    accepted${t.accepted.expires === undefined ? '' : ` until ${t.accepted.expires}`} (${t.accepted.source}): ${t.accepted.justification}`,
    );
  return out;
}

function triageLines(scan: ReportInput['scan']): string[] {
  const triage = scan.triage;
  if (triage === undefined) return [];
  const out = [''];
  const counts = triageCounts(scan.threats);
  const parts = [`${counts.accepted} accepted`];
  if (triage.baselineGiven)
    parts.push(
      `${counts.new} new`,
      `${counts.changed} changed`,
      `${triage.resolved.length} resolved since the baseline`,
    );
  out.push(`Triage: ${parts.join(', ')}`);
  for (const r of triage.resolved) out.push(`  resolved  ${r.ruleId.padEnd(14)} ${r.message}`);
  for (const e of triage.expired)
    out.push(
      `  expired   ${e.source}: accepted until ${e.expires ?? ''}; no longer covers anything, renew or remove it`,
    );
  for (const e of triage.unmatched)
    out.push(`  unmatched ${e.source}: matches no threat; remove it if the threat is gone`);
  return out;
}

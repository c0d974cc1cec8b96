import { LIFECYCLE_STAGES, SEVERITIES, SSRM_LAYERS } from '../model/index.js';
import { clean } from '../store/render.js';
import type { Metrics } from './compute.js';

const percent = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);
const days = (d: number | null): string => (d === null ? '-' : `${d.toFixed(1)}d`);

/** `threatgraph metrics`: JSON (the shape the README documents) or a table for people. */
export function renderMetrics(m: Metrics, format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(m, null, 2)}\n`;
  const { assets, cells } = m.coverage;
  const lines = [
    `Metrics as of ${m.asOf}${m.since === undefined ? '' : ` (history since ${m.since})`}${
      m.latestScan === undefined
        ? '; no scan recorded'
        : `; latest scan ${m.latestScan.id} at ${clean(m.latestScan.time)}`
    }`,
    '',
    'Coverage',
    `  assets: ${assets.scanned} scanned, ${assets.complete} without a coverage gap (${percent(assets.ratio)}); ${assets.unmodelledTypes} resource type note${assets.unmodelledTypes === 1 ? '' : 's'} (not modelled)`,
    `  lifecycle stage x SSRM layer: ${cells.covered} of ${cells.applicable} cells with a rule that ran (${percent(cells.ratio)})${
      cells.unplacedRules === 0 ? '' : `; ${cells.unplacedRules} rules of unknown layer`
    }`,
    `    ${''.padEnd(26)}${SSRM_LAYERS.map((l) => l.padStart(13)).join('')}`,
  ];
  for (const stage of LIFECYCLE_STAGES) {
    const row = SSRM_LAYERS.map((layer) => {
      const c = cells.list.find((x) => x.stage === stage && x.layer === layer);
      return (
        c === undefined || !c.applicable ? (c?.rules ? `(${c.rules})` : '.') : String(c.rules)
      ).padStart(13);
    });
    lines.push(`    ${stage.padEnd(26)}${row.join('')}`);
  }
  const o = m.openThreats;
  lines.push(
    '',
    `Open threats: ${o.total} (${SEVERITIES.map((s) => `${s} ${o.bySeverity[s]}`).join(', ')})`,
    `  by age: ${o.byAge.map((b) => `${b.label} ${b.count}`).join(', ')}`,
    `Mean time to remediate: ${days(m.remediation.meanDays)} over ${m.remediation.resolved} resolved (${SEVERITIES.map(
      (s) => `${s} ${days(m.remediation.bySeverity[s].meanDays)}/${m.remediation.bySeverity[s].resolved}`,
    ).join(', ')})`,
    `Reopen rate: ${percent(m.reopen.rate)} (${m.reopen.reopened} of ${m.reopen.resolved} resolved threats came back)`,
    `Accepted risks: ${m.acceptedRisks.total} (expired ${m.acceptedRisks.expired}, within 30 days ${m.acceptedRisks.within30Days}, later ${m.acceptedRisks.later}, no expiry ${m.acceptedRisks.noExpiry})`,
    '',
    `Scans per ${m.periodDays}-day period`,
  );
  if (m.scansPerPeriod.length === 0) lines.push('  none');
  for (const p of m.scansPerPeriod)
    lines.push(`  ${p.from.slice(0, 10)} .. ${p.to.slice(0, 10)}  ${p.scans}`);
  lines.push('', 'Collection gaps (coverage notes of the latest scan)');
  if (m.collectionGaps.length === 0) lines.push('  none');
  for (const g of m.collectionGaps)
    lines.push(`  ${g.kind.padEnd(18)} ${clean(g.service ?? '-').padEnd(20)} ${g.notes}`);
  return `${lines.join('\n')}\n`;
}

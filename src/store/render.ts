import type { ScanDiff } from './diff.js';
import type { ScanSummary, ThreatRecord, ThreatTimeline } from './types.js';

/** Stored text is the user's input: control characters would rewrite the terminal, so tables escape them. */
export function clean(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function who(s: ScanSummary): string {
  const { user, ciSystem, ciActor } = s.identity;
  return ciActor === undefined ? user : `${ciActor} (${ciSystem ?? 'ci'})`;
}

/** `threatgraph history`: newest first. */
export function renderHistory(scans: readonly ScanSummary[], format: 'table' | 'json'): string {
  if (format === 'json') return json({ scans });
  if (scans.length === 0) return 'No scans recorded\n';
  const lines = [
    `${'ID'.padEnd(26)}  ${'TIME'.padEnd(24)}  ${'ASSETS'.padStart(6)}  ${'THREATS'.padStart(7)}  ${'BY'.padEnd(16)}  INPUTS`,
  ];
  for (const s of scans)
    lines.push(
      `${s.id}  ${clean(s.time).padEnd(24)}  ${String(s.counts.assets).padStart(6)}  ${String(s.counts.threats).padStart(7)}  ${clean(who(s)).padEnd(16)}  ${s.inputs.map((i) => clean(i.path)).join(', ')}`,
    );
  lines.push(`${scans.length} scan${scans.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

function threatLine(t: ThreatRecord): string {
  return `  ${t.severity.padEnd(8)} ${t.ruleId.padEnd(14)} ${clean(t.title)}  [${t.assets.map(clean).join(', ')}]  ${t.fingerprint.slice(0, 12)}`;
}

/** `threatgraph diff A B`. */
export function renderDiff(diff: ScanDiff, format: 'table' | 'json'): string {
  if (format === 'json') return json(diff);
  const { threats, assets } = diff;
  const lines = [
    `From ${diff.from} to ${diff.to}: ${threats.new.length} new, ${threats.resolved.length} resolved, ${threats.changed.length} changed threats; ${assets.added.length} assets added, ${assets.removed.length} removed`,
  ];
  const section = (title: string, body: string[]): void => {
    if (body.length === 0) return;
    lines.push('', `${title} (${body.length})`, ...body);
  };
  section('New threats', threats.new.map(threatLine));
  section('Resolved threats', threats.resolved.map(threatLine));
  section(
    'Changed threats',
    threats.changed.map(
      ({ before, after }) =>
        `${threatLine(after)}  ${before.severity}/${before.confidence} -> ${after.severity}/${after.confidence}`,
    ),
  );
  section(
    'Added assets',
    assets.added.map((a) => `  ${a.kind.padEnd(24)} ${clean(a.id)}  (${a.zone})`),
  );
  section(
    'Removed assets',
    assets.removed.map((a) => `  ${a.kind.padEnd(24)} ${clean(a.id)}  (${a.zone})`),
  );
  return `${lines.join('\n')}\n`;
}

/** `threatgraph threats`: each threat's first and last scan, status and age. */
export function renderTimelines(list: readonly ThreatTimeline[], format: 'table' | 'json'): string {
  if (format === 'json') return json({ threats: list });
  if (list.length === 0) return 'No threats recorded\n';
  const lines = [
    `${'STATUS'.padEnd(9)}  ${'SEVERITY'.padEnd(8)}  ${'AGE'.padStart(5)}  ${'FIRST SEEN'.padEnd(24)}  ${'LAST SEEN'.padEnd(24)}  ${'RULE'.padEnd(14)}  TITLE`,
  ];
  for (const t of list)
    lines.push(
      `${t.status.padEnd(9)}  ${t.severity.padEnd(8)}  ${`${t.ageDays}d`.padStart(5)}  ${clean(t.firstSeen).padEnd(24)}  ${clean(t.lastSeen).padEnd(24)}  ${t.ruleId.padEnd(14)}  ${clean(t.title)}`,
    );
  lines.push(`${list.length} threat${list.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

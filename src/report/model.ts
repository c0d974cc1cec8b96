import type { ScanResult } from '../scan.js';
import type { OpenCounts } from '../store/types.js';
import { CLOUD_NAMES } from './rule-docs.js';
import {
  SEVERITIES,
  type Cloud,
  ZONE_DESCRIPTIONS,
  ZONE_IDS,
  type Asset,
  type Severity,
  type Threat,
  type ZoneId,
} from '../model/index.js';

/** What every report is made from: the scan and when it was made (undefined to leave timestamps out). */
export interface ReportInput {
  readonly scan: ScanResult;
  readonly generatedAt?: string;
  /** Open threats by severity over the last scans of the history store, this one last (the HTML report's trend). */
  readonly trend?: readonly OpenCounts[];
}

export interface ZoneSummary {
  readonly id: ZoneId;
  readonly description: string;
  readonly assets: readonly string[];
}

export function zonesOf(scan: ScanResult): ZoneSummary[] {
  const members = new Map<ZoneId, string[]>();
  scan.graph.forEachNode((id, attrs) => {
    const list = members.get(attrs.zone.zone);
    if (list) list.push(id);
    else members.set(attrs.zone.zone, [id]);
  });
  return ZONE_IDS.filter((z) => members.has(z)).map((id) => ({
    id,
    description: ZONE_DESCRIPTIONS[id],
    assets: (members.get(id) ?? []).sort(),
  }));
}

export function countBySeverity(threats: readonly Threat[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const t of threats) out[t.severity]++;
  return out;
}

export function sortedAssets(scan: ScanResult): Asset[] {
  const out: Asset[] = [];
  scan.graph.forEachNode((_id, attrs) => out.push(attrs.asset));
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How many threats an accepted risk covers, and how many are new, changed or unchanged against a baseline. */
export function triageCounts(threats: readonly Threat[]): {
  accepted: number;
  new: number;
  changed: number;
  unchanged: number;
} {
  const out = { accepted: 0, new: 0, changed: 0, unchanged: 0 };
  for (const t of threats) {
    if (t.accepted !== undefined) out.accepted++;
    if (t.baseline !== undefined) out[t.baseline]++;
  }
  return out;
}

/** The threats on each asset (by the threat's primary assets), in the scan's threat order. */
export function threatsByAsset(threats: readonly Threat[]): Map<string, Threat[]> {
  const out = new Map<string, Threat[]>();
  for (const t of threats) {
    for (const a of t.assets) {
      const list = out.get(a);
      if (list) list.push(t);
      else out.set(a, [t]);
    }
  }
  return out;
}

/** A threat's remediation as one line per cloud: "AWS: ...". */
export function remediationTexts(remediation: Threat['remediation']): string[] {
  return (Object.entries(remediation) as [Cloud, string][]).map(([c, text]) => `${CLOUD_NAMES[c]}: ${text}`);
}

import type { ThreatOccurrence, ThreatStatus, ThreatTimeline } from './types.js';

const DAY_MS = 86_400_000;

function days(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS));
}

/**
 * Each threat's life over the scans, oldest first: in the latest scan it is accepted (an acceptance covers it
 * there), reopened (some scan since it was first seen lacked it) or open; otherwise resolved. Open threats age up
 * to `asOf`, resolved ones up to the first scan that no longer held them.
 */
export function timelines(
  scans: readonly { id: string; time: string }[],
  occurrences: readonly ThreatOccurrence[],
  asOf: string,
): ThreatTimeline[] {
  const position = new Map(scans.map((s, i) => [s.id, i]));
  const byPrint = new Map<string, ThreatOccurrence[]>();
  for (const o of occurrences) {
    if (!position.has(o.scanId)) continue;
    const list = byPrint.get(o.fingerprint);
    if (list) list.push(o);
    else byPrint.set(o.fingerprint, [o]);
  }
  const latest = scans.length - 1;
  const out: ThreatTimeline[] = [];
  for (const [fingerprint, list] of byPrint) {
    const at = list.map((o) => position.get(o.scanId) ?? 0).sort((a, b) => a - b);
    const first = at[0] ?? 0;
    const last = at[at.length - 1] ?? 0;
    const lastSeen = list.find((o) => position.get(o.scanId) === last) ?? list[0];
    if (lastSeen === undefined) continue;
    const gap = last - first + 1 > new Set(at).size;
    const firstTime = scans[first]?.time ?? '';
    const lastTime = scans[last]?.time ?? '';
    let status: ThreatStatus;
    let resolvedAt: string | undefined;
    if (last === latest) status = lastSeen.accepted ? 'accepted' : gap ? 'reopened' : 'open';
    else {
      status = 'resolved';
      resolvedAt = scans[last + 1]?.time;
    }
    out.push({
      fingerprint,
      ruleId: lastSeen.ruleId,
      title: lastSeen.title,
      severity: lastSeen.severity,
      status,
      firstSeen: firstTime,
      lastSeen: lastTime,
      ...(resolvedAt === undefined ? {} : { resolvedAt }),
      ageDays: days(firstTime, resolvedAt ?? asOf),
      scans: new Set(at).size,
    });
  }
  return out.sort(
    (a, b) =>
      (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : 0) ||
      (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0),
  );
}

import type { AssetRecord, ScanRecord, ThreatRecord } from './types.js';

export interface ThreatChange {
  readonly before: ThreatRecord;
  readonly after: ThreatRecord;
}

/** What changed from scan A to scan B, each list sorted by fingerprint or asset id. */
export interface ScanDiff {
  readonly from: string;
  readonly to: string;
  readonly threats: {
    readonly new: readonly ThreatRecord[];
    readonly resolved: readonly ThreatRecord[];
    /** Still there, with its severity or confidence moved. */
    readonly changed: readonly ThreatChange[];
  };
  readonly assets: { readonly added: readonly AssetRecord[]; readonly removed: readonly AssetRecord[] };
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export function diffScans(a: ScanRecord, b: ScanRecord): ScanDiff {
  const before = new Map(a.threats.map((t) => [t.fingerprint, t]));
  const after = new Map(b.threats.map((t) => [t.fingerprint, t]));
  const changed: ThreatChange[] = [];
  for (const [print, t] of after) {
    const old = before.get(print);
    if (old !== undefined && (old.severity !== t.severity || old.confidence !== t.confidence))
      changed.push({ before: old, after: t });
  }
  const assetsA = new Set(a.assets.map((x) => x.id));
  const assetsB = new Set(b.assets.map((x) => x.id));
  const print = byKey<ThreatRecord>((t) => t.fingerprint);
  const id = byKey<AssetRecord>((x) => x.id);
  return {
    from: a.id,
    to: b.id,
    threats: {
      new: b.threats.filter((t) => !before.has(t.fingerprint)).sort(print),
      resolved: a.threats.filter((t) => !after.has(t.fingerprint)).sort(print),
      changed: changed.sort((x, y) => print(x.after, y.after)),
    },
    assets: {
      added: b.assets.filter((x) => !assetsA.has(x.id)).sort(id),
      removed: a.assets.filter((x) => !assetsB.has(x.id)).sort(id),
    },
  };
}

import type { ScanResult } from '../scan.js';
import type { Asset, Flow, ZoneId } from '../model/index.js';
import { zonesOf } from './model.js';

/** The assets and flows a diagram shows: all of them, or only those along threats when `focus` is given. */
export interface DiagramData {
  readonly zones: readonly { readonly id: ZoneId; readonly assets: readonly Asset[] }[];
  readonly flows: readonly { readonly flow: Flow; readonly crossesBoundary: boolean }[];
}

export function diagramData(scan: ScanResult, focus?: ReadonlySet<string>): DiagramData {
  const include = (id: string): boolean => focus === undefined || focus.has(id);
  const zones = zonesOf(scan)
    .map((z) => ({ id: z.id, assets: z.assets.filter(include).flatMap((id) => scan.view.asset(id) ?? []) }))
    .filter((z) => z.assets.length > 0);
  const flows: { flow: Flow; crossesBoundary: boolean }[] = [];
  scan.graph.forEachEdge((_k, attrs, from, to) => {
    if (!include(from) || !include(to)) return;
    flows.push({ flow: attrs.flow, crossesBoundary: scan.view.zone(from).zone !== scan.view.zone(to).zone });
  });
  return { zones, flows };
}

/** Short, stable node ids for diagram languages that restrict identifier characters. */
export function nodeIds(data: DiagramData): Map<string, string> {
  const ids = new Map<string, string>();
  for (const z of data.zones) for (const a of z.assets) ids.set(a.id, `n${ids.size}`);
  return ids;
}

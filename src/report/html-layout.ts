import type { ZoneId } from '../model/index.js';
import type { DiagramData } from './diagram.js';

/** Where the HTML report draws each zone and asset: computed here, so the same scan gives the same picture. */
export interface ZoneBox {
  readonly id: ZoneId;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly zones: readonly ZoneBox[];
  readonly positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
}

/** Layout units to diagram pixels, for the exports that place elements on a canvas (Threat Dragon, OTM). */
export const PIXELS = { x: 10, y: 25 } as const;

/** Graph units: a column is wide enough for a label beside its node; rows are one label apart. */
const COLUMN = 30;
const ROW = 6;
const GAP = 8;
/** A zone stacks its assets in one column until it holds more than this many per column. */
const PER_COLUMN = 10;

/**
 * Zones side by side in trust order (internet on the left, provider-managed on the right), each stacking its
 * assets in id order, in as many columns as it needs to hold at most PER_COLUMN assets each.
 */
export function layout(data: DiagramData): Layout {
  const zones: ZoneBox[] = [];
  const positions = new Map<string, { x: number; y: number }>();
  let left = 0;
  for (const zone of data.zones) {
    const columns = Math.max(1, Math.ceil(zone.assets.length / PER_COLUMN));
    const rows = Math.ceil(zone.assets.length / columns);
    zone.assets.forEach((asset, i) => {
      positions.set(asset.id, {
        x: left + 3 + Math.floor(i / rows) * COLUMN,
        y: ROW / 2 + (i % rows) * ROW,
      });
    });
    const width = columns * COLUMN - 6;
    zones.push({ id: zone.id, x: left, y: 0, width, height: rows * ROW });
    left += width + GAP;
  }
  return { zones, positions };
}

import type { Asset, Fact, Inventory } from '../../src/model/index.js';

/** What the live-vs-plan parity tests compare of an asset's facts: each value, or `unknown`. */
export function factValues(a: Asset): Record<string, unknown> {
  return Object.fromEntries(
    (Object.entries(a.facts) as [string, Fact][]).map(([k, f]) => [
      k,
      f.state === 'unknown' ? 'unknown' : f.value,
    ]),
  );
}

/** The asset of `id`, or a failure naming it. */
export function assetById(inv: Inventory, id: string): Asset {
  const a = inv.assets.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no asset ${id}`);
  return a;
}

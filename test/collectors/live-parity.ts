import { expect } from 'vitest';
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

/** The plan's asset at `address` and the live one of `id` have the same kind and fact values. */
export function expectSameKindAndFacts(plan: Inventory, live: Inventory, address: string, id: string): void {
  const l = assetById(live, id);
  const p = assetById(plan, address);
  expect(l.kind).toBe(p.kind);
  expect(factValues(l)).toEqual(factValues(p));
}

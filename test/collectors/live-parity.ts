import { expect } from 'vitest';
import type { Asset, Fact, Inventory } from '../../src/model/index.js';
import { scanInventory, type ScanResult } from '../../src/scan.js';

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

/** A scan's flows as `kind from -> to`, their ends named through `id` (plan addresses as live ids). */
export const flowsOf = (s: ScanResult, id: (x: string) => string): string[] =>
  s.inventory.flows.map((f) => `${f.kind} ${id(f.from)} -> ${id(f.to)}`).sort();

/**
 * A scan's threats as `rule assets confidence severity`, the assets named through `id` and compared as a set:
 * the engine orders them by id, and plan addresses sort otherwise than live ids.
 */
export const threatsOf = (s: ScanResult, id: (x: string) => string): string[] =>
  s.threats
    .map((t) => `${t.ruleId} ${t.assets.map(id).sort().join(',')} ${t.confidence} ${t.severity}`)
    .sort();

/** The live list is the plan's but for `planOnly`, which only the plan has, and `liveOnly`, which only live has. */
export function expectSameBut(
  plan: readonly string[],
  live: readonly string[],
  planOnly: readonly string[],
  liveOnly: readonly string[],
): void {
  const without = (all: readonly string[], gone: readonly string[]): string[] =>
    all.filter((x) => !gone.includes(x));
  expect(plan).toEqual(expect.arrayContaining([...planOnly]));
  expect(live).toEqual(expect.arrayContaining([...liveOnly]));
  expect(without(live, liveOnly)).toEqual(without(plan, planOnly));
}

/** Scans what `collect` reads from `fake` while it is up. */
export async function scanFake(
  fake: { start(): Promise<unknown>; stop(): Promise<unknown> },
  collect: () => Promise<Inventory>,
): Promise<ScanResult> {
  await fake.start();
  try {
    return scanInventory(await collect());
  } finally {
    await fake.stop();
  }
}

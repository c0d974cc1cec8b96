import { createHash } from 'node:crypto';
import type { Asset, AssetKind, Fact } from '../model/index.js';

/**
 * What a data-flow diagram calls an asset: the three element types of STRIDE-per-element (plus the external
 * actor), as Threat Dragon and OTM exports draw them. Stores hold data; processes act on it.
 */
export type ElementType = 'actor' | 'process' | 'store';

const STORES: ReadonlySet<AssetKind> = new Set<AssetKind>([
  'object-store',
  'database',
  'dataset',
  'vector-store',
  'feature-store',
  'knowledge-base',
  'model',
  'model-registry',
  'container-registry',
  'log-sink',
  'secret-store',
  'key',
  'resource-set',
]);

export function elementType(kind: AssetKind): ElementType {
  if (kind === 'external-entity') return 'actor';
  return STORES.has(kind) ? 'store' : 'process';
}

/** A UUID-shaped id derived from a name, so re-exports of the same system diff cleanly. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A known boolean fact of an asset, or undefined when absent or unknown. */
export function knownBoolean(asset: Asset, name: keyof Asset['facts']): boolean | undefined {
  const f = asset.facts[name] as Fact | undefined;
  return f !== undefined && f.state !== 'unknown' && typeof f.value === 'boolean' ? f.value : undefined;
}

import { createHash } from 'node:crypto';
import type { AssetKind } from '../model/index.js';

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

/**
 * A name-based UUID (RFC 9562 version 8) from the SHA-256 of `name`: the same name gives the same id, so
 * re-exports of the same system diff cleanly.
 */
export function stableUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The RFC 9562 URL namespace, under which threatgraph names its version 5 UUIDs. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * A name-based UUID of version 5 (SHA-1, RFC 9562) in the URL namespace, for formats that accept only versions 4
 * and 5 (OSCAL): the same name gives the same id.
 */
export function uuidV5(name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(URL_NAMESPACE.replaceAll('-', ''), 'hex'))
    .update(name)
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

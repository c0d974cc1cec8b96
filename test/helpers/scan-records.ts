import type { AssetRecord, ScanRecord, ThreatRecord } from '../../src/store/types.js';

export function threat(fingerprint: string, extra: Partial<ThreatRecord> = {}): ThreatRecord {
  return {
    fingerprint,
    ruleId: 'TG-TEST-001',
    severity: 'high',
    confidence: 'confirmed',
    impact: 4,
    likelihood: 4,
    title: `Threat ${fingerprint}`,
    message: `message of ${fingerprint}`,
    assets: ['aws_s3_bucket.data'],
    ...extra,
  };
}

export function assetRecord(id: string): AssetRecord {
  return {
    id,
    kind: 'object-store',
    provider: 'aws',
    nativeType: 'aws_s3_bucket',
    zone: 'internal-protected',
    name: id,
  };
}

/** A small hand-made scan with the given id, time, threats and assets. */
export function scanRecord(
  id: string,
  time: string,
  threats: readonly ThreatRecord[],
  assets: readonly AssetRecord[] = [assetRecord('aws_s3_bucket.data')],
): ScanRecord {
  return {
    id,
    time,
    toolVersion: '0.1.0',
    ruleSetHash: 'f'.repeat(64),
    rules: [{ id: 'TG-TEST-001', hash: 'a'.repeat(64) }],
    roles: ['AP'],
    identity: { user: 'tester' },
    inputs: [{ path: 'plan.json', format: 'terraform-plan', formatVersion: '1.2', sha256: 'b'.repeat(64) }],
    scopes: [{ provider: 'aws', kind: 'account', id: '123456789012' }],
    assets,
    flows: [],
    threats,
    notes: [],
  };
}

/** ULIDs in time order: `id(1) < id(2)`. */
export const id = (n: number): string => `01J${String(n).padStart(23, '0')}`;

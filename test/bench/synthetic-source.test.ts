import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticSource } from '../../bench/synthetic-source.js';
import { readSourceDir } from '../../collectors/terraform/hcl.js';
import { scanFilesSync } from '../../src/scan.js';

describe('synthetic source tree for the benchmark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-synth-src-'));
  writeSyntheticSource(dir, 4);

  it('writes a variables file and one system of ten resources per other file, all valid HCL', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'system_0001.tf',
      'system_0002.tf',
      'system_0003.tf',
      'variables.tf',
    ]);
    const doc = readSourceDir(dir);
    expect(doc.resources).toHaveLength(30);
    expect(doc.notes).toEqual([]);
    expect(doc.resources.find((r) => r.address === 'aws_s3_bucket.s0002_data')?.values['bucket']).toBe(
      'prod-s0002-training-data',
    );
  });

  it('gives the scanner AI assets, references and threats to work on', () => {
    const result = scanFilesSync([dir]);
    expect(result.inventory.assets.filter((a) => a.kind === 'inference-endpoint')).toHaveLength(3);
    expect(result.inventory.flows.some((f) => f.kind === 'assume-identity')).toBe(true);
    expect(result.threats.length).toBeGreaterThan(0);
  });
});

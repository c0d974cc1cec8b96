import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deciding, touchesChange, triage } from '../../src/engine/triage.js';
import type { AcceptedRisk, BaselineThreat } from '../../src/model/index.js';
import { scanFilesSync } from '../../src/scan.js';

const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
const TODAY = '2026-12-01';
const first = scan.threats[0];
if (first === undefined) throw new Error('the AWS reference architecture has threats');
const entry = (
  e: Omit<AcceptedRisk, 'source' | 'file' | 'line' | 'justification'>,
  line = 1,
): AcceptedRisk => ({
  source: `accepted.yaml:${String(line)}`,
  file: 'accepted.yaml',
  line,
  justification: 'reviewed',
  ...e,
});
const asBaseline = (t: (typeof scan.threats)[number]): BaselineThreat => ({
  fingerprint: t.fingerprint,
  ruleId: t.ruleId,
  title: t.title,
  message: t.message,
  severity: t.severity,
  confidence: t.confidence,
  assets: t.assets,
});

describe('accepted risks', () => {
  it('covers the threats of a rule whose assets match the pattern, and no others', () => {
    const target = first.assets[0] ?? '';
    const pattern = `${target.slice(0, -2)}*`;
    const { threats } = triage(scan.threats, {
      today: TODAY,
      accepted: [entry({ rule: first.ruleId, asset: pattern })],
    });
    const covered = threats.filter((t) => t.accepted !== undefined).map((t) => t.fingerprint);
    const expected = scan.threats
      .filter((t) => t.ruleId === first.ruleId && t.assets.some((a) => a.startsWith(target.slice(0, -2))))
      .map((t) => t.fingerprint);
    expect(covered).toEqual(expected);
    expect(covered).toContain(first.fingerprint);
    expect(threats.find((t) => t.fingerprint === first.fingerprint)?.accepted).toEqual({
      justification: 'reviewed',
      source: 'accepted.yaml:1',
      file: 'accepted.yaml',
      line: 1,
    });
  });

  it('treats the pattern literally except * and ?', () => {
    const { threats } = triage(scan.threats, {
      today: TODAY,
      accepted: [entry({ rule: first.ruleId, asset: (first.assets[0] ?? '').replace('.', '?') })],
    });
    expect(threats.find((t) => t.fingerprint === first.fingerprint)?.accepted).toBeDefined();
    const none = triage(scan.threats, {
      today: TODAY,
      accepted: [entry({ rule: first.ruleId, asset: 'aws_.+' })],
    });
    expect(none.threats.some((t) => t.accepted !== undefined)).toBe(false);
  });

  it('covers a threat by fingerprint; an entry expired yesterday covers nothing and is reported', () => {
    const valid = entry({ fingerprint: first.fingerprint, expires: TODAY }, 3);
    const expired = entry({ fingerprint: first.fingerprint, expires: '2026-11-30' }, 9);
    const kept = triage(scan.threats, { today: TODAY, accepted: [valid] });
    expect(kept.threats.filter((t) => t.accepted !== undefined)).toHaveLength(1);
    const gone = triage(scan.threats, { today: TODAY, accepted: [expired] });
    expect(gone.threats.filter((t) => t.accepted !== undefined)).toHaveLength(0);
    expect(gone.triage.expired).toEqual([expired]);
    expect(gone.triage.unmatched).toEqual([]);
  });

  it('reports an entry that matches nothing', () => {
    const stray = entry({ rule: 'TG-DATA-001', asset: 'nothing.here' });
    expect(triage(scan.threats, { today: TODAY, accepted: [stray] }).triage.unmatched).toEqual([stray]);
  });
});

describe('baseline', () => {
  it('marks threats new, unchanged or changed, and lists the resolved ones', () => {
    const [a, b, ...rest] = scan.threats;
    if (a === undefined || b === undefined) throw new Error('needs two threats');
    const gone: BaselineThreat = { ...asBaseline(a), fingerprint: 'f'.repeat(32) };
    const moved: BaselineThreat = { ...asBaseline(b), severity: b.severity === 'low' ? 'high' : 'low' };
    const { threats, triage: t } = triage(scan.threats, {
      today: TODAY,
      baseline: [gone, moved, ...rest.map(asBaseline)],
    });
    expect(threats.map((x) => x.baseline)).toEqual(['new', 'changed', ...rest.map(() => 'unchanged')]);
    expect(t.resolved).toEqual([gone]);
  });
});

/** The AWS plan as a change that only updates the buckets: everything else already exists unchanged. */
function bucketsOnlyChange(): string {
  const plan = JSON.parse(readFileSync('fixtures/reference-architecture/aws/plan.json', 'utf8')) as {
    resource_changes: { type: string; change: { actions: string[] } }[];
  };
  for (const rc of plan.resource_changes)
    rc.change.actions = rc.type.startsWith('aws_s3_bucket') ? ['update'] : ['no-op'];
  const file = join(mkdtempSync(join(tmpdir(), 'tg-triage-')), 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe('what decides the exit code', () => {
  it('leaves out accepted threats, and with --changed-only those that touch nothing the plan changes', () => {
    const changed = scanFilesSync([bucketsOnlyChange()]);
    const noop = changed.threats.filter((t) => !touchesChange(t, changed.view));
    expect(noop.length).toBeGreaterThan(0);
    expect(noop.length).toBeLessThan(changed.threats.length);
    for (const t of noop)
      for (const id of [...t.assets, ...(t.path ?? [])])
        expect(changed.view.asset(id)?.nativeType).not.toMatch(/^aws_s3_bucket/);
    expect(deciding(changed.threats, changed.view, { changedOnly: true })).toHaveLength(
      changed.threats.length - noop.length,
    );
    const { threats } = triage(scan.threats, {
      today: TODAY,
      accepted: [entry({ fingerprint: first.fingerprint })],
    });
    expect(deciding(threats, scan.view, {}).map((t) => t.fingerprint)).not.toContain(first.fingerprint);
    expect(deciding(threats, scan.view, {})).toHaveLength(scan.threats.length - 1);
  });
});

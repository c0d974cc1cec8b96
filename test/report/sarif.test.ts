import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { writeSyntheticPlan } from '../../bench/synthetic-plan.js';
import { severityOf } from '../../src/engine/scoring.js';
import {
  FINGERPRINT_KEY,
  GITHUB_LIMITS,
  SECURITY_SEVERITY,
  renderSarif,
  toSarif,
} from '../../src/report/sarif.js';
import { triage } from '../../src/engine/triage.js';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';
import { REFERENCE_INPUTS } from '../helpers/fixtures.js';
import { sarifErrors } from '../helpers/sarif-schema.js';

const FIXTURES = [...REFERENCE_INPUTS, 'fixtures/terraform/hcl/basic'];

function sarifOf(scan: ScanResult, maxResults?: number): Sarif.Log {
  const text = renderSarif({ scan }, maxResults === undefined ? {} : { maxResults });
  return JSON.parse(text) as Sarif.Log;
}

function runOf(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0] as Sarif.Run;
}

describe('SARIF output is valid SARIF 2.1.0', () => {
  it.each(FIXTURES)('%s', (input) => {
    const log = sarifOf(scanFilesSync([input]));
    expect(sarifErrors(log)).toBe('');
    expect(log.version).toBe('2.1.0');
  });
  // Every rule case's SARIF is validated by test/rules/cases.test.ts, on the scans it makes anyway.
});

describe('SARIF results', () => {
  const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
  const run = runOf(sarifOf(scan));
  const results = run.results ?? [];
  const rules = run.tool.driver.rules ?? [];

  it('has one reporting descriptor per rule that ran, with help, tags and security-severity', () => {
    expect(rules.map((r) => r.id)).toEqual(scan.ruleSet.map((r) => r.id));
    for (const [i, descriptor] of rules.entries()) {
      const rule = scan.ruleSet[i];
      if (rule === undefined) throw new Error('rule count differs');
      expect(descriptor.shortDescription?.text).toBe(rule.title);
      expect(descriptor.help?.text).toContain(rule.description);
      const tags = descriptor.properties?.tags ?? [];
      expect(tags[0]).toBe('security');
      expect(tags.length).toBeLessThanOrEqual(GITHUB_LIMITS.tagsPerRule);
      expect(tags).toEqual(expect.arrayContaining([...rule.owasp.llm.slice(0, 1)]));
      expect(descriptor.properties?.['security-severity']).toBe(
        SECURITY_SEVERITY[severityOf(rule.impact, rule.likelihood)],
      );
    }
  });

  it('has one result per threat, pointing at its rule, with the fingerprint and severity', () => {
    expect(results).toHaveLength(scan.threats.length);
    const byPrint = new Map(scan.threats.map((t) => [t.fingerprint, t]));
    for (const r of results) {
      const threat = byPrint.get(r.partialFingerprints?.[FINGERPRINT_KEY] ?? '');
      expect(threat).toBeDefined();
      if (threat === undefined) continue;
      expect(r.ruleId).toBe(threat.ruleId);
      expect(rules[r.ruleIndex ?? -1]?.id).toBe(threat.ruleId);
      expect(r.message.text).toBe(threat.message);
      expect(r.properties?.['security-severity']).toBe(SECURITY_SEVERITY[threat.severity]);
      expect(r.level).toBe(
        threat.severity === 'critical' || threat.severity === 'high'
          ? 'error'
          : threat.severity === 'medium'
            ? 'warning'
            : 'note',
      );
    }
  });

  it('puts the most severe results first', () => {
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = results.map((r) => order.indexOf(String(r.properties?.['severity'])));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('locates a plan threat in the plan file by its Terraform address', () => {
    const r = results[0];
    const threat = scan.threats.find((t) => t.fingerprint === r?.partialFingerprints?.[FINGERPRINT_KEY]);
    const location = r?.locations?.[0];
    expect(location?.physicalLocation?.artifactLocation).toEqual({
      uri: 'fixtures/reference-architecture/aws/plan.json',
      uriBaseId: '%SRCROOT%',
    });
    expect(location?.physicalLocation?.region).toBeUndefined();
    expect(location?.logicalLocations?.[0]?.fullyQualifiedName).toBe(
      scan.view.asset(threat?.assets[0] ?? '')?.source.address,
    );
  });

  it('gives the other assets of a path as related locations and the whole path as a code flow', () => {
    const threat = scan.threats.find((t) => (t.path ?? []).some((id) => !t.assets.includes(id)));
    expect(threat).toBeDefined();
    const r = results.find((x) => x.partialFingerprints?.[FINGERPRINT_KEY] === threat?.fingerprint);
    const others = (threat?.path ?? []).filter((id) => !threat?.assets.includes(id));
    expect(r?.relatedLocations?.map((l) => l.logicalLocations?.[0]?.fullyQualifiedName)).toEqual(
      others.map((id) => scan.view.asset(id)?.source.address),
    );
    expect(
      r?.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => l.location?.logicalLocations?.[0]?.name),
    ).toEqual(threat?.path?.map((id) => scan.view.asset(id)?.name));
  });

  it('lists the plan as an analysed artifact with its SHA-256', () => {
    expect(run.artifacts).toEqual([
      {
        location: { uri: 'fixtures/reference-architecture/aws/plan.json', uriBaseId: '%SRCROOT%' },
        hashes: { 'sha-256': scan.inventory.inputs[0]?.sha256 },
        roles: ['analysisTarget'],
      },
    ]);
  });

  it('reports coverage notes as tool notifications', () => {
    const notes = run.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notes.filter((n) => n.descriptor?.id?.startsWith('coverage/'))).toHaveLength(
      scan.inventory.notes.length,
    );
  });

  it('is byte-identical for the same input without a timestamp, and carries the time when given one', () => {
    expect(renderSarif({ scan })).toBe(renderSarif({ scan }));
    const timed = toSarif({ scan, generatedAt: '2026-12-01T00:00:00.000Z' });
    expect(timed.runs[0]?.invocations?.[0]?.endTimeUtc).toBe('2026-12-01T00:00:00.000Z');
    expect(renderSarif({ scan })).not.toContain('endTimeUtc');
  });
});

describe('SARIF from Terraform source', () => {
  it('locates a threat at the file and line of the resource', () => {
    const scan = scanFilesSync(['fixtures/reference-architecture/aws/source']);
    const run = runOf(sarifOf(scan));
    const r = run.results?.[0];
    const threat = scan.threats.find((t) => t.fingerprint === r?.partialFingerprints?.[FINGERPRINT_KEY]);
    const asset = scan.view.asset(threat?.assets[0] ?? '');
    expect(asset?.source.file).toMatch(/\.tf$/);
    expect(r?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: asset?.source.file, uriBaseId: '%SRCROOT%' },
      region: { startLine: asset?.source.line },
    });
    // Source directories are not single artifacts: only plans are listed with a digest.
    expect(run.artifacts).toEqual([]);
  });
});

describe('GitHub upload limits', () => {
  it('keeps the most severe results when there are more than allowed, and says how many were left out', () => {
    const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    const run = runOf(sarifOf(scan, 3));
    expect(run.results).toHaveLength(3);
    const severities = run.results?.map((r) => String(r.properties?.['severity']));
    const top = [...scan.threats]
      .map((t) => t.severity)
      .sort(
        (a, b) =>
          ['critical', 'high', 'medium', 'low', 'info'].indexOf(a) -
          ['critical', 'high', 'medium', 'low', 'info'].indexOf(b),
      )
      .slice(0, 3);
    expect(severities).toEqual(top);
    const warning = run.invocations?.[0]?.toolExecutionNotifications?.find((n) => n.level === 'warning');
    expect(warning?.message.text).toBe(
      `${scan.threats.length - 3} of ${scan.threats.length} threats left out to stay within 3 results per run; the JSON report has them all`,
    );
  });

  it('stays within them for a 1,000-resource plan (results, locations, 10 MB gzipped)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tg-sarif-')), 'plan.json');
    writeSyntheticPlan(file, 1000);
    const text = renderSarif({ scan: scanFilesSync([file]) });
    const run = runOf(JSON.parse(text) as Sarif.Log);
    expect(run.results?.length ?? 0).toBeGreaterThan(100);
    expect(run.results?.length ?? 0).toBeLessThanOrEqual(GITHUB_LIMITS.resultsPerRun);
    for (const r of run.results ?? [])
      expect((r.locations?.length ?? 0) + (r.relatedLocations?.length ?? 0)).toBeLessThanOrEqual(
        GITHUB_LIMITS.locationsPerResult,
      );
    expect(gzipSync(text).length).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('SARIF triage', () => {
  it('gives accepted threats a suppression with the justification, and results their baseline state', () => {
    const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    const [a, b] = scan.threats;
    if (a === undefined || b === undefined) throw new Error('needs two threats');
    const { threats, triage: tri } = triage(scan.threats, {
      today: '2026-12-01',
      accepted: [
        {
          source: 'acc.yaml:2',
          file: 'acc.yaml',
          line: 2,
          fingerprint: a.fingerprint,
          justification: 'pilot',
          owner: 'ml',
          expires: '2027-01-01',
        },
        {
          source: 'acc.yaml:5',
          file: 'acc.yaml',
          line: 5,
          fingerprint: a.fingerprint,
          justification: 'old',
          expires: '2026-01-01',
        },
      ],
      baseline: scan.threats.slice(1).map((t) => ({ ...t, assets: [...t.assets] })),
    });
    const log = toSarif({ scan: { ...scan, threats, triage: tri } });
    expect(sarifErrors(log)).toBe('');
    const results = log.runs[0]?.results ?? [];
    const byPrint = (f: string) => results.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === f);
    expect(byPrint(a.fingerprint)?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'pilot',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'acc.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 2 },
          },
        },
        properties: { source: 'acc.yaml:2', owner: 'ml', expires: '2027-01-01' },
      },
    ]);
    expect(byPrint(a.fingerprint)?.baselineState).toBe('new');
    expect(byPrint(b.fingerprint)?.baselineState).toBe('unchanged');
    expect(byPrint(b.fingerprint)?.suppressions).toBeUndefined();
    const notes = log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notes.find((n) => n.descriptor?.id === 'accepted/expired')?.message.text).toBe(
      'accepted risk acc.yaml:5 expired on 2026-01-01; it no longer covers anything, renew or remove it',
    );
  });
});

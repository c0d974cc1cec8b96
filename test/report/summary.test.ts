import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticPlan } from '../../bench/synthetic-plan.js';
import { triage } from '../../src/engine/triage.js';
import { SUMMARY_MAX_CHARS, SUMMARY_MAX_ROWS, renderSummary } from '../../src/report/summary.js';
import { scanFilesSync } from '../../src/scan.js';

const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
const rows = (text: string): string[] =>
  text.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l));

describe('pull-request summary', () => {
  it('counts open threats by severity and lists each with its status, most severe first', () => {
    const text = renderSummary({ scan });
    expect(text).toContain(`## threatgraph: ${scan.threats.length} open threats`);
    const listed = rows(text);
    expect(listed).toHaveLength(Math.min(scan.threats.length, SUMMARY_MAX_ROWS));
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = listed.map((l) => order.indexOf(l.split('|')[1]?.trim() ?? ''));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(text).toContain('<details><summary>Zones and flows involved</summary>');
    expect(text).toContain('```mermaid');
  });

  it('puts threats new since the baseline first and accepted ones last, and counts them', () => {
    const low = scan.threats.filter((t) => t.severity === 'low');
    const fresh = low[0];
    if (fresh === undefined) throw new Error('needs a low threat');
    const high = scan.threats.find((t) => t.severity === 'high');
    const { threats, triage: tri } = triage(scan.threats, {
      today: '2026-12-01',
      baseline: scan.threats.filter((t) => t !== fresh).map((t) => ({ ...t, assets: [...t.assets] })),
      accepted:
        high === undefined
          ? []
          : [
              {
                source: 'a.yaml:2',
                file: 'a.yaml',
                line: 2,
                fingerprint: high.fingerprint,
                justification: 'ok',
              },
            ],
    });
    const text = renderSummary({ scan: { ...scan, threats, triage: tri } });
    const listed = rows(text);
    expect(listed[0]).toContain(`| low | new | ${fresh.ruleId} |`);
    expect(text).toContain(`## threatgraph: ${scan.threats.length - 1} open threats`);
    expect(text).toContain('Since the baseline: 1 new, 0 resolved, 1 accepted.');
    // Accepted threats come after every open one: last in the table, or cut off when the table is full.
    const at = listed.findIndex((l) => l.includes('| accepted |'));
    expect(at === -1 ? scan.threats.length > SUMMARY_MAX_ROWS : at === listed.length - 1).toBe(true);
  });

  it('stays within a GitHub comment for a large system and says what it left out', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tg-summary-')), 'plan.json');
    writeSyntheticPlan(file, 1000);
    const big = scanFilesSync([file]);
    expect(big.threats.length).toBeGreaterThan(SUMMARY_MAX_ROWS);
    const text = renderSummary({ scan: big });
    expect(text.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(text).toContain(`…and ${big.threats.length - SUMMARY_MAX_ROWS} more in the full report.`);
  });

  it('keeps table cells intact: pipes and HTML in messages are escaped', () => {
    const t = scan.threats[0];
    if (t === undefined) throw new Error('needs a threat');
    const evil = { ...t, message: 'a | b <script>x</script>' };
    const text = renderSummary({ scan: { ...scan, threats: [evil] } });
    expect(text).toContain('a \\| b &lt;script&gt;x&lt;/script&gt;');
    expect(text).not.toContain('<script>');
  });
});

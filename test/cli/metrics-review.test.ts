import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricsOf } from '../../src/metrics/from-store.js';
import { renderHtml } from '../../src/report/html.js';
import { scanFilesSync } from '../../src/scan.js';
import { openStore } from '../../src/store/open.js';
import { cli } from '../helpers/cli.js';
import { id } from '../helpers/scan-records.js';
import { AS_OF, history, recordAll } from '../metrics/history-fixture.js';

const PLAN = 'fixtures/reference-architecture/aws/plan.json';
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'threatgraph-cli-metrics-'));

async function storeWithHistory(): Promise<string> {
  const file = join(tempDir(), 'history.db');
  const store = await openStore(file, 'create');
  try {
    await recordAll(store, history());
  } finally {
    await store.close();
  }
  return file;
}

const epoch = process.env['SOURCE_DATE_EPOCH'];
beforeEach(() => {
  process.env['SOURCE_DATE_EPOCH'] = String(Date.parse(AS_OF) / 1000);
});
afterEach(() => {
  if (epoch === undefined) delete process.env['SOURCE_DATE_EPOCH'];
  else process.env['SOURCE_DATE_EPOCH'] = epoch;
});

describe('threatgraph metrics', () => {
  it('prints the indicators as JSON and as a table, counted to SOURCE_DATE_EPOCH', async () => {
    const file = await storeWithHistory();
    const run = await cli('metrics', '--store', file, '--format', 'json', '--period', '10d');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const store = await openStore(file, 'existing');
    try {
      expect(JSON.parse(run.stdout)).toEqual(
        JSON.parse(JSON.stringify(await metricsOf(store, { asOf: AS_OF, periodDays: 10 }))),
      );
    } finally {
      await store.close();
    }
    const since = await cli('metrics', '--store', file, '--format', 'json', '--since', '2026-01-15');
    expect((JSON.parse(since.stdout) as { since: string; remediation: { resolved: number } }).since).toBe(
      '2026-01-15T00:00:00.000Z',
    );
    const table = await cli('metrics', '--store', file);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe(`Metrics as of ${AS_OF}; latest scan ${id(4)} at 2026-01-31T00:00:00.000Z`);
    expect(lines).toContain('Open threats: 3 (critical 1, high 0, medium 1, low 1, info 0)');
    expect(lines).toContain('Reopen rate: 25.0% (1 of 4 resolved threats came back)');
    expect(lines).toContain('  denied             sagemaker            1');
  });

  it('rejects a bad --period or --since with one line and exit 2', async () => {
    const file = await storeWithHistory();
    expect(await cli('metrics', '--store', file, '--period', '30x')).toMatchObject({
      code: 2,
      stderr:
        'threatgraph: error: --period: "30x" is not a period; write days or weeks, e.g. 30d or 4w (at most 3650d)\n',
    });
    expect(await cli('metrics', '--store', file, '--since', '2026-02-30')).toMatchObject({
      code: 2,
      stderr:
        'threatgraph: error: --since: "2026-02-30" is not a date; write YYYY-MM-DD or an ISO time such as 2026-01-31T12:00:00Z\n',
    });
  });
});

describe('threatgraph review', () => {
  it('lists what is due with exit 1, records a review, lists it, and is due only for what is left', async () => {
    const dir = tempDir();
    const file = await storeWithHistory();
    const accepted = join(dir, 'accepted.yaml');
    writeFileSync(
      accepted,
      'accepted:\n  - rule: TG-TEST-001\n    asset: "*"\n    justification: pilot\n    expires: 2026-02-01\n',
    );
    const due = await cli('review', '--store', file, '--accepted', accepted, '--format', 'json');
    expect([due.code, due.stderr]).toEqual([1, '']);
    const body = JSON.parse(due.stdout) as {
      due: boolean;
      cadence: { overdue: boolean };
      acceptances: { source: string; status: string; daysLeft: number }[];
      overdueThreats: { fingerprint: string }[];
    };
    expect(body.cadence.overdue).toBe(true);
    expect(body.acceptances).toEqual([
      expect.objectContaining({ source: `${accepted}:2`, status: 'expired', daysLeft: -9 }),
    ]);
    expect(body.overdueThreats.map((t) => t.fingerprint)).toEqual(['a']);

    const recorded = await cli(
      'review',
      '--record',
      '--store',
      file,
      '--reviewer',
      'alice',
      '--notes',
      'ok\nall read',
    );
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toMatch(new RegExp(`^Recorded review [0-9A-Z]{26} of scan ${id(4)}\\n$`));
    const list = await cli('review', '--list', '--store', file, '--format', 'json');
    const reviews = (JSON.parse(list.stdout) as { reviews: Record<string, string>[] }).reviews;
    expect(reviews.map((r) => [r['reviewer'], r['notes'], r['scanId'], r['time']])).toEqual([
      ['alice', 'ok\nall read', id(4), AS_OF],
    ]);

    // Reviewed just now, nothing accepted, critical SLA long enough: nothing due, exit 0.
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'review:\n  cadenceDays: 30\n  sla:\n    critical: 60\n');
    const clear = await cli(
      'review',
      '--store',
      file,
      '--config',
      config,
      '--accepted',
      join(dir, 'none.yaml'),
    );
    expect(clear.code).toBe(2);
    writeFileSync(join(dir, 'none.yaml'), 'accepted: []\n');
    const ok = await cli('review', '--store', file, '--config', config, '--accepted', join(dir, 'none.yaml'));
    expect([ok.code, ok.stdout.split('\n')[0]]).toEqual([0, `Nothing due for review as of ${AS_OF}`]);
    // The cadence flag wins over the file: one day since the review, a cadence of 1 is not yet overdue.
    process.env['SOURCE_DATE_EPOCH'] = String(Date.parse('2026-02-12T00:00:00Z') / 1000);
    const late = await cli(
      'review',
      '--store',
      file,
      '--config',
      config,
      '--cadence',
      '1',
      '--accepted',
      join(dir, 'none.yaml'),
    );
    expect([late.code, late.stdout.split('\n')[1]]).toEqual([
      1,
      `  cadence: every 1 days; last review ${reviews[0]?.['id'] ?? ''} by alice at ${AS_OF}; next due 2026-02-11 (overdue)`,
    ]);
  });

  it('rejects a bad cadence, a bad config and a review without a reviewer, one line each, exit 2', async () => {
    const dir = tempDir();
    const file = await storeWithHistory();
    expect(await cli('review', '--store', file, '--cadence', 'often')).toMatchObject({
      code: 2,
      stderr:
        'threatgraph: error: --cadence: "often" is not a number of days from 1 to 3650; write e.g. --cadence 90\n',
    });
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'review:\n  cadenceDays: -5\n');
    expect(await cli('review', '--store', file, '--config', config)).toMatchObject({
      code: 2,
      stderr: `threatgraph: error: ${config}:2: review.cadenceDays: is -5, not a whole number of days from 1 to 3650; write how often the threat model is reviewed\n`,
    });
    expect(await cli('review', '--record', '--store', file, '--notes', 'x')).toMatchObject({
      code: 2,
      stderr: 'threatgraph: error: --reviewer: is missing; --record needs --reviewer NAME\n',
    });
    expect(
      await cli('review', '--record', '--store', file, '--reviewer', 'a\u001b[2Jb', '--notes', 'x'),
    ).toMatchObject({
      code: 2,
      stderr: 'threatgraph: error: --reviewer: holds a control character or a line break; write plain text\n',
    });
    expect(await cli('review', '--store', file, '--reviewer', 'bob')).toMatchObject({
      code: 2,
      stderr: 'threatgraph: error: --reviewer: only goes with --record\n',
    });
    const list = await cli('review', '--list', '--store', file);
    expect(list.stdout).toBe('No reviews recorded\n');
  });
});

describe('the HTML report trend', () => {
  it('shows the previous scans plus this one with a store, and nothing without', async () => {
    const dir = tempDir();
    const store = join(dir, 'history.db');
    const page = (n: number): string => readFileSync(join(dir, `r${n}.html`), 'utf8');
    for (const n of [1, 2, 3])
      expect(
        (
          await cli(
            'scan',
            PLAN,
            '--format',
            'html',
            '--no-timestamps',
            '--store',
            store,
            '-o',
            join(dir, `r${n}.html`),
          )
        ).code,
      ).toBe(0);
    expect(
      (await cli('scan', PLAN, '--format', 'html', '--no-timestamps', '-o', join(dir, 'r4.html'))).code,
    ).toBe(0);
    const open = scanFilesSync([PLAN]).threats.length;
    for (const n of [1, 2, 3]) {
      const bars = [...page(n).matchAll(/<g data-scan="([0-9A-Z]{26})" data-open="(\d+)">/g)];
      expect(bars.map((b) => Number(b[2]))).toEqual(Array.from({ length: n }, () => open));
      expect(page(n)).toContain(`<h2>Open threats over the last ${n} scan${n === 1 ? '' : 's'}</h2>`);
    }
    // Without history the page is what it always was: the same bytes as a render without a trend.
    expect(page(4)).not.toContain('id="trend"');
    expect(page(4)).toBe(renderHtml({ scan: scanFilesSync([PLAN]) }));
    // Only the data and the viewer are scripts; the chart is markup under the same policy.
    expect(page(3).match(/<script\b/g)).toHaveLength(2);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { sarifErrors } from '../helpers/sarif-schema.js';

const AWS = 'fixtures/reference-architecture/aws/plan.json';
const dir = mkdtempSync(join(tmpdir(), 'tg-ci-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

interface Report {
  threats: {
    fingerprint: string;
    ruleId: string;
    severity: string;
    assets: string[];
    accepted?: unknown;
    baseline?: string;
  }[];
  triage?: Record<string, unknown>;
}
async function report(...args: string[]): Promise<Report> {
  const run = await cli('scan', AWS, '-f', 'json', '--no-timestamps', ...args);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Report;
}

// Accepted risks are judged against today: the tests fix the day with SOURCE_DATE_EPOCH (2026-12-01).
beforeEach(() => {
  process.env['SOURCE_DATE_EPOCH'] = String(Date.UTC(2026, 11, 1) / 1000);
});
afterEach(() => {
  delete process.env['SOURCE_DATE_EPOCH'];
});

describe('accepted risks', () => {
  it('keep accepted threats in the report and out of the exit code; an expired entry stops covering', async () => {
    const plain = await report();
    const high = plain.threats.filter((t) => t.severity === 'high' || t.severity === 'critical');
    expect(high.length).toBeGreaterThan(0);
    const entries = (expires: string): string =>
      `accepted:\n${high
        .map(
          (t) =>
            `  - fingerprint: ${t.fingerprint}\n    justification: reviewed in SEC-9\n    expires: ${expires}\n`,
        )
        .join('')}`;
    const valid = file('accepted.yaml', entries('2027-01-31'));
    expect((await cli('scan', AWS, '--fail-on', 'high', '--accepted', valid)).code).toBe(0);
    const accepted = await report('--accepted', valid);
    expect(accepted.threats.filter((t) => t.accepted !== undefined).map((t) => t.fingerprint)).toEqual(
      high.map((t) => t.fingerprint),
    );
    expect(accepted.triage).toEqual({
      accepted: high.length,
      expiredAcceptances: [],
      unmatchedAcceptances: [],
    });

    const expired = file('expired.yaml', entries('2026-11-30'));
    const run = await cli('scan', AWS, '--fail-on', 'high', '--accepted', expired);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `expired   ${expired}:2: accepted until 2026-11-30; no longer covers anything, renew or remove it`,
    );
  });

  it('reads .threatgraph/accepted.yaml from the working directory by default', async () => {
    const cwd = process.cwd();
    const work = mkdtempSync(join(tmpdir(), 'tg-ci-cwd-'));
    const plan = join(cwd, AWS);
    try {
      process.chdir(work);
      const first = JSON.parse((await cli('scan', plan, '-f', 'json')).stdout) as Report;
      const t = first.threats[0];
      expect(t).toBeDefined();
      mkdirSync('.threatgraph');
      writeFileSync(
        '.threatgraph/accepted.yaml',
        `accepted:\n  - fingerprint: ${t?.fingerprint ?? ''}\n    justification: ok\n`,
      );
      const again = JSON.parse((await cli('scan', plan, '-f', 'json')).stdout) as Report;
      expect(again.threats.find((x) => x.fingerprint === t?.fingerprint)?.accepted).toEqual({
        justification: 'ok',
        source: '.threatgraph/accepted.yaml:2',
        file: '.threatgraph/accepted.yaml',
        line: 2,
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it('an invalid file is exit 2 with a one-line error naming the file and line, and nothing written', async () => {
    const bad = file('bad.yaml', 'accepted:\n  - rule: TG-INF-002\n    asset: x\n');
    const out = join(dir, 'never.json');
    const run = await cli('scan', AWS, '--accepted', bad, '-f', 'json', '-o', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `threatgraph: error: ${bad}:2: accepted[0]: has no justification; say why the risk is accepted\n`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('baseline', () => {
  it('marks new threats and fails only on them with --fail-on-new', async () => {
    const plain = await report();
    const same = file('same.json', JSON.stringify(plain));
    expect((await cli('scan', AWS, '--baseline', same, '--fail-on-new')).code).toBe(0);
    const dropped = plain.threats.filter((t) => t.ruleId === 'TG-DEV-001');
    expect(dropped.length).toBeGreaterThan(0);
    const older = file(
      'older.json',
      JSON.stringify({ ...plain, threats: plain.threats.filter((t) => t.ruleId !== 'TG-DEV-001') }),
    );
    const marked = await report('--baseline', older);
    expect(marked.threats.filter((t) => t.baseline === 'new').map((t) => t.fingerprint)).toEqual(
      dropped.map((t) => t.fingerprint),
    );
    expect(marked.triage?.['new']).toBe(dropped.length);
    expect((await cli('scan', AWS, '--baseline', older, '--fail-on-new')).code).toBe(1);
    // New threats below the threshold do not fail the run.
    expect((await cli('scan', AWS, '--baseline', older, '--fail-on-new', '--fail-on', 'critical')).code).toBe(
      dropped.some((t) => t.severity === 'critical') ? 1 : 0,
    );
  });

  it('lists threats of the baseline that are gone as resolved', async () => {
    const plain = await report();
    const ghost = { ...plain.threats[0], fingerprint: 'e'.repeat(32), message: 'gone since' };
    const older = file('ghost.json', JSON.stringify({ ...plain, threats: [...plain.threats, ghost] }));
    const marked = await report('--baseline', older);
    expect(marked.triage?.['resolved']).toEqual([
      expect.objectContaining({ fingerprint: 'e'.repeat(32), message: 'gone since' }),
    ]);
  });

  it('--fail-on-new without --baseline, or --changed-only without a plan, is a usage error', async () => {
    expect((await cli('scan', AWS, '--fail-on-new')).stderr).toBe(
      'threatgraph: error: --fail-on-new: needs --baseline <report.json>: new is relative to an earlier report\n',
    );
    const run = await cli('scan', 'fixtures/terraform/hcl/basic', '--changed-only');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'threatgraph: error: --changed-only: needs a plan: only `terraform show -json` output says what a change creates, updates or replaces\n',
    );
  });
});

describe('several formats at once', () => {
  it('writes one file per format into --output-dir, each valid', async () => {
    const out = join(dir, 'reports');
    const run = await cli(
      'scan',
      AWS,
      '-f',
      'json,sarif,summary,markdown,dot',
      '--output-dir',
      out,
      '--no-timestamps',
    );
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'threatgraph-summary.md',
      'threatgraph.dot',
      'threatgraph.json',
      'threatgraph.md',
      'threatgraph.sarif',
    ]);
    expect(sarifErrors(JSON.parse(readFileSync(join(out, 'threatgraph.sarif'), 'utf8')))).toBe('');
    const json = JSON.parse(readFileSync(join(out, 'threatgraph.json'), 'utf8')) as Report;
    expect(json.threats.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'threatgraph-summary.md'), 'utf8')).toContain(`open threat`);
  });

  it('refuses several formats without --output-dir, and an unknown one', async () => {
    expect((await cli('scan', AWS, '-f', 'json,sarif')).stderr).toBe(
      'threatgraph: error: --format: names several formats; add --output-dir <dir> to write one file each\n',
    );
    const run = await cli('scan', AWS, '-f', 'json,xml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '"xml" is not a format; use one or more of table, json, sarif, markdown, html, summary, mermaid, dot, threat-dragon, otm, cyclonedx, requirements, requirements-json',
    );
  });

  it('leaves no file behind when one cannot be written', async () => {
    const out = join(dir, 'blocked');
    mkdirSync(join(out, 'threatgraph.sarif'), { recursive: true });
    const run = await cli('scan', AWS, '-f', 'json,sarif', '--output-dir', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `threatgraph: error: ${join(out, 'threatgraph.sarif')}: cannot be written (EISDIR); check that it is not a directory and is writable\n`,
    );
    expect(readdirSync(out)).toEqual(['threatgraph.sarif']);
  });
});

import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFilesSync } from '../../src/scan.js';
import { cli } from '../helpers/cli.js';
import { PLANTED_SECRETS, awsPlanWithGatewayName, azurePlanWithSecrets } from '../helpers/fixtures.js';
import { oscalErrors } from '../helpers/oscal-schema.js';

const AWS = 'fixtures/reference-architecture/aws/plan.json';
const HARDENED = 'fixtures/reference-architecture/aws/hardened.json';
const AZURE = 'fixtures/reference-architecture/azure/plan.json';
const GCP = 'fixtures/reference-architecture/gcp/plan.json';

/** The files of every bundle without extras, sorted as the manifest lists them (plus the manifest). */
const BUNDLE = [
  'accepted-risks.json',
  'guidelines.json',
  'guidelines.md',
  'history.json',
  'manifest.json',
  'oscal-assessment-results.json',
  'reports/threatgraph.cdx.json',
  'reports/threatgraph.dot',
  'reports/threatgraph.html',
  'reports/threatgraph.json',
  'reports/threatgraph.mmd',
  'reports/threatgraph.requirements.json',
  'reports/threatgraph.requirements.md',
  'reports/threatgraph.sarif',
  'standards.json',
  'standards.md',
];

const temp = (): string => mkdtempSync(join(tmpdir(), 'tg-evidence-'));

function filesOf(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of filesOf(join(dir, e.name), rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, e.name)));
  }
  return out;
}

const json = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));

interface Manifest {
  tool: { name: string; version: string };
  generatedAt?: string;
  files: { path: string; sha256: string; size: number }[];
}

async function bundle(...args: string[]): Promise<string> {
  const out = join(temp(), 'bundle');
  const run = await cli('evidence', '--out', out, ...args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return out;
}

const epoch = process.env['SOURCE_DATE_EPOCH'];
beforeEach(() => {
  delete process.env['SOURCE_DATE_EPOCH'];
});
afterEach(() => {
  if (epoch === undefined) delete process.env['SOURCE_DATE_EPOCH'];
  else process.env['SOURCE_DATE_EPOCH'] = epoch;
});

describe('threatgraph evidence', () => {
  it('writes exactly the bundle files, and a manifest with the SHA-256 and size of every other file', async () => {
    process.env['SOURCE_DATE_EPOCH'] = '1780000000';
    const out = await bundle('--no-store', AWS);
    const files = filesOf(out);
    expect([...files.keys()]).toEqual(BUNDLE);
    const manifest = json(out, 'manifest.json') as Manifest;
    expect(manifest.tool.name).toBe('threatgraph');
    expect(manifest.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.generatedAt).toBe(new Date(1780000000 * 1000).toISOString());
    expect(manifest.files.map((f) => f.path)).toEqual(BUNDLE.filter((f) => f !== 'manifest.json'));
    for (const f of manifest.files) {
      const bytes = files.get(f.path) ?? Buffer.alloc(0);
      expect(f.size).toBe(bytes.byteLength);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    // The reports are those `scan --output-dir` writes for the same input.
    const dir = temp();
    await cli('scan', AWS, '--no-store', '-f', 'json,sarif,cyclonedx', '--output-dir', dir);
    for (const f of ['threatgraph.json', 'threatgraph.sarif', 'threatgraph.cdx.json'])
      expect(files.get(`reports/${f}`)?.toString()).toBe(readFileSync(join(dir, f), 'utf8'));
  });

  it('is byte-identical for the same input with timestamps off, as a directory and as a zip', async () => {
    const a = await bundle('--no-store', '--no-timestamps', AWS);
    const b = await bundle('--no-store', '--no-timestamps', AWS);
    expect(filesOf(b)).toEqual(filesOf(a));
    expect((json(a, 'manifest.json') as Manifest).generatedAt).toBeUndefined();
    const zipA = join(temp(), 'bundle.zip');
    const zipB = join(temp(), 'bundle.zip');
    await cli('evidence', '--out', zipA, '--no-store', '--no-timestamps', AWS);
    await cli('evidence', '--out', zipB, '--no-store', '--no-timestamps', AWS);
    expect(readFileSync(zipB).equals(readFileSync(zipA))).toBe(true);
    // The zip holds the same files, entries in manifest order.
    const entries = unzipSync(readFileSync(zipA));
    expect(Object.keys(entries)).toEqual(BUNDLE);
    for (const [name, bytes] of filesOf(a)) expect(Buffer.from(entries[name] ?? []).equals(bytes)).toBe(true);
  });

  it.each([AWS, AZURE, GCP])(
    'writes an OSCAL assessment-results document valid against OSCAL 1.1.2 (%s)',
    async (plan) => {
      const out = await bundle('--no-store', plan);
      const doc = json(out, 'oscal-assessment-results.json') as {
        'assessment-results': { results: { risks?: unknown[]; findings?: unknown[] }[] };
      };
      expect(oscalErrors(doc)).toBe('');
      const threats = (json(out, 'reports/threatgraph.json') as { threats: unknown[] }).threats.length;
      expect(doc['assessment-results'].results[0]?.findings).toHaveLength(threats);
    },
  );

  it('refuses to write over an existing bundle and leaves nothing behind when it cannot write', async () => {
    const parent = temp();
    const out = join(parent, 'bundle');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const run = await cli('evidence', '--out', out, '--no-store', AWS);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `threatgraph: error: ${out}: already exists; choose a new --out (a bundle is never written over another)\n`,
    );
    expect(readdirSync(parent)).toEqual(['bundle']);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    // An empty directory is taken.
    const empty = join(parent, 'empty');
    mkdirSync(empty);
    expect((await cli('evidence', '--out', empty, '--no-store', AWS)).code).toBe(0);
    expect(readdirSync(empty)).toContain('manifest.json');
  });

  it('rejects a --period it cannot read before scanning', async () => {
    const run = await cli(
      'evidence',
      '--out',
      join(temp(), 'b'),
      '--no-store',
      '--period',
      'last\u001b[2Jweek',
      AWS,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'threatgraph: error: --period: "last?[2Jweek" is not a period; write a number of days (90d), a day (2026-01-31) or all\n',
    );
  });
});

describe('threatgraph verify', () => {
  it('accepts an untouched bundle, directory or zip', async () => {
    const out = await bundle('--no-store', AWS);
    const ok = await cli('verify', out);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^verified: 15 files match manifest\.json \(threatgraph \d+\.\d+\.\d+, .+\)\n$/,
    );
    const zip = join(temp(), 'b.zip');
    await cli('evidence', '--out', zip, '--no-store', AWS);
    expect((await cli('verify', zip)).code).toBe(0);
  });

  it('names each missing, extra and altered file on its own line and exits 1', async () => {
    const out = await bundle('--no-store', AWS);
    rmSync(join(out, 'standards.md'));
    writeFileSync(join(out, 'reports', 'notes.txt'), 'added later');
    const sarif = join(out, 'reports', 'threatgraph.sarif');
    writeFileSync(sarif, readFileSync(sarif, 'utf8').replace('"error"', '"note"'));
    const html = join(out, 'reports', 'threatgraph.html');
    const same = readFileSync(html);
    same[10] = (same[10] ?? 0) ^ 1; // same size, one bit flipped
    writeFileSync(html, same);
    const run = await cli('verify', out);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'extra: reports/notes.txt',
        'altered: reports/threatgraph.html',
        'altered: reports/threatgraph.sarif',
        'missing: standards.md',
        '',
      ].join('\n'),
    );
  });

  it('detects tampering inside a zip', async () => {
    const zip = join(temp(), 'b.zip');
    await cli('evidence', '--out', zip, '--no-store', AWS);
    const entries = unzipSync(readFileSync(zip));
    delete entries['history.json'];
    entries['guidelines.md'] = new TextEncoder().encode('# nothing to see\n');
    entries['extra/evil.sh'] = new TextEncoder().encode('rm -rf /\n');
    const tampered = join(temp(), 'tampered.zip');
    writeFileSync(tampered, zipSync(entries));
    const run = await cli('verify', tampered);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('extra: extra/evil.sh\naltered: guidelines.md\nmissing: history.json\n');
  });

  it('exits 2 with one line for what is not a bundle', async () => {
    const missing = join(temp(), 'nope');
    expect((await cli('verify', missing)).stderr).toBe(
      `threatgraph: error: ${missing}: cannot be read (ENOENT); give a bundle directory or .zip\n`,
    );
    const empty = temp();
    const run = await cli('verify', empty);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `threatgraph: error: ${empty}: is not an evidence bundle: manifest.json is missing; verify takes a directory or .zip written by \`threatgraph evidence\`\n`,
    );
    writeFileSync(join(empty, 'manifest.json'), '{ not json');
    expect((await cli('verify', empty)).stderr).toBe(
      `threatgraph: error: ${empty}: is not an evidence bundle: manifest.json is not JSON\n`,
    );
    writeFileSync(
      join(empty, 'manifest.json'),
      JSON.stringify({ files: [{ path: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1 }] }),
    );
    expect((await cli('verify', empty)).stderr).toBe(
      `threatgraph: error: ${empty}: is not an evidence bundle: manifest.json names a path a bundle cannot hold: "../../etc/passwd"\n`,
    );
    const notZip = join(temp(), 'x.zip');
    writeFileSync(notZip, 'PK but not really');
    const bad = await cli('verify', notZip);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^threatgraph: error: .*x\.zip: is not a readable zip file \(.+\); give a bundle directory or \.zip\n$/,
    );
  });
});

describe('history in the bundle', () => {
  it('holds the scans of the period, the threat timelines and the diff of the last two scans', async () => {
    const store = join(temp(), 'history.db');
    expect((await cli('scan', AWS, '--store', store, '-f', 'json')).code).toBe(0);
    expect((await cli('scan', HARDENED, '--store', store, '-f', 'json')).code).toBe(0);
    const out = await bundle('--store', store, AWS);
    const history = json(out, 'history.json') as {
      recorded: boolean;
      scans: { id: string; inputs: { path: string }[] }[];
      threats: { fingerprint: string; status: string }[];
      diff: { from: string; to: string; threats: { new: { fingerprint: string }[] } };
    };
    expect(history.recorded).toBe(true);
    expect(history.scans.map((s) => s.inputs[0]?.path)).toEqual([AWS, HARDENED, AWS]);
    expect([history.diff.from, history.diff.to]).toEqual([history.scans[1]?.id, history.scans[0]?.id]);
    const weak = new Set(scanFilesSync([AWS]).threats.map((t) => t.fingerprint));
    const strong = new Set(scanFilesSync([HARDENED]).threats.map((t) => t.fingerprint));
    const back = [...weak].filter((f) => !strong.has(f)).sort();
    expect(history.diff.threats.new.map((t) => t.fingerprint)).toEqual(back);
    expect(
      history.threats
        .filter((t) => t.status === 'reopened')
        .map((t) => t.fingerprint)
        .sort(),
    ).toEqual(back);
    const verified = await cli('verify', out);
    expect(verified.code).toBe(0);

    // The hardened scan after it closes what it no longer finds: closed risks in OSCAL.
    const closedOut = await bundle('--store', store, HARDENED);
    const risks =
      (
        json(closedOut, 'oscal-assessment-results.json') as {
          'assessment-results': {
            results: { risks: { status: string; props: { name: string; value: string }[] }[] }[];
          };
        }
      )['assessment-results'].results[0]?.risks ?? [];
    const closed = risks
      .filter((r) => r.status === 'closed')
      .map((r) => r.props.find((p) => p.name === 'fingerprint')?.value);
    expect(closed.sort()).toEqual(back);
    expect(oscalErrors(json(closedOut, 'oscal-assessment-results.json'))).toBe('');
  });

  it('leaves out scans before --period', async () => {
    const store = join(temp(), 'history.db');
    await cli('scan', AWS, '--store', store, '-f', 'json');
    const out = await bundle('--store', store, '--period', '2999-01-01', HARDENED);
    const history = json(out, 'history.json') as { since: string; scans: unknown[]; threats: unknown[] };
    expect(history.since).toBe('2999-01-01T00:00:00.000Z');
    expect(history.scans).toEqual([]);
    expect(history.threats).toEqual([]);
  });

  it('holds the metrics and the recorded reviews of the store, and the guidelines point at them', async () => {
    const store = join(temp(), 'history.db');
    expect((await cli('scan', AWS, '--store', store, '-f', 'json')).code).toBe(0);
    const reviewed = await cli(
      'review',
      '--record',
      '--reviewer',
      'Ada',
      '--notes',
      'first look',
      '--store',
      store,
    );
    expect(reviewed.code).toBe(0);
    const out = await bundle('--store', store, HARDENED);
    const metrics = json(out, 'metrics.json') as {
      latestScan: { id: string };
      openThreats: { total: number };
    };
    const history = json(out, 'history.json') as { scans: { id: string }[] };
    // The bundle's own scan is the latest one the metrics describe.
    expect(metrics.latestScan.id).toBe(history.scans[0]?.id);
    expect(metrics.openThreats.total).toBe(scanFilesSync([HARDENED]).threats.length);
    const reviews = json(out, 'reviews.json') as { reviewer: string; notes: string; scanId: string }[];
    expect(reviews.map((r) => [r.reviewer, r.notes, r.scanId])).toEqual([
      ['Ada', 'first look', history.scans[1]?.id],
    ]);
    expect(readFileSync(join(out, 'guidelines.md'), 'utf8')).toContain('metrics.json');
    expect((await cli('verify', out)).code).toBe(0);
  });

  it('says so when the store is off', async () => {
    const out = await bundle('--no-store', AWS);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
    expect(json(out, 'history.json')).toEqual({
      recorded: false,
      note: 'The history store is off (--no-store or THREATGRAPH_STORE=off).',
      scans: [],
    });
  });
});

describe('accepted risks in the bundle', () => {
  it('lists each entry with its expiry status and the threats it covers; OSCAL marks those risks deviation-approved', async () => {
    process.env['SOURCE_DATE_EPOCH'] = String(Date.UTC(2026, 5, 1) / 1000); // 2026-06-01
    const threats = scanFilesSync([AWS]).threats;
    const [a, b, c] = threats;
    if (a === undefined || b === undefined || c === undefined)
      throw new Error('fixture has fewer than 3 threats');
    const accepted = join(temp(), 'accepted.yaml');
    writeFileSync(
      accepted,
      [
        'version: 1',
        'accepted:',
        `  - fingerprint: ${a.fingerprint}`,
        '    justification: Pilot behind the VPN',
        '    owner: platform',
        '    expires: 2026-05-01',
        `  - fingerprint: ${b.fingerprint}`,
        '    justification: Replaced next sprint',
        '    expires: 2026-06-20',
        `  - fingerprint: ${c.fingerprint}`,
        '    justification: Compensated by the WAF',
        '    ticket: SEC-9',
        '    expires: 2027-01-01',
        '  - rule: TG-NONE-001',
        '    asset: nothing.*',
        '    justification: Matches nothing',
      ].join('\n'),
    );
    const out = await bundle('--no-store', '--accepted', accepted, AWS);
    const file = json(out, 'accepted-risks.json') as {
      file: string;
      today: string;
      counts: { entries: number; expired: number; expiring: number };
      entries: { status: string; daysLeft?: number; covers: string[] }[];
    };
    expect(file.file).toBe(accepted);
    expect(file.today).toBe('2026-06-01');
    expect(file.counts).toEqual({ entries: 4, expired: 1, expiring: 1 });
    expect(file.entries.map((e) => [e.status, e.daysLeft, e.covers])).toEqual([
      ['expired', -31, []],
      ['expiring', 19, [b.fingerprint]],
      ['active', 214, [c.fingerprint]],
      ['no-expiry', undefined, []],
    ]);
    const doc = json(out, 'oscal-assessment-results.json') as {
      'assessment-results': {
        results: { risks: { status: string; 'risk-log'?: { entries: { description: string }[] } }[] }[];
      };
    };
    expect(oscalErrors(doc)).toBe('');
    const risks = doc['assessment-results'].results[0]?.risks ?? [];
    const approved = risks.filter((r) => r.status === 'deviation-approved');
    expect(approved.map((r) => r['risk-log']?.entries[0]?.description.split('\n')[0]).sort()).toEqual([
      `Accepted (${accepted}:10): Compensated by the WAF`,
      `Accepted (${accepted}:7): Replaced next sprint`,
    ]);
    expect(risks.filter((r) => r.status === 'open')).toHaveLength(threats.length - 2);
  });
});

describe('nothing secret in the bundle', () => {
  it.each(['dir', 'zip'])('no file of a %s bundle of a plan with secrets holds one', async (kind) => {
    const plan = azurePlanWithSecrets();
    const accepted = join(temp(), 'accepted.yaml');
    // A justification that pastes a credential is redacted too.
    writeFileSync(
      accepted,
      `version: 1\naccepted:\n  - rule: TG-INF-001\n    asset: "*"\n    justification: "temporary, api_key: ${PLANTED_SECRETS[0]}"\n`,
    );
    const out = join(temp(), kind === 'zip' ? 'bundle.zip' : 'bundle');
    const run = await cli('evidence', '--out', out, '--no-store', '--accepted', accepted, plan);
    expect(run.code).toBe(0);
    const files =
      kind === 'zip'
        ? new Map(Object.entries(unzipSync(readFileSync(out))).map(([k, v]) => [k, Buffer.from(v)]))
        : filesOf(out);
    expect([...files.keys()]).toEqual(BUNDLE);
    for (const [name, bytes] of files)
      for (const secret of PLANTED_SECRETS)
        expect(bytes.includes(secret), `${secret} in ${name}`).toBe(false);
    // The values are there, as redacted: the planted tag reached the report.
    expect(files.get('reports/threatgraph.json')?.toString()).toContain('"ci_token": "[REDACTED');
    expect(files.get('accepted-risks.json')?.toString()).toContain('api_key: [REDACTED]');
  });
});

describe('hostile names', () => {
  const hostile = 'x|<img src=x onerror=alert(1)>[click](javascript:alert(1))*bold*`code`\n# heading';

  it('are escaped in guidelines.md and standards.md', async () => {
    const gateway = awsPlanWithGatewayName(hostile);
    const dir = join(temp(), `plan|<b>[a](javascript:x)`);
    mkdirSync(dir);
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, readFileSync(gateway));
    const out = await bundle('--no-store', plan);
    const guidelines = readFileSync(join(out, 'guidelines.md'), 'utf8');
    const standards = readFileSync(join(out, 'standards.md'), 'utf8');
    for (const md of [guidelines, standards]) {
      expect(md).not.toContain('<img');
      expect(md).not.toContain('<b>');
      expect(md).not.toMatch(/[^\\]\]\(javascript:/);
      expect(md).not.toMatch(/^# heading/m);
    }
    expect(guidelines).toContain('plan\\|&lt;b&gt;\\[a\\](javascript:x)');
    expect(standards).toContain(
      'x\\|&lt;img src=x onerror=alert(1)&gt;\\[click\\](javascript:alert(1))\\*bold\\*\\`code\\` \\# heading',
    );
  });
});

it('keeps a bundle free of temporary files next to it', async () => {
  const parent = temp();
  await cli('evidence', '--out', join(parent, 'b'), '--no-store', AWS);
  await cli('evidence', '--out', join(parent, 'b.zip'), '--no-store', AWS);
  expect(readdirSync(parent).sort()).toEqual(['b', 'b.zip']);
  expect(existsSync(join(parent, 'b', 'manifest.json'))).toBe(true);
});

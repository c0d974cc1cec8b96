import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { SEED_MAPPINGS } from '../../src/catalog/index.js';
import { acceptedRiskStatus } from '../../src/evidence/accepted.js';
import { buildBundle } from '../../src/evidence/bundle.js';
import { periodStart } from '../../src/evidence/history.js';
import { checkManifest, isBundlePath, manifestOf } from '../../src/evidence/manifest.js';
import { mdText } from '../../src/evidence/markdown.js';
import { controlToken } from '../../src/evidence/oscal.js';
import { standardsMapping } from '../../src/evidence/standards.js';
import type { AcceptedRisk } from '../../src/model/index.js';
import { uuidV5 } from '../../src/report/elements.js';
import { scanFilesSync } from '../../src/scan.js';

const AWS = 'fixtures/reference-architecture/aws/plan.json';

describe('mdText', () => {
  it('leaves plain text alone and makes markup inert', () => {
    expect(mdText('module.api.aws_s3_bucket.data-lake')).toBe('module.api.aws\\_s3\\_bucket.data-lake');
    expect(mdText('a|b')).toBe('a\\|b');
    expect(mdText('<script>x</script>')).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(mdText('[x](javascript:y) ![i](u)')).toBe('\\[x\\](javascript:y) \\!\\[i\\](u)');
    expect(mdText('line\nbreak\r\u2028# h')).toBe('line break \\# h');
    expect(mdText('&amp; `c` *e* ~s~')).toBe('&amp;amp; \\`c\\` \\*e\\* \\~s\\~');
  });
});

describe('periodStart', () => {
  const now = '2026-06-01T12:00:00.000Z';
  it('reads days back, a day and all', () => {
    expect(periodStart('90d', now)).toBe('2026-03-03T12:00:00.000Z');
    expect(periodStart('2026-01-31', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(periodStart('all', now)).toBeUndefined();
  });
  it.each(['2026-02-30', '90', '-5d', '3w', ''])('rejects %j', (text) => {
    expect(() => periodStart(text, now)).toThrow(
      `--period: "${text}" is not a period; write a number of days (90d), a day (2026-01-31) or all`,
    );
  });
});

describe('uuidV5', () => {
  it('is the RFC 9562 version 5 UUID of the name in the URL namespace', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'urn:threatgraph:test')
    expect(uuidV5('urn:threatgraph:test')).toBe('3620ecdf-faeb-5181-a79a-6c474f82ea81');
  });
  it('maps AICM ids to OSCAL tokens', () => {
    expect(controlToken('I&S-03')).toBe('i_s-03');
    expect(controlToken('TVM-04')).toBe('tvm-04');
  });
});

describe('acceptedRiskStatus', () => {
  const entry = (expires?: string): AcceptedRisk => ({
    source: `a.yaml:${expires ?? 'none'}`,
    file: 'a.yaml',
    line: 1,
    rule: 'TG-X-001',
    asset: '*',
    justification: 'because',
    ...(expires === undefined ? {} : { expires }),
  });
  it('is expired after the day, expiring up to 30 days ahead, active after that', () => {
    const out = acceptedRiskStatus(
      [entry('2026-05-31'), entry('2026-06-01'), entry('2026-07-01'), entry('2026-07-02'), entry()],
      [],
      '2026-06-01',
    );
    expect(out.map((e) => [e.status, e.daysLeft])).toEqual([
      ['expired', -1],
      ['expiring', 0],
      ['expiring', 30],
      ['active', 31],
      ['no-expiry', undefined],
    ]);
  });
});

describe('standardsMapping', () => {
  const scan = scanFilesSync([AWS]);
  const mapping = standardsMapping(scan);
  const table = (key: string) => mapping.standards.find((s) => s.key === key);

  it('has the seven standards of the seed', () => {
    expect(mapping.standards.map((s) => s.key)).toEqual([
      'aicm-1.1.0',
      'aicm-1.0.3',
      'iso-42001',
      'iso-27001',
      'eu-ai-act',
      'nist-ai-600-1',
      'bsi-aic4-c5',
    ]);
  });

  it('lists only ids that a rule cites or the seed control maps to, with the rules that cite them', () => {
    const cited = (key: string, rule: (typeof BUILTIN_RULES)[number]): readonly string[] => {
      const c = rule.controls;
      return (
        {
          'aicm-1.1.0': c.aicm.map((a) => a.id),
          'aicm-1.0.3': c.aicm.map((a) => a.v103),
          'iso-42001': c.iso42001 ?? [],
          'iso-27001': c.iso27001 ?? [],
          'eu-ai-act': c.euAiAct ?? [],
          'nist-ai-600-1': c.nistAi600 ?? [],
          'bsi-aic4-c5': c.bsi ?? [],
        }[key] ?? []
      );
    };
    const seed: Record<string, readonly string[]> = {
      'aicm-1.1.0': ['TVM-04'],
      'aicm-1.0.3': ['TVM-12'],
      'iso-42001': SEED_MAPPINGS.iso42001.map((c) => c.id),
      'iso-27001': SEED_MAPPINGS.iso27001.map((c) => c.id),
      'eu-ai-act': SEED_MAPPINGS.euAiAct,
      'nist-ai-600-1': SEED_MAPPINGS.nistAi600,
      'bsi-aic4-c5': SEED_MAPPINGS.bsi,
    };
    for (const t of mapping.standards)
      for (const e of t.entries) {
        const citing = scan.ruleSet.filter((r) => cited(t.key, r).includes(e.id)).map((r) => r.id);
        expect(e.sources.includes('rule')).toBe(citing.length > 0);
        expect(e.sources.includes('seed-control')).toBe(seed[t.key]?.includes(e.id));
        for (const r of citing) expect(e.rules).toContain(r);
        const threats = scan.threats.filter((th) => e.rules.includes(th.ruleId)).map((th) => th.fingerprint);
        expect([...e.threats].sort()).toEqual(threats.sort());
      }
  });

  it('says where a standard has no rule mappings of its own', () => {
    const bsi = table('bsi-aic4-c5');
    expect(bsi?.entries.map((e) => e.id)).toEqual([...SEED_MAPPINGS.bsi].sort());
    expect(bsi?.entries.every((e) => e.sources.join() === 'seed-control')).toBe(true);
    expect(bsi?.notes[0]).toBe(
      "No rule of this scan cites a BSI AIC4 / C5 id itself; the ids listed come from the seed control's mapping (TVM-04).",
    );
    expect(table('iso-27001')?.notes).toEqual([SEED_MAPPINGS.gaps.iso]);
  });

  it('lists seed ids with no rules when no rule cites the seed control', () => {
    const custom = {
      ...scan,
      ruleSet: BUILTIN_RULES.slice(0, 1).map((r) => ({ ...r, controls: { aicm: [] } })),
    };
    const bsi = standardsMapping(custom).standards.find((s) => s.key === 'bsi-aic4-c5');
    expect(bsi?.entries.map((e) => [e.id, e.rules.length])).toContainEqual(['C5 OPS-18', 0]);
  });
});

describe('buildBundle', () => {
  const scan = scanFilesSync([AWS]);
  const base = { report: { scan }, reports: [], today: '2026-06-01' };
  const statusOf = (files: ReturnType<typeof buildBundle>, name: string): string[] => {
    const text = new TextDecoder().decode(files.find((f) => f.path === 'guidelines.json')?.bytes);
    const mapping = JSON.parse(text) as { guidelines: { artefacts: { file: string; status: string }[] }[] };
    return mapping.guidelines.flatMap((g) => g.artefacts.filter((a) => a.file === name).map((a) => a.status));
  };

  it('lists metrics and reviews as present when recorded until they are given', () => {
    const without = buildBundle(base);
    expect(statusOf(without, 'metrics.json')).toEqual(['present when recorded']);
    expect(statusOf(without, 'reviews.json')).toEqual(['present when recorded']);
    expect(without.some((f) => f.path === 'metrics.json')).toBe(false);
    const withExtras = buildBundle({
      ...base,
      extras: [
        { name: 'metrics', json: { coverage: 0.9 } },
        { name: 'reviews', json: [{ reviewer: 'alice' }] },
      ],
    });
    expect(statusOf(withExtras, 'metrics.json')).toEqual(['present']);
    expect(statusOf(withExtras, 'reviews.json')).toEqual(['present']);
    const metrics = withExtras.find((f) => f.path === 'metrics.json');
    expect(new TextDecoder().decode(metrics?.bytes)).toBe('{\n  "coverage": 0.9\n}\n');
    const manifest = JSON.parse(new TextDecoder().decode(withExtras.at(-1)?.bytes)) as {
      files: { path: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toContain('metrics.json');
  });

  it('refuses an extra whose name is not a plain lower-case name or that clashes with a bundle file', () => {
    expect(() => buildBundle({ ...base, extras: [{ name: '../x', json: 1 }] })).toThrow(
      'evidence bundle: extra name "../x" is not lower-case letters, digits and dashes',
    );
    expect(() => buildBundle({ ...base, extras: [{ name: 'history', json: 1 }] })).toThrow(
      'evidence bundle: two files at history.json',
    );
  });
});

describe('checkManifest', () => {
  const bytes = (t: string): Uint8Array => new TextEncoder().encode(t);
  const files = [
    { path: 'a.json', bytes: bytes('{}') },
    { path: 'dir/b.md', bytes: bytes('# b') },
  ];
  const manifest = manifestOf(files, undefined);

  it('is empty for the files it was made from, whatever their order', () => {
    expect(checkManifest(manifest, new Map(files.reverse().map((f) => [f.path, f.bytes])))).toEqual([]);
  });
  it('reports a changed size and a changed byte as altered', () => {
    expect(
      checkManifest(
        manifest,
        new Map([
          ['a.json', bytes('{ }')],
          ['dir/b.md', bytes('# c')],
        ]),
      ),
    ).toEqual(['altered: a.json', 'altered: dir/b.md']);
  });
  it('shows a hostile extra file name without control characters', () => {
    const extra = new Map(files.map((f) => [f.path, f.bytes]));
    extra.set('x\u001b[31m.txt', bytes(''));
    expect(checkManifest(manifest, extra)).toEqual(['extra: x?[31m.txt']);
  });
  it.each(['../a', '/etc/passwd', 'a//b', './a', 'a\\b', 'c:x', ''])(
    'does not take %j as a bundle path',
    (p) => {
      expect(isBundlePath(p)).toBe(false);
    },
  );
});

describe('the vendored OSCAL schema', () => {
  it('is the v1.1.2 release asset, byte for byte (test/schemas/SOURCES.md)', () => {
    const bytes = readFileSync('test/schemas/oscal_assessment-results_schema.json');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'd033da70154cf6625ae46a746199e88e58f2928b1387dfac051d381b92f41b0d',
    );
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCAN_FORMATS, type ScanFormatName } from '../../src/cli/formats.js';
import { redact } from '../../src/report/redact.js';
import { scanFilesSync } from '../../src/scan.js';

/**
 * Golden files: every report format on every reference-architecture plan, timestamps off, exactly as the CLI
 * writes it (rendered, then redacted). A change to any output shows up as a reviewed diff of test/golden/.
 * To accept an intended change: `npm run golden:update`, then read `git diff test/golden`.
 */
const GOLDEN = 'test/golden';
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FIXTURES = {
  aws: 'fixtures/reference-architecture/aws/plan.json',
  'aws-hardened': 'fixtures/reference-architecture/aws/hardened.json',
  azure: 'fixtures/reference-architecture/azure/plan.json',
  gcp: 'fixtures/reference-architecture/gcp/plan.json',
} as const;

/**
 * Parts of a report that are not about the scan and would make every golden change with an unrelated edit (the
 * HTML report's bundled viewer script) are replaced by a marker; everything else is compared byte for byte.
 */
const NORMALIZE: Partial<Record<ScanFormatName, (text: string) => string>> = {
  html: (text) =>
    text
      .replace(/'sha256-[A-Za-z0-9+/=]+'/, "'sha256-(viewer bundle)'")
      .replace(/<script>[\s\S]*<\/script>\n<\/body>/, '<script>/* viewer bundle */</script>\n</body>'),
};

const FORMATS = Object.keys(SCAN_FORMATS) as ScanFormatName[];

/** The first line where two texts differ, so a failure says where to look instead of printing 400 kB. */
function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i])
      return `line ${i + 1}:\n  expected: ${JSON.stringify(e[i] ?? '<end of file>').slice(0, 300)}\n  actual:   ${JSON.stringify(a[i] ?? '<end of file>').slice(0, 300)}`;
  }
  return 'texts are equal';
}

describe.each(Object.entries(FIXTURES))('golden reports: %s', (name, input) => {
  const scan = scanFilesSync([input]);
  const dir = join(GOLDEN, name);

  it.each(FORMATS)('%s', (format) => {
    const spec = SCAN_FORMATS[format];
    const rendered = redact(spec.render({ scan }));
    const actual = (NORMALIZE[format] ?? ((t: string) => t))(rendered);
    const file = join(dir, spec.file);
    if (UPDATE) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    expect(existsSync(file), `${file} is missing; run \`npm run golden:update\``).toBe(true);
    const expected = readFileSync(file, 'utf8');
    if (actual !== expected)
      expect.fail(
        `${file} differs from the ${format} report at ${firstDifference(actual, expected)}\n` +
          'If the change is intended, run `npm run golden:update` and review `git diff test/golden`.',
      );
  });

  it('holds no golden file for a format that no longer exists', () => {
    if (UPDATE) return;
    const expected = FORMATS.map((f) => SCAN_FORMATS[f].file).sort();
    expect(readdirSync(dir).sort()).toEqual(expected);
  });
});

describe('golden files are stable', () => {
  it('the same scan renders byte-identical reports twice', () => {
    const first = scanFilesSync([FIXTURES.aws]);
    const second = scanFilesSync([FIXTURES.aws]);
    for (const format of FORMATS) {
      const { render } = SCAN_FORMATS[format];
      expect(render({ scan: second }), format).toBe(render({ scan: first }));
    }
  });
});

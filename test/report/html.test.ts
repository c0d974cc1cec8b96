import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HtmlData } from '../../src/report/html-data.js';
import { htmlData, renderHtml, scriptSafeJson } from '../../src/report/html.js';
import { redact } from '../../src/report/redact.js';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';
import { cli } from '../helpers/cli.js';
import { awsPlanWithGatewayName } from '../helpers/fixtures.js';

const FIXTURES = {
  aws: 'fixtures/reference-architecture/aws/plan.json',
  azure: 'fixtures/reference-architecture/azure/plan.json',
  gcp: 'fixtures/reference-architecture/gcp/plan.json',
} as const;
const HOSTILE = '</script><img src=x onerror=alert(1)><script>alert(2)</script>';
const dir = mkdtempSync(join(tmpdir(), 'tg-html-'));

const hostilePlan = (): string => awsPlanWithGatewayName(HOSTILE);

/** The JSON the page embeds, read back the way the viewer reads it. */
function embedded(html: string): HtmlData {
  const match = /<script type="application\/json" id="threatgraph-data">([^<]*)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no embedded data');
  return JSON.parse(match[1]) as HtmlData;
}

describe('HTML report', () => {
  it.each(Object.entries(FIXTURES))('%s: embeds one node per asset and one edge per flow', (_cloud, plan) => {
    const scan = scanFilesSync([plan]);
    const data = embedded(renderHtml({ scan }));
    expect(data.nodes.map((n) => n.id).sort()).toEqual(scan.graph.nodes().sort());
    expect(data.edges).toHaveLength(scan.graph.size);
    expect(data.threats.map((t) => t.fingerprint)).toEqual(scan.threats.map((t) => t.fingerprint));
    for (const n of data.nodes) expect(n.zone).toBe(scan.view.zone(n.id).zone);
    const crossing = data.edges.filter((e) => e.crossing);
    for (const e of crossing) expect(scan.view.zone(e.from).zone).not.toBe(scan.view.zone(e.to).zone);
  });

  it('is byte-identical for the same scan when timestamps are off, and dated when asked', () => {
    const scan = scanFilesSync([FIXTURES.aws]);
    expect(renderHtml({ scan })).toBe(renderHtml({ scan: scanFilesSync([FIXTURES.aws]) }));
    expect(embedded(renderHtml({ scan, generatedAt: '2026-12-01T00:00:00.000Z' })).generatedAt).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });

  it('keeps hostile names as data: nothing in the input can close the script or add markup', () => {
    const html = renderHtml({ scan: scanFilesSync([hostilePlan()]) });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('alert(2)</script>');
    // The only script elements are the data and the viewer.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(embedded(html).nodes.some((n) => n.label === HOSTILE)).toBe(true);
    expect(scriptSafeJson({ s: '</script>\u2028&' })).toBe('{"s":"\\u003c/script\\u003e\\u2028\\u0026"}');
  });

  it('allows no request off the page and names no external address', () => {
    const html = renderHtml({ scan: scanFilesSync([FIXTURES.aws]) });
    expect(html).toMatch(
      /content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data:"/,
    );
    expect(html).not.toMatch(/\bsrc=["']?https?:/);
    expect(html).not.toMatch(/<link\b/);
  });

  it('passes redaction unchanged, so the CLI writes the viewer intact', () => {
    const html = renderHtml({ scan: scanFilesSync([FIXTURES.aws]) });
    expect(redact(html)).toBe(html);
  });

  it('filters offer only values that occur, in a fixed order', () => {
    const data = htmlData({ scan: scanFilesSync([FIXTURES.aws]) });
    expect(data.filters.severity).toEqual(['high', 'medium', 'low']);
    expect(data.filters.stride.map((s) => s.value)).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
    expect(data.filters.framework).toEqual([...data.filters.framework].sort());
  });
});

// The browser half: Debian's Chromium driven by playwright-core. CI installs it (.ci/run); elsewhere a missing
// browser skips these tests loudly, and with CI set it fails.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env['CI'] !== undefined)
    throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  console.warn(
    `\n*** ${CHROMIUM} not found: the HTML report's browser tests are SKIPPED (apt-get install chromium) ***\n`,
  );
}

interface ViewerState {
  nodes: number;
  edges: number;
  highlighted: string[];
  visibleThreats: number;
  ready: boolean;
}

describe.skipIf(!haveChromium)('HTML report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // sigma draws with WebGL: software rendering, as there is no GPU.
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
  });
  afterAll(async () => {
    await browser.close();
  });

  /** Opens a report the real CLI wrote; fails the test on any request off the page, error or dialog. */
  async function open(
    plan: string,
    name: string,
  ): Promise<{ page: Page; problems: string[]; scan: ScanResult }> {
    const out = join(dir, name);
    mkdirSync(out, { recursive: true });
    const run = await cli('scan', plan, '--format', 'json,html', '--output-dir', out, '--no-timestamps');
    expect(run.stderr).toBe('');
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      problems.push(`request: ${url}`);
      return route.abort();
    });
    await page.goto(`file://${resolve(out, 'threatgraph.html')}`);
    await page.waitForFunction(
      () => (globalThis as { __threatgraph?: ViewerState }).__threatgraph?.ready === true,
    );
    return { page, problems, scan: scanFilesSync([plan]) };
  }

  const state = (page: Page): Promise<ViewerState> =>
    page.evaluate(() => (globalThis as unknown as { __threatgraph: ViewerState }).__threatgraph);

  it.each(Object.entries(FIXTURES))(
    '%s: draws every asset, filters by severity, highlights a path',
    async (cloud, plan) => {
      const { page, problems, scan } = await open(plan, cloud);
      expect(await state(page)).toMatchObject({
        nodes: scan.graph.order,
        edges: scan.graph.size,
        ready: true,
      });
      expect(await page.locator('#graph').getAttribute('data-node-count')).toBe(String(scan.graph.order));
      expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('#zones .zone').count()).toBe(
        new Set(scan.graph.mapNodes((id) => scan.view.zone(id).zone)).size,
      );

      // The security requirements table: a header row and one row per element.
      expect(await page.locator('#requirements tr').count()).toBe(scan.graph.order + 1);
      await page.screenshot({ path: join('test-artifacts', `html-${cloud}.png`), fullPage: true });

      const high = scan.threats.filter((t) => t.severity === 'high');
      await page.selectOption('select[name="severity"]', 'high');
      expect((await state(page)).visibleThreats).toBe(high.length);
      expect(await page.locator('#threats > li:visible').count()).toBe(high.length);
      await page.selectOption('select[name="severity"]', '');
      expect((await state(page)).visibleThreats).toBe(scan.threats.length);

      const withPath = scan.threats.find((t) => (t.path?.length ?? 0) > 2) ?? scan.threats[0];
      if (withPath === undefined) throw new Error(`${cloud} reference plan has threats`);
      await page.locator(`#threats > li[data-fingerprint="${withPath.fingerprint}"] .threat-head`).click();
      expect((await state(page)).highlighted).toEqual([...new Set(withPath.path ?? withPath.assets)].sort());
      await page.screenshot({ path: join('test-artifacts', `html-${cloud}-highlight.png`) });
      await page.getByRole('button', { name: 'Clear highlight' }).click();
      expect((await state(page)).highlighted).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('shows a hostile resource name as text and runs none of it', async () => {
    const { page, problems } = await open(hostilePlan(), 'hostile');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getByText(HOSTILE).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LAYER_NAMES,
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_NAMES,
  SEVERITIES,
  SSRM_LAYERS,
  STRIDE,
  STRIDE_NAMES,
  ZONE_DESCRIPTIONS,
  type Threat,
  type ZoneId,
} from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { diagramData } from './diagram.js';
import type { HtmlData, HtmlThreat } from './html-data.js';
import { layout } from './html-layout.js';
import { countBySeverity, remediationTexts, type ReportInput } from './model.js';
import { securityRequirements } from './requirements.js';
import { trendSvg } from './trend.js';

/** Zone colours: cool for the untrusted edge, warm for what must be protected. */
const ZONE_COLORS: Readonly<Record<ZoneId, string>> = {
  internet: '#d94a4a',
  dmz: '#e8903c',
  'internal-interface': '#3c8fd9',
  'internal-protected': '#2f9e6e',
  development: '#8a5cd0',
  'provider-managed': '#7a8591',
};

const BUNDLE = 'report-client.js';

/**
 * The viewer script, bundled by scripts/build-html-client.ts into dist/. Found from the built module
 * (dist/src/report/) and from the source tree (src/report/, as tests run it).
 */
function viewerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', '..', BUNDLE), join(here, '..', '..', 'dist', BUNDLE)]) {
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
  }
  throw new Error(`threatgraph/report: the HTML viewer (${BUNDLE}) is not built; run \`npm run build\``);
}

/** Text that cannot end the script element or the document it sits in, whatever the input held. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function frameworkIds(t: Threat): string[] {
  return [
    ...t.atlas.techniques,
    ...t.atlas.mitigations,
    ...t.owasp.llm,
    ...t.owasp.ml,
    ...t.controls.aicm.map((c) => `AICM ${c.id}`),
  ];
}

function threatData(t: Threat): HtmlThreat {
  return {
    fingerprint: t.fingerprint,
    ruleId: t.ruleId,
    title: t.title,
    message: t.message,
    severity: t.severity,
    confidence: t.confidence,
    stride: t.stride,
    layer: t.ssrm.layer,
    lifecycle: t.lifecycle,
    frameworks: frameworkIds(t),
    path: t.path ?? t.assets,
    remediation: remediationTexts(t.remediation),
    evidence: t.evidence.map(
      (e) =>
        `${e.assetId}: ${e.attribute}${e.value === undefined ? '' : ` = ${e.value}`}${e.note === undefined ? '' : ` (${e.note})`}`,
    ),
    ...(t.accepted === undefined
      ? {}
      : {
          accepted: `${t.accepted.justification}${t.accepted.expires === undefined ? '' : ` (until ${t.accepted.expires})`}`,
        }),
    ...(t.baseline === undefined ? {} : { baseline: t.baseline }),
  };
}

/** The data the viewer draws: the whole graph with a fixed layout, every threat, the coverage notes. */
export function htmlData({ scan, generatedAt }: ReportInput): HtmlData {
  const diagram = diagramData(scan);
  const placed = layout(diagram);
  const frameworks = [...new Set(scan.threats.flatMap(frameworkIds))].sort();
  const inputs = scan.inventory.inputs.map((i) => i.path);
  return {
    title: `Threat model: ${inputs.join(', ') || 'no input'}`,
    ...(generatedAt === undefined ? {} : { generatedAt }),
    tool: `${TOOL_NAME} ${TOOL_VERSION}`,
    inputs,
    counts: countBySeverity(scan.threats),
    zones: placed.zones.map((z) => ({
      ...z,
      description: ZONE_DESCRIPTIONS[z.id],
      color: ZONE_COLORS[z.id],
    })),
    nodes: diagram.zones.flatMap((z) =>
      z.assets.map((a) => {
        const at = placed.positions.get(a.id) ?? { x: 0, y: 0 };
        return {
          id: a.id,
          label: a.name,
          kind: a.kind,
          zone: z.id,
          color: ZONE_COLORS[z.id],
          x: at.x,
          y: at.y,
        };
      }),
    ),
    edges: diagram.flows.map(({ flow, crossesBoundary }) => ({
      id: flow.id,
      from: flow.from,
      to: flow.to,
      kind: flow.kind,
      crossing: crossesBoundary,
    })),
    threats: scan.threats.map(threatData),
    notes: scan.inventory.notes.map((n) => ({ kind: n.kind, message: n.message })),
    requirements: securityRequirements(scan),
    filters: {
      severity: SEVERITIES.filter((s) => scan.threats.some((t) => t.severity === s)),
      stride: STRIDE.map((s) => ({ value: s, label: STRIDE_NAMES[s] })),
      layer: SSRM_LAYERS.map((l) => ({ value: l, label: LAYER_NAMES[l] })),
      lifecycle: LIFECYCLE_STAGES.filter((s) => scan.threats.some((t) => t.lifecycle.includes(s))).map(
        (s) => ({ value: s, label: LIFECYCLE_STAGE_NAMES[s] }),
      ),
      framework: frameworks,
    },
  };
}

const STYLE = `
:root{color-scheme:light;--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:14px 20px;background:#fff;border-bottom:1px solid var(--line)}h1{font-size:18px;margin:0 0 4px}
.meta{color:var(--muted);font-size:12px}.counts{display:flex;gap:8px;margin-top:8px;flex-wrap:wrap}
.pill{border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;color:#fff}
.critical{background:#8b1a1a}.high{background:#d94a4a}.medium{background:#e8903c}.low{background:#3c8fd9}.info{background:#7a8591}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(340px,2fr);gap:12px;padding:12px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px;min-width:0}
h2{font-size:15px;margin:0 0 8px}#graph-wrap{position:relative;height:640px;overflow:hidden}
#graph{position:absolute;inset:0}#zones{position:absolute;inset:0;pointer-events:none}
.zone{position:absolute;border:1.5px dashed;border-radius:8px}.zone span{position:absolute;top:-1px;left:6px;font-size:11px;font-weight:600;background:#fff;padding:0 4px;transform:translateY(-60%)}
.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:12px;color:var(--muted);margin-top:6px}.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:-1px}
.legend b{display:inline-block;width:18px;height:0;border-top:2px solid;margin-right:4px;vertical-align:3px}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:6px;margin-bottom:8px}
.filters label{font-size:11px;color:var(--muted);display:flex;flex-direction:column}select,button{font:inherit}
#threats{list-style:none;margin:0;padding:0;max-height:600px;overflow:auto}#threats li{border-top:1px solid var(--line);padding:6px 2px}
.threat-head{display:flex;gap:6px;align-items:baseline;cursor:pointer;background:none;border:0;padding:0;text-align:left;width:100%}
.threat-head:hover .title{text-decoration:underline}li.selected{background:#fff6d6}.rule{font-family:ui-monospace,monospace;font-size:12px;color:var(--muted)}
details{margin:4px 0 0 4px;font-size:13px}details ul{margin:4px 0;padding-left:18px}.tag{font-size:11px;color:var(--muted)}
#notes li{font-size:12px;color:var(--muted)}
#requirements{border-collapse:collapse;font-size:12px}#requirements th,#requirements td{border:1px solid var(--line);padding:3px 8px;text-align:left}
#requirements td.missing{background:#fde2e2}#requirements td.satisfied{background:#e1f5ea}#requirements td.unknown{background:#fff4d6}#status{font-size:12px;color:var(--muted);margin:4px 0}
`;

/** Without history the page has no trend section at all, so it stays byte for byte what it was. */
function trendSection({ trend }: ReportInput): string {
  if (trend === undefined || trend.length === 0) return '';
  return `<section style="grid-column:1/-1">
<h2>Open threats over the last ${trend.length} scan${trend.length === 1 ? '' : 's'}</h2>
${trendSvg(trend)}
</section>
`;
}

/** One self-contained page: no request leaves it (the policy forbids any), all input text stays text. */
export function renderHtml(input: ReportInput): string {
  const data = htmlData(input);
  const script = viewerScript().replace(/<\/script/gi, '<\\/script');
  // Only the viewer may run: the policy names its hash, so no other inline script could execute.
  const hash = createHash('sha256').update(script).digest('base64');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(data.tool)}">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 id="title"></h1>
<div class="meta" id="meta"></div>
<div class="counts" id="counts"></div>
</header>
<main>
<section>
<h2>Zones and flows</h2>
<div id="graph-wrap"><div id="zones"></div><div id="graph"></div></div>
<div class="legend" id="legend"></div>
</section>
<section>
<h2>Threats</h2>
<div class="filters" id="filters"></div>
<div id="status"></div>
<ul id="threats"></ul>
</section>
${trendSection(input)}<section style="grid-column:1/-1">
<h2>Security requirements</h2>
<p class="meta">Per element, the six security properties: ✓ a control is evidenced, ✗ a threat says it is missing, ? the facts are unknown, – no evidence either way. Hover a cell for the controls and threats.</p>
<div style="overflow:auto"><table id="requirements"></table></div>
</section>
<section style="grid-column:1/-1">
<h2>Coverage notes</h2>
<ul id="notes"></ul>
</section>
</main>
<script type="application/json" id="threatgraph-data">${scriptSafeJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

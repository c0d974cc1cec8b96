import { InputError } from '../model/index.js';
import { renderCycloneDx } from '../report/cyclonedx.js';
import { renderDot } from '../report/dot.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderMermaid } from '../report/mermaid.js';
import { renderOtm } from '../report/otm.js';
import type { ReportInput } from '../report/model.js';
import { renderRequirementsJson, renderRequirementsMarkdown } from '../report/requirements.js';
import { renderSarif } from '../report/sarif.js';
import { renderSummary } from '../report/summary.js';
import { renderTable } from '../report/table.js';
import { renderThreatDragon } from '../report/threat-dragon.js';

interface ScanFormat {
  /** The file it is written to under `--output-dir`. */
  readonly file: string;
  readonly render: (input: ReportInput) => string;
}

/** Every report `scan --format` can write, in the order `--format` help lists them. */
export const SCAN_FORMATS = {
  table: { file: 'threatgraph.txt', render: renderTable },
  json: { file: 'threatgraph.json', render: renderJson },
  sarif: { file: 'threatgraph.sarif', render: (input) => renderSarif(input) },
  markdown: { file: 'threatgraph.md', render: renderMarkdown },
  html: { file: 'threatgraph.html', render: renderHtml },
  summary: { file: 'threatgraph-summary.md', render: renderSummary },
  mermaid: { file: 'threatgraph.mmd', render: ({ scan }) => renderMermaid(scan) },
  dot: { file: 'threatgraph.dot', render: ({ scan }) => renderDot(scan) },
  'threat-dragon': { file: 'threatgraph.threat-dragon.json', render: renderThreatDragon },
  otm: { file: 'threatgraph.otm.json', render: renderOtm },
  cyclonedx: { file: 'threatgraph.cdx.json', render: renderCycloneDx },
  requirements: { file: 'threatgraph.requirements.md', render: renderRequirementsMarkdown },
  'requirements-json': { file: 'threatgraph.requirements.json', render: renderRequirementsJson },
} as const satisfies Record<string, ScanFormat>;

export type ScanFormatName = keyof typeof SCAN_FORMATS;
const NAMES = Object.keys(SCAN_FORMATS) as ScanFormatName[];

/** `--format json,sarif`: one or more format names, comma-separated, each once. */
export function parseFormats(value: string): ScanFormatName[] {
  const names = value.split(',').map((s) => s.trim());
  const out: ScanFormatName[] = [];
  for (const name of names) {
    if (!(NAMES as string[]).includes(name))
      throw new InputError(
        '--format',
        `"${name}" is not a format; use one or more of ${NAMES.join(', ')}, comma-separated`,
      );
    if (out.includes(name as ScanFormatName)) continue;
    out.push(name as ScanFormatName);
  }
  return out;
}

/** The reports of several formats, each with the file name `--output-dir` gives it. */
export function renderFormats<F extends ScanFormatName>(
  formats: readonly F[],
  input: ReportInput,
): { format: F; file: string; text: string }[] {
  return formats.map((format) => ({
    format,
    file: SCAN_FORMATS[format].file,
    text: SCAN_FORMATS[format].render(input),
  }));
}

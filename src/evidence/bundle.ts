import type { ReportInput } from '../report/model.js';
import { redact } from '../report/redact.js';
import { EXPIRING_WITHIN_DAYS, type AcceptedRiskStatus } from './accepted.js';
import { BUNDLE_FILES, REPORTS_DIR, type EvidenceExtra, type ReportKind } from './files.js';
import { guidelineMapping, renderGuidelinesJson, renderGuidelinesMarkdown } from './guidelines.js';
import type { HistoryExtract } from './history.js';
import { manifestOf, type BundleFile } from './manifest.js';
import { renderOscal, type ResolvedThreat } from './oscal.js';
import { renderStandardsJson, renderStandardsMarkdown, standardsMapping } from './standards.js';

export interface RenderedReport {
  readonly kind: ReportKind;
  /** The file name `scan --output-dir` gives the format. */
  readonly file: string;
  readonly text: string;
}

export interface BundleInput {
  readonly report: ReportInput;
  /** The scan's reports, rendered by the same renderers as `scan --output-dir`. */
  readonly reports: readonly RenderedReport[];
  /** Undefined when the history store is off. */
  readonly history?: HistoryExtract;
  /** The accepted-risks file read and each entry's status; undefined when there is none. */
  readonly accepted?: { readonly file: string; readonly entries: readonly AcceptedRiskStatus[] };
  /** YYYY-MM-DD the expiry statuses were computed for. */
  readonly today: string;
  /** Artefacts recorded elsewhere (metrics, reviews), each written as `<name>.json`. */
  readonly extras?: readonly EvidenceExtra[];
}

const EXTRA_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file of an evidence bundle, sorted by path, the manifest last: each text is redacted before it is hashed,
 * so what the manifest vouches for is what is written. Pure: the same input gives the same bytes.
 */
export function buildBundle(input: BundleInput): BundleFile[] {
  const { scan, generatedAt } = input.report;
  const extras = input.extras ?? [];
  const texts = new Map<string, string>();
  const put = (path: string, text: string): void => {
    if (texts.has(path)) throw new Error(`evidence bundle: two files at ${path}`);
    texts.set(path, text);
  };
  for (const r of input.reports) put(`${REPORTS_DIR}/${r.file}`, r.text);
  const mapping = guidelineMapping({
    scan,
    reports: new Map(input.reports.map((r) => [r.kind, r.file])),
    ...(input.history === undefined ? {} : { history: input.history }),
    ...(input.accepted === undefined ? {} : { accepted: input.accepted.entries }),
    extras: new Set(extras.map((e) => e.name)),
  });
  put(BUNDLE_FILES.guidelinesJson, renderGuidelinesJson(mapping));
  put(BUNDLE_FILES.guidelinesMarkdown, renderGuidelinesMarkdown(mapping));
  const standards = standardsMapping(scan);
  put(BUNDLE_FILES.standardsJson, renderStandardsJson(standards));
  put(BUNDLE_FILES.standardsMarkdown, renderStandardsMarkdown(standards));
  const resolved: ResolvedThreat[] = [
    ...(input.history?.diff?.threats.resolved ?? []),
    ...(scan.triage?.resolved ?? []),
  ];
  put(
    BUNDLE_FILES.oscal,
    renderOscal({ scan, resolved, ...(generatedAt === undefined ? {} : { generatedAt }) }),
  );
  put(
    BUNDLE_FILES.history,
    json(
      input.history === undefined
        ? {
            recorded: false,
            note: 'The history store is off (--no-store or THREATGRAPH_STORE=off).',
            scans: [],
          }
        : { recorded: true, ...input.history },
    ),
  );
  const entries = input.accepted?.entries ?? [];
  put(
    BUNDLE_FILES.accepted,
    json({
      file: input.accepted?.file ?? null,
      today: input.today,
      expiringWithinDays: EXPIRING_WITHIN_DAYS,
      counts: {
        entries: entries.length,
        expired: entries.filter((e) => e.status === 'expired').length,
        expiring: entries.filter((e) => e.status === 'expiring').length,
      },
      entries,
    }),
  );
  for (const extra of extras) {
    if (!EXTRA_NAME.test(extra.name))
      throw new Error(
        `evidence bundle: extra name "${extra.name}" is not lower-case letters, digits and dashes`,
      );
    put(`${extra.name}.json`, json(extra.json));
  }
  const files = [...texts.entries()]
    .map(([path, text]) => ({ path, bytes: new TextEncoder().encode(redact(text)) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = manifestOf(files, generatedAt);
  return [...files, { path: BUNDLE_FILES.manifest, bytes: new TextEncoder().encode(json(manifest)) }];
}

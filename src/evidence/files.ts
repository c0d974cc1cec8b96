/** The files of an evidence bundle, by what they hold. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  guidelinesJson: 'guidelines.json',
  guidelinesMarkdown: 'guidelines.md',
  standardsJson: 'standards.json',
  standardsMarkdown: 'standards.md',
  oscal: 'oscal-assessment-results.json',
  history: 'history.json',
  accepted: 'accepted-risks.json',
} as const;

/** The folder the scan's reports go in. */
export const REPORTS_DIR = 'reports';

/** The report formats a bundle holds (names of `scan --format`). */
export const REPORT_KINDS = [
  'json',
  'sarif',
  'html',
  'mermaid',
  'dot',
  'cyclonedx',
  'requirements',
  'requirements-json',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Artefacts other parts of threatgraph record (metrics, reviews), plugged in as `extras`: each is written as
 * `<name>.json`. Until they are recorded the guideline mapping lists them as "present when recorded".
 */
export const EXTRA_NAMES = ['metrics', 'reviews'] as const;

/** An extra artefact: a lower-case name (letters, digits, dashes) and the JSON value written to `<name>.json`. */
export interface EvidenceExtra {
  readonly name: string;
  readonly json: unknown;
}

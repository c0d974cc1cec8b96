import { SEED_MAPPINGS } from '../catalog/index.js';
import type { ScanResult } from '../scan.js';
import type { AcceptedRiskStatus } from './accepted.js';
import { BUNDLE_FILES, REPORTS_DIR, type ReportKind } from './files.js';
import type { HistoryExtract } from './history.js';
import { mdText } from './markdown.js';

export type ArtefactStatus = 'present' | 'present when recorded';

export interface Artefact {
  readonly file: string;
  /** What in the file answers the guideline or question. */
  readonly what: string;
  readonly status: ArtefactStatus;
}

export interface GuidelineAnswer {
  /** `AG-1` .. `AG-6` for the auditing guidelines, the AI-CAIQ question id for a question. */
  readonly id: string;
  /** The AI-CAIQ id in AICM v1.0.3 (questions only). */
  readonly v103?: string;
  readonly text: string;
  readonly artefacts: readonly Artefact[];
}

export interface GuidelineMapping {
  readonly control: { readonly id: string; readonly v103: string; readonly title: string };
  /** What was scanned: the facts guideline 1 asks to be documented. */
  readonly scope: {
    readonly inputs: readonly { readonly path: string; readonly format: string; readonly sha256: string }[];
    readonly roles: readonly string[];
    readonly rules: number;
    readonly assets: number;
    readonly threats: number;
    readonly scansInPeriod: number;
  };
  readonly guidelines: readonly GuidelineAnswer[];
  readonly caiq: readonly GuidelineAnswer[];
}

export interface GuidelineContext {
  readonly scan: ScanResult;
  /** The report file of each format in the bundle (name under reports/). */
  readonly reports: ReadonlyMap<ReportKind, string>;
  readonly history?: HistoryExtract;
  readonly accepted?: readonly AcceptedRiskStatus[];
  /** Names of the extras given (metrics, reviews ...). */
  readonly extras: ReadonlySet<string>;
}

/**
 * The seed control's auditing guidelines 1–6 and its two AI-CAIQ questions, each with the bundle's files that
 * answer it. Metrics and reviews are recorded by their own commands; until given, they are listed as
 * "present when recorded".
 */
export function guidelineMapping(ctx: GuidelineContext): GuidelineMapping {
  const { scan } = ctx;
  const report = (kind: ReportKind, what: string): Artefact[] => {
    const file = ctx.reports.get(kind);
    return file === undefined ? [] : [{ file: `${REPORTS_DIR}/${file}`, what, status: 'present' }];
  };
  const file = (name: string, what: string): Artefact => ({ file: name, what, status: 'present' });
  const extra = (name: string, what: string): Artefact => ({
    file: `${name}.json`,
    what,
    status: ctx.extras.has(name) ? 'present' : 'present when recorded',
  });
  const scans = ctx.history?.scans.length ?? 0;
  const accepted = ctx.accepted?.length ?? 0;
  const identify = [
    ...report(
      'json',
      `inventory: ${scan.inventory.inputs.length} input(s) with SHA-256, ${scan.graph.order} assets in trust zones, flows; ${scan.threats.length} threats with STRIDE, ATLAS and OWASP ids, SSRM layer and responsible party`,
    ),
    ...report('mermaid', 'diagram of the trust zones and data flows scanned (the scope)'),
    ...report('dot', 'the same diagram in Graphviz DOT'),
    ...report('cyclonedx', 'AI bill of materials: the AI assets in scope'),
    ...report('sarif', `the ${scan.ruleSet.length} rules run (the technical measures) with their help text`),
    file(
      BUNDLE_FILES.history,
      `${scans} recorded scan(s) in the period: time, tool and rule set version, inputs and who ran each`,
    ),
    file(BUNDLE_FILES.manifest, 'tool version, generation time and SHA-256 of every file'),
  ];
  const assess = [
    ...report(
      'json',
      'per threat: impact, likelihood, severity, confidence, existing controls, unknown inputs',
    ),
    ...report('html', 'the assessed threat model for review: zones, attack paths, threats by severity'),
    ...report(
      'requirements',
      'security requirements per element (STRIDE properties) and where one is missing',
    ),
    file(BUNDLE_FILES.oscal, 'OSCAL assessment results: one observation, risk and finding per threat'),
  ];
  const compliance = [
    file(
      BUNDLE_FILES.standardsMarkdown,
      'the threats and rules under AICM v1.1.0/v1.0.3, ISO/IEC 42001, ISO/IEC 27001, EU AI Act, NIST AI 600-1, BSI AIC4/C5',
    ),
    file(BUNDLE_FILES.standardsJson, 'the same mapping as data'),
    ...report('sarif', 'rule tags: STRIDE, MITRE ATLAS and OWASP LLM/ML ids per rule'),
  ];
  const countermeasures = [
    ...report('json', 'remediation per threat and cloud; threats ordered by severity'),
    ...report('requirements-json', 'the controls each element shows and lacks'),
    file(
      BUNDLE_FILES.accepted,
      `${accepted} accepted risk(s) with justification, owner, ticket, expiry status and the threats each covers`,
    ),
    file(
      BUNDLE_FILES.history,
      'threat timelines (first and last seen, status, age) and the diff of the last two scans',
    ),
    file(BUNDLE_FILES.oscal, 'risk status: open, deviation-approved (accepted) or closed (resolved)'),
  ];
  const metrics = [
    extra(
      'metrics',
      'efficacy and efficiency indicators: coverage, open threats by age, time to remediate, reopen rate',
    ),
    file(BUNDLE_FILES.history, 'scans per period and threat counts per scan'),
  ];
  const review = [
    extra('reviews', 'recorded reviews with reviewer, date and notes'),
    file(BUNDLE_FILES.history, 'the scans of the period: the model is re-derived on every change'),
    file(BUNDLE_FILES.accepted, 'acceptances expired or expiring, due for review'),
  ];
  const answers = [identify, assess, compliance, countermeasures, metrics, review];
  const guidelines = SEED_MAPPINGS.auditingGuidelines.map((text, i) => ({
    id: `AG-${i + 1}`,
    text,
    artefacts: answers[i] ?? [],
  }));
  const [processQ = '', modelQ = ''] = SEED_MAPPINGS.caiqQuestions;
  const { id, v103 } = SEED_MAPPINGS.control;
  const caiq = [
    { id: `${id}.1`, v103: `${v103}.1`, text: processQ, artefacts: [...identify, ...assess, ...review] },
    {
      id: `${id}.2`,
      v103: `${v103}.2`,
      text: modelQ,
      artefacts: [
        ...report('json', 'a STRIDE threat model derived from the infrastructure: zones, flows, threats'),
        ...report('mermaid', 'the data-flow diagram with trust boundaries'),
        ...compliance,
        ...countermeasures.slice(0, 1),
      ],
    },
  ];
  return {
    control: SEED_MAPPINGS.control,
    scope: {
      inputs: scan.inventory.inputs.map((i) => ({ path: i.path, format: i.format, sha256: i.sha256 })),
      roles: scan.roles,
      rules: scan.ruleSet.length,
      assets: scan.graph.order,
      threats: scan.threats.length,
      scansInPeriod: scans,
    },
    guidelines,
    caiq,
  };
}

export function renderGuidelinesJson(mapping: GuidelineMapping): string {
  return `${JSON.stringify(mapping, null, 2)}\n`;
}

export function renderGuidelinesMarkdown(mapping: GuidelineMapping): string {
  const { control, scope } = mapping;
  const lines = [
    `# Auditing guidelines: ${control.id} (v1.0.3: ${control.v103}) ${control.title}`,
    '',
    '## Scope',
    '',
    `Roles: ${scope.roles.map(mdText).join(', ')}; ${scope.rules} rules, ${scope.assets} assets, ${scope.threats} threats; ${scope.scansInPeriod} recorded scan(s) in the period.`,
    '',
    '| Input | Format | SHA-256 |',
    '|---|---|---|',
    ...scope.inputs.map((i) => `| ${mdText(i.path)} | ${mdText(i.format)} | ${mdText(i.sha256)} |`),
    '',
  ];
  const section = (title: string, answers: readonly GuidelineAnswer[]): void => {
    lines.push(`## ${title}`, '');
    for (const a of answers) {
      lines.push(
        `### ${a.id}${a.v103 === undefined ? '' : ` (v1.0.3: ${a.v103})`}`,
        '',
        `> ${mdText(a.text)}`,
        '',
      );
      lines.push('| File | What answers it | Status |', '|---|---|---|');
      for (const f of a.artefacts) lines.push(`| ${mdText(f.file)} | ${mdText(f.what)} | ${f.status} |`);
      lines.push('');
    }
  };
  section('Auditing guidelines', mapping.guidelines);
  section('AI-CAIQ questions', mapping.caiq);
  return `${lines.join('\n')}\n`;
}

import {
  AICM_CONTROLS,
  AICM_V103_VERSION,
  AICM_VERSION,
  NIST_AI_600_1_ACTIONS,
  SEED_CONTROL,
  SEED_MAPPINGS,
} from '../catalog/index.js';
import type { ControlMappings, Rule, Threat } from '../model/index.js';
import type { ScanResult } from '../scan.js';
import { mdText } from './markdown.js';

/** Where an id under a standard comes from: a rule's own mappings, or the seed control's (through TVM-04). */
export type MappingSource = 'rule' | 'seed-control';

export interface MappedThreat {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly accepted: boolean;
}

export interface StandardEntry {
  readonly id: string;
  readonly title?: string;
  readonly sources: readonly MappingSource[];
  /** The rules of the scan that cite the id (or, for seed-control ids, cite TVM-04), sorted. */
  readonly rules: readonly string[];
  /** Fingerprints of the threats of those rules (details in `threats` of the mapping). */
  readonly threats: readonly string[];
}

export interface StandardTable {
  readonly key: string;
  readonly name: string;
  readonly entries: readonly StandardEntry[];
  /** What the AICM says the standard leaves uncovered, or why the table is thin. */
  readonly notes: readonly string[];
}

export interface StandardsMapping {
  readonly control: { readonly id: string; readonly v103: string; readonly title: string };
  /** How many rules of the scan cite the seed control: seed-control ids cover all of them. */
  readonly seedRules: number;
  readonly standards: readonly StandardTable[];
  /** The threats of the scan, sorted by rule and fingerprint. */
  readonly threats: readonly MappedThreat[];
}

interface StandardSpec {
  readonly key: string;
  readonly name: string;
  /** The ids a rule's mappings give under the standard. */
  readonly ofRule: (c: ControlMappings) => readonly string[];
  readonly seed: readonly string[];
  readonly title: (id: string) => string | undefined;
  readonly notes: readonly string[];
}

const seedTitle = (list: readonly { id: string; title: string }[]) => (id: string) =>
  list.find((c) => c.id === id)?.title;

const SPECS: readonly StandardSpec[] = [
  {
    key: 'aicm-1.1.0',
    name: `CSA AI Controls Matrix v${AICM_VERSION}`,
    ofRule: (c) => c.aicm.map((a) => a.id),
    seed: [SEED_MAPPINGS.control.id],
    title: (id) => (Object.hasOwn(AICM_CONTROLS, id) ? AICM_CONTROLS[id]?.title : undefined),
    notes: [],
  },
  {
    key: 'aicm-1.0.3',
    name: `CSA AI Controls Matrix v${AICM_V103_VERSION}`,
    ofRule: (c) => c.aicm.map((a) => a.v103).filter((v) => v !== ''),
    seed: [SEED_MAPPINGS.control.v103],
    title: (id) => Object.values(AICM_CONTROLS).find((c) => c.v103 === id)?.title,
    notes: [
      `Ids are those of v${AICM_V103_VERSION}; titles are of the v${AICM_VERSION} control each was renumbered to.`,
    ],
  },
  {
    key: 'iso-42001',
    name: 'ISO/IEC 42001:2023 Annex A',
    ofRule: (c) => c.iso42001 ?? [],
    seed: SEED_MAPPINGS.iso42001.map((c) => c.id),
    title: seedTitle(SEED_MAPPINGS.iso42001),
    notes: [SEED_MAPPINGS.gaps.iso],
  },
  {
    key: 'iso-27001',
    name: 'ISO/IEC 27001:2022 Annex A',
    ofRule: (c) => c.iso27001 ?? [],
    seed: SEED_MAPPINGS.iso27001.map((c) => c.id),
    title: seedTitle(SEED_MAPPINGS.iso27001),
    notes: [SEED_MAPPINGS.gaps.iso],
  },
  {
    key: 'eu-ai-act',
    name: 'EU AI Act (Regulation (EU) 2024/1689)',
    ofRule: (c) => c.euAiAct ?? [],
    seed: SEED_MAPPINGS.euAiAct,
    title: () => undefined,
    notes: [SEED_MAPPINGS.gaps.euAiAct],
  },
  {
    key: 'nist-ai-600-1',
    name: 'NIST AI 600-1 (Generative AI Profile)',
    ofRule: (c) => c.nistAi600 ?? [],
    seed: SEED_MAPPINGS.nistAi600,
    title: (id) =>
      Object.hasOwn(NIST_AI_600_1_ACTIONS, id) ? NIST_AI_600_1_ACTIONS[id]?.subcategory : undefined,
    notes: [SEED_MAPPINGS.gaps.nistAi600],
  },
  {
    key: 'bsi-aic4-c5',
    name: 'BSI AIC4 / C5',
    ofRule: (c) => c.bsi ?? [],
    seed: SEED_MAPPINGS.bsi,
    title: () => undefined,
    notes: [`AICM addendum: ${SEED_MAPPINGS.gaps.bsi}`],
  },
];

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The standards table: under each standard, every id that a rule of the scan cites or that the seed control maps
 * to, with the rules and threats under it. Seed-control ids cover the rules that cite TVM-04. Ids are only ever
 * taken from the rules' metadata and the seed (src/catalog/standards.ts), never made up.
 */
export function standardsMapping(scan: ScanResult): StandardsMapping {
  const threatsOf = new Map<string, Threat[]>();
  for (const t of scan.threats) {
    const list = threatsOf.get(t.ruleId);
    if (list) list.push(t);
    else threatsOf.set(t.ruleId, [t]);
  }
  const seedRules = scan.ruleSet.filter((r) => r.controls.aicm.some((a) => a.id === SEED_CONTROL));
  const standards = SPECS.map((spec) => tableOf(spec, scan.ruleSet, seedRules, threatsOf));
  const threats = [...scan.threats]
    .sort((a, b) => byText(a.ruleId, b.ruleId) || byText(a.fingerprint, b.fingerprint))
    .map((t) => ({
      fingerprint: t.fingerprint,
      ruleId: t.ruleId,
      severity: t.severity,
      message: t.message,
      accepted: t.accepted !== undefined,
    }));
  return { control: SEED_MAPPINGS.control, seedRules: seedRules.length, standards, threats };
}

function tableOf(
  spec: StandardSpec,
  rules: readonly Rule[],
  seedRules: readonly Rule[],
  threatsOf: ReadonlyMap<string, readonly Threat[]>,
): StandardTable {
  const entries = new Map<string, { sources: Set<MappingSource>; rules: Set<string> }>();
  const add = (id: string, source: MappingSource, rule: string): void => {
    const e = entries.get(id) ?? { sources: new Set<MappingSource>(), rules: new Set<string>() };
    e.sources.add(source);
    e.rules.add(rule);
    entries.set(id, e);
  };
  for (const r of rules) for (const id of spec.ofRule(r.controls)) add(id, 'rule', r.id);
  for (const id of spec.seed) {
    if (seedRules.length === 0) entries.set(id, entries.get(id) ?? { sources: new Set(), rules: new Set() });
    for (const r of seedRules) add(id, 'seed-control', r.id);
  }
  const cited = rules.some((r) => spec.ofRule(r.controls).length > 0);
  const notes = cited
    ? spec.notes
    : [
        `No rule of this scan cites a ${spec.name} id itself; the ids listed come from the seed control's mapping (${SEED_MAPPINGS.control.id}).`,
        ...spec.notes,
      ];
  return {
    key: spec.key,
    name: spec.name,
    notes,
    entries: [...entries.keys()].sort(byText).map((id) => {
      const e = entries.get(id) ?? { sources: new Set<MappingSource>(), rules: new Set<string>() };
      const ruleIds = [...e.rules].sort(byText);
      const title = spec.title(id);
      return {
        id,
        ...(title === undefined ? {} : { title }),
        sources: (['rule', 'seed-control'] as const).filter((s) => e.sources.has(s)),
        rules: ruleIds,
        threats: ruleIds.flatMap((r) => (threatsOf.get(r) ?? []).map((t) => t.fingerprint)),
      };
    }),
  };
}

export function renderStandardsJson(mapping: StandardsMapping): string {
  return `${JSON.stringify(mapping, null, 2)}\n`;
}

/**
 * One table per standard (id, title, where the id comes from, rules, threat count), then the threats by rule. An
 * id that every rule citing the seed control falls under says so instead of listing them all.
 */
export function renderStandardsMarkdown(mapping: StandardsMapping): string {
  const { control } = mapping;
  const lines = [
    `# Standards mapping: ${control.id} (v${AICM_V103_VERSION}: ${control.v103}) ${control.title}`,
    '',
    'Every id below is cited by a rule that ran in this scan, or by the seed control; no id is inferred.',
    '',
  ];
  const rulesCell = (e: StandardEntry): string =>
    e.sources.includes('seed-control') && e.rules.length === mapping.seedRules
      ? `all ${e.rules.length} rules citing ${control.id}`
      : e.rules.map(mdText).join(', ');
  for (const table of mapping.standards) {
    lines.push(`## ${table.name}`, '');
    for (const note of table.notes) lines.push(`> ${mdText(note)}`, '');
    lines.push('| Id | Title | From | Rules | Threats |', '|---|---|---|---|---|');
    for (const e of table.entries)
      lines.push(
        `| ${mdText(e.id)} | ${mdText(e.title ?? '')} | ${e.sources.join(', ')} | ${rulesCell(e)} | ${e.threats.length} |`,
      );
    lines.push('');
  }
  lines.push('## Threats by rule', '');
  if (mapping.threats.length === 0) lines.push('No threats.', '');
  for (const t of mapping.threats)
    lines.push(
      `- ${mdText(t.ruleId)} ${t.severity}${t.accepted ? ' (accepted)' : ''} \`${t.fingerprint}\`: ${mdText(t.message)}`,
    );
  return `${lines.join('\n')}\n`;
}

import {
  AICM_CONTROLS,
  ATLAS_MITIGATIONS,
  ATLAS_TACTICS,
  ATLAS_TECHNIQUES,
  OWASP_LLM_2025,
  OWASP_ML_2023,
} from '../catalog/index.js';
import {
  InputError,
  LIFECYCLE_GROUPS,
  LIFECYCLE_STAGES,
  RULE_FAMILIES,
  SEVERITIES,
  SSRM_LAYERS,
  STRIDE,
  STRIDE_NAMES,
  type RuleMeta,
  type Severity,
} from '../model/index.js';
import { SEVERITY_RANK, severityOf } from './scoring.js';

/**
 * Rule selection for `--rules` and `--skip-rules`. A selector is matched case-insensitively and is one of:
 *
 * - a rule id (`TG-DATA-001`, or the id of a custom rule);
 * - a family (`ai/data`) or a family prefix up to a `/` (`ai`, `cloud`);
 * - a severity (`high`: rules whose base severity, impact × base likelihood, is high) or a floor (`>=high`);
 * - a STRIDE category, by letter (`T`) or name (`tampering`, `information-disclosure`);
 * - an ATLAS technique (`AML.T0020` also selects rules citing its sub-techniques `AML.T0020.nnn`; a
 *   sub-technique selects only itself), mitigation (`AML.M0025`) or tactic (`AML.TA0004`: rules citing a
 *   technique of the tactic);
 * - an OWASP id (`LLM01:2025`, `ML02:2023`);
 * - an AICM v1.1.0 control id (`DSP-17`);
 * - a lifecycle stage (`data-storage`) or lifecycle group (`preparation`);
 * - an SSRM layer (`PI`, `Model`, `Orchestrated`, `Application`).
 *
 * Framework ids are checked against the catalog, not against the rules: a valid id no rule cites selects nothing.
 */
export type SelectorKind =
  | 'rule'
  | 'family'
  | 'severity'
  | 'stride'
  | 'atlas-technique'
  | 'atlas-mitigation'
  | 'atlas-tactic'
  | 'owasp'
  | 'aicm'
  | 'lifecycle'
  | 'lifecycle-group'
  | 'ssrm';

export const SELECTOR_NAMES: Readonly<Record<SelectorKind, string>> = {
  rule: 'a rule id',
  family: 'a rule family',
  severity: 'a severity',
  stride: 'a STRIDE category',
  'atlas-technique': 'an ATLAS technique id',
  'atlas-mitigation': 'an ATLAS mitigation id',
  'atlas-tactic': 'an ATLAS tactic id',
  owasp: 'an OWASP id',
  aicm: 'an AICM control id',
  lifecycle: 'a lifecycle stage',
  'lifecycle-group': 'a lifecycle group',
  ssrm: 'an SSRM layer',
};

export interface Selector {
  /** As the user wrote it. */
  readonly text: string;
  readonly kind: SelectorKind;
  readonly matches: (rule: RuleMeta) => boolean;
}

/** The raw values of `--rules` and `--skip-rules`: each may hold several comma-separated selectors. */
export interface RuleSelection {
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
}

const HOW_TO_LIST =
  'use a rule id, family, severity, STRIDE category, ATLAS, OWASP or AICM id, lifecycle stage or SSRM layer; `threatgraph rules` lists the rules and `threatgraph rules --format json` their mappings';

/** Canonical spellings by their upper-case form, so lookups are case-insensitive. */
function byUpper(ids: Iterable<string>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) out.set(id.toUpperCase(), id);
  return out;
}

let vocabulary:
  | {
      readonly techniques: ReadonlyMap<string, string>;
      readonly mitigations: ReadonlyMap<string, string>;
      readonly tactics: ReadonlyMap<string, string>;
      readonly owasp: ReadonlyMap<string, string>;
      readonly aicm: ReadonlyMap<string, string>;
      readonly stages: ReadonlyMap<string, string>;
      readonly groups: ReadonlyMap<string, string>;
      readonly layers: ReadonlyMap<string, string>;
      readonly stride: ReadonlyMap<string, string>;
    }
  | undefined;

function words(): NonNullable<typeof vocabulary> {
  if (vocabulary !== undefined) return vocabulary;
  const stride = new Map<string, string>();
  for (const letter of STRIDE) {
    stride.set(letter, letter);
    stride.set(STRIDE_NAMES[letter].toUpperCase().replace(/ /g, '-'), letter);
  }
  vocabulary = {
    techniques: byUpper(Object.keys(ATLAS_TECHNIQUES)),
    mitigations: byUpper(Object.keys(ATLAS_MITIGATIONS)),
    tactics: byUpper(Object.keys(ATLAS_TACTICS)),
    owasp: byUpper([...Object.keys(OWASP_LLM_2025), ...Object.keys(OWASP_ML_2023)]),
    aicm: byUpper(Object.keys(AICM_CONTROLS)),
    stages: byUpper(LIFECYCLE_STAGES),
    groups: byUpper(Object.keys(LIFECYCLE_GROUPS)),
    layers: byUpper(SSRM_LAYERS),
    stride,
  };
  return vocabulary;
}

function baseSeverity(rule: RuleMeta): Severity {
  return severityOf(rule.impact, rule.likelihood);
}

/**
 * The selector `text` stands for, apart from rule ids; undefined when it is none. The custom-rule loader uses it
 * to refuse ids that would make a selector ambiguous (a rule named like an AICM control or lifecycle stage).
 */
export function vocabularySelector(text: string): Selector | undefined {
  const upper = text.trim().toUpperCase();
  const w = words();
  const make = (kind: SelectorKind, matches: (rule: RuleMeta) => boolean): Selector => ({
    text,
    kind,
    matches,
  });

  const family = upper.toLowerCase();
  if ((RULE_FAMILIES as readonly string[]).includes(family))
    return make('family', (r) => r.family === family);
  if (RULE_FAMILIES.some((f) => f.startsWith(`${family}/`)))
    return make('family', (r) => r.family.startsWith(`${family}/`));

  const floor = upper.startsWith('>=');
  const level = (floor ? upper.slice(2) : upper).trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(level)) {
    const severity = level as Severity;
    return make('severity', (r) =>
      floor ? SEVERITY_RANK[baseSeverity(r)] >= SEVERITY_RANK[severity] : baseSeverity(r) === severity,
    );
  }

  const letter = w.stride.get(upper.replace(/[ _]/g, '-'));
  if (letter !== undefined) return make('stride', (r) => (r.stride as readonly string[]).includes(letter));

  const technique = w.techniques.get(upper);
  if (technique !== undefined)
    return make('atlas-technique', (r) =>
      r.atlas.techniques.some((t) => t === technique || t.startsWith(`${technique}.`)),
    );
  const mitigation = w.mitigations.get(upper);
  if (mitigation !== undefined)
    return make('atlas-mitigation', (r) => r.atlas.mitigations.includes(mitigation));
  const tactic = w.tactics.get(upper);
  if (tactic !== undefined)
    return make('atlas-tactic', (r) =>
      r.atlas.techniques.some((t) => ATLAS_TECHNIQUES[t]?.tactics.includes(tactic) === true),
    );

  const owasp = w.owasp.get(upper);
  if (owasp !== undefined) return make('owasp', (r) => [...r.owasp.llm, ...r.owasp.ml].includes(owasp));

  const control = w.aicm.get(upper);
  if (control !== undefined) return make('aicm', (r) => r.controls.aicm.some((c) => c.id === control));

  const stage = w.stages.get(upper);
  if (stage !== undefined)
    return make('lifecycle', (r) => (r.lifecycle as readonly string[]).includes(stage));
  const group = w.groups.get(upper);
  if (group !== undefined) {
    const stages: readonly string[] = LIFECYCLE_GROUPS[group as keyof typeof LIFECYCLE_GROUPS];
    return make('lifecycle-group', (r) => r.lifecycle.some((s) => stages.includes(s)));
  }

  const layer = w.layers.get(upper);
  if (layer !== undefined) return make('ssrm', (r) => r.ssrm === layer);
  return undefined;
}

/** Resolves one selector against the rules that can run; an unknown selector is a usage error naming it. */
export function parseSelector(text: string, rules: readonly RuleMeta[], flag: string): Selector {
  const upper = text.toUpperCase();
  const rule = rules.find((r) => r.id.toUpperCase() === upper);
  if (rule !== undefined) return { text, kind: 'rule', matches: (r) => r.id === rule.id };
  const known = vocabularySelector(text);
  if (known !== undefined) return known;
  const owaspYear = words().owasp.get(`${upper}:2025`) ?? words().owasp.get(`${upper}:2023`);
  const hint = owaspYear === undefined ? '' : ` (did you mean ${owaspYear}?)`;
  throw new InputError(flag, `unknown selector "${text}"${hint}; ${HOW_TO_LIST}`);
}

/** Splits repeated, comma-separated flag values into selectors; an empty flag is a usage error. */
export function splitSelectors(values: readonly string[], flag: string): string[] {
  const out = values.flatMap((v) => v.split(',')).map((s) => s.trim());
  const kept = out.filter((s) => s !== '');
  if (kept.length === 0 && values.length > 0)
    throw new InputError(flag, `is empty; give one or more selectors, comma-separated (${HOW_TO_LIST})`);
  return kept;
}

/**
 * The rules `--rules` keeps (any selector matches; all rules when not given) minus those `--skip-rules` drops
 * (any selector matches), in their original order. Selecting no rule at all is a usage error: a scan that runs
 * nothing would pass silently.
 */
export function selectRules<R extends RuleMeta>(rules: readonly R[], selection: RuleSelection): R[] {
  const only = splitSelectors(selection.only ?? [], '--rules').map((s) => parseSelector(s, rules, '--rules'));
  const skip = splitSelectors(selection.skip ?? [], '--skip-rules').map((s) =>
    parseSelector(s, rules, '--skip-rules'),
  );
  const kept = only.length === 0 ? [...rules] : rules.filter((r) => only.some((s) => s.matches(r)));
  if (kept.length === 0)
    throw new InputError(
      '--rules',
      `${only.map((s) => s.text).join(',')} matches no rule; \`threatgraph rules --format json\` shows what each rule cites`,
    );
  const out = kept.filter((r) => !skip.some((s) => s.matches(r)));
  if (out.length === 0)
    throw new InputError(
      '--skip-rules',
      'leaves no rule to run; skip fewer rules (preview the selection with `threatgraph rules --rules ... --skip-rules ...`)',
    );
  return out;
}

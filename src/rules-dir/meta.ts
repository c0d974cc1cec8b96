import {
  AICM_CONTROLS,
  AICM_VERSION,
  ATLAS_VERSION,
  SEED_CONTROL,
  validateIds,
  type AicmRef,
  type FrameworkRefs,
} from '../catalog/index.js';
import {
  LIFECYCLE_STAGES,
  RULE_FAMILIES,
  SSRM_LAYERS,
  STRIDE,
  type Cloud,
  type ControlMappings,
  type Level,
  type RuleMeta,
} from '../model/index.js';
import {
  ValueProblem,
  choices,
  isRecord,
  list,
  mapping,
  own,
  shown,
  text,
  type Path,
} from '../config/problem.js';

export const CLOUDS: readonly Cloud[] = ['aws', 'azure', 'gcp'];

/** The metadata keys of a rule, as RuleMeta has them. */
export const META_KEYS = [
  'id',
  'title',
  'family',
  'description',
  'message',
  'stride',
  'atlas',
  'owasp',
  'lifecycle',
  'ssrm',
  'controls',
  'impact',
  'likelihood',
  'likelihoodModifiers',
  'clouds',
  'remediation',
] as const;

export const REQUIRED_KEYS = [
  'id',
  'title',
  'family',
  'description',
  'message',
  'stride',
  'lifecycle',
  'ssrm',
  'impact',
  'likelihood',
  'remediation',
  'match',
] as const;

const ID_PATTERN = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/;

type Slot = 'technique' | 'mitigation' | 'llm' | 'ml' | 'aicm' | 'nist';

const SLOT_TODO: Readonly<Record<Slot, string>> = {
  technique: `use a technique id (AML.Tnnnn or AML.Tnnnn.nnn) of MITRE ATLAS ${ATLAS_VERSION}`,
  mitigation: `use a mitigation id (AML.Mnnnn) of MITRE ATLAS ${ATLAS_VERSION}`,
  llm: 'use an OWASP Top 10 for LLM Applications id, LLM01:2025 to LLM10:2025',
  ml: 'use an OWASP Machine Learning Security Top 10 id, ML01:2023 to ML10:2023',
  aicm: `use a control id of the AICM v${AICM_VERSION}, e.g. DSP-17`,
  nist: 'use an action id of NIST AI 600-1, e.g. MS-2.7-001',
};

/** What the catalog says about one id in one slot (the validation the built-in rules' metadata test uses). */
function catalogProblem(slot: Slot, id: string | AicmRef): string | undefined {
  const refs: FrameworkRefs = {
    id: 'rule',
    atlas: {
      techniques: slot === 'technique' ? [id as string] : [],
      mitigations: slot === 'mitigation' ? [id as string] : [],
    },
    owasp: { llm: slot === 'llm' ? [id as string] : [], ml: slot === 'ml' ? [id as string] : [] },
    controls: {
      aicm: slot === 'aicm' ? [id as AicmRef] : [],
      nistAi600: slot === 'nist' ? [id as string] : [],
    },
  };
  const problem = validateIds(refs)[0];
  return problem === undefined ? undefined : `${problem.replace(/^rule: /, '')}; ${SLOT_TODO[slot]}`;
}

function ids(value: unknown, path: Path, slot: Slot): string[] {
  if (value === undefined) return [];
  const items = list(value, path, SLOT_TODO[slot]);
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (typeof item !== 'string')
      throw new ValueProblem([...path, i], `is ${shown(item)}, not an id; ${SLOT_TODO[slot]}`);
    if (seen.has(item)) throw new ValueProblem([...path, i], `lists ${item} twice; remove the duplicate`);
    seen.add(item);
    const problem = catalogProblem(slot, item);
    if (problem !== undefined) throw new ValueProblem([...path, i], problem);
    return item;
  });
}

function texts(value: unknown, path: Path, todo: string): string[] {
  if (value === undefined) return [];
  return list(value, path, todo).map((item, i) => text(item, [...path, i], todo));
}

function level(value: unknown, path: Path, scale: string): Level {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5)
    throw new ValueProblem(path, `is ${shown(value)}, not a whole number from 1 to 5; use 1 (${scale})`);
  return value as Level;
}

/** AICM controls as ids (`DSP-17`) or `{id, v103}` as built-in rules write them; the seed control is added. */
function aicmRefs(value: unknown, path: Path): AicmRef[] {
  const out: AicmRef[] = [];
  if (value !== undefined) {
    const items = list(value, path, SLOT_TODO.aicm);
    items.forEach((item, i) => {
      const at = [...path, i];
      let ref: AicmRef;
      if (typeof item === 'string') {
        ref = { id: item, v103: Object.hasOwn(AICM_CONTROLS, item) ? (AICM_CONTROLS[item]?.v103 ?? '') : '' };
      } else if (isRecord(item)) {
        const m = mapping(item, at, ['id', 'v103'], 'an AICM control');
        const id = own(m, 'id');
        const v103 = own(m, 'v103');
        if (typeof id !== 'string')
          throw new ValueProblem([...at, 'id'], `is ${shown(id)}; ${SLOT_TODO.aicm}`);
        if (typeof v103 !== 'string')
          throw new ValueProblem(
            [...at, 'v103'],
            `is ${shown(v103)}; give the v1.0.3 id, or "" for a new control`,
          );
        ref = { id, v103 };
      } else {
        throw new ValueProblem(at, `is ${shown(item)}, not a control id; ${SLOT_TODO.aicm}`);
      }
      if (out.some((r) => r.id === ref.id))
        throw new ValueProblem(at, `lists ${ref.id} twice; remove the duplicate`);
      const problem = catalogProblem('aicm', ref);
      if (problem !== undefined) throw new ValueProblem(at, problem);
      out.push(ref);
    });
  }
  if (!out.some((r) => r.id === SEED_CONTROL))
    out.push({ id: SEED_CONTROL, v103: AICM_CONTROLS[SEED_CONTROL]?.v103 ?? '' });
  return out;
}

function controlMappings(value: unknown, path: Path): ControlMappings {
  if (value === undefined) return { aicm: aicmRefs(undefined, [...path, 'aicm']) };
  const keys = ['aicm', 'iso42001', 'iso27001', 'euAiAct', 'nistAi600', 'bsi'];
  const m = mapping(value, path, keys, 'controls');
  const out: {
    aicm: AicmRef[];
    iso42001?: string[];
    iso27001?: string[];
    euAiAct?: string[];
    nistAi600?: string[];
    bsi?: string[];
  } = { aicm: aicmRefs(own(m, 'aicm'), [...path, 'aicm']) };
  for (const key of ['iso42001', 'iso27001', 'euAiAct', 'bsi'] as const) {
    const v = own(m, key);
    if (v !== undefined) out[key] = texts(v, [...path, key], `write a list of ${key} clause ids`);
  }
  const nist = own(m, 'nistAi600');
  if (nist !== undefined) out.nistAi600 = ids(nist, [...path, 'nistAi600'], 'nist');
  return out;
}

/**
 * Checks the metadata of a custom rule (a YAML mapping or the object a JavaScript module exports) and returns it
 * as RuleMeta, with defaults for the optional fields. Throws a ValueProblem for the first thing that is wrong.
 * Keys outside `allowedKeys` are refused, so a misspelt field is an error, not a silent default.
 */
export function parseRuleMeta(value: unknown, path: Path, allowedKeys: readonly string[]): RuleMeta {
  const m = mapping(value, path, allowedKeys, 'a rule');
  for (const key of REQUIRED_KEYS) {
    if (own(m, key) === undefined)
      throw new ValueProblem(path, `"${key}" is missing; a rule needs ${REQUIRED_KEYS.join(', ')}`);
  }
  const at = (key: string): Path => [...path, key];

  const idValue = own(m, 'id');
  if (typeof idValue !== 'string' || !ID_PATTERN.test(idValue))
    throw new ValueProblem(
      at('id'),
      `${shown(idValue)} is not a rule id; write capitals and digits in hyphen-separated parts, e.g. ACME-DATA-001`,
    );
  if (idValue.startsWith('TG-'))
    throw new ValueProblem(
      at('id'),
      `${idValue} uses the prefix TG-, which is reserved for built-in rules; give the rule your own prefix, e.g. ACME-${idValue.slice(3)}`,
    );

  const family = own(m, 'family');
  if (typeof family !== 'string' || !(RULE_FAMILIES as readonly string[]).includes(family))
    throw new ValueProblem(
      at('family'),
      `${shown(family)} is not a rule family; use one of ${RULE_FAMILIES.join(', ')}`,
    );

  const atlasValue = own(m, 'atlas');
  const atlas =
    atlasValue === undefined ? {} : mapping(atlasValue, at('atlas'), ['techniques', 'mitigations'], 'atlas');
  const owaspValue = own(m, 'owasp');
  const owasp = owaspValue === undefined ? {} : mapping(owaspValue, at('owasp'), ['llm', 'ml'], 'owasp');

  const ssrm = own(m, 'ssrm');
  if (typeof ssrm !== 'string' || !(SSRM_LAYERS as readonly string[]).includes(ssrm))
    throw new ValueProblem(
      at('ssrm'),
      `${shown(ssrm)} is not an SSRM layer; use one of ${SSRM_LAYERS.join(', ')}`,
    );

  const remediationMap = mapping(own(m, 'remediation'), at('remediation'), CLOUDS, 'remediation');
  const remediation: Partial<Record<Cloud, string>> = {};
  for (const cloud of CLOUDS) {
    const fix = own(remediationMap, cloud);
    if (fix !== undefined)
      remediation[cloud] = text(fix, [...at('remediation'), cloud], `say how to fix it on ${cloud}`);
  }
  const fixed = CLOUDS.filter((c) => remediation[c] !== undefined);
  if (fixed.length === 0)
    throw new ValueProblem(at('remediation'), `is empty; say how to fix the threat on aws, azure or gcp`);
  const cloudsValue = own(m, 'clouds');
  const clouds =
    cloudsValue === undefined
      ? fixed
      : choices(cloudsValue, at('clouds'), CLOUDS, 'the clouds', { nonEmpty: true });
  for (const cloud of clouds) {
    if (remediation[cloud] === undefined)
      throw new ValueProblem(
        at('remediation'),
        `has no entry for ${cloud}, which clouds lists; add remediation.${cloud} or leave ${cloud} out of clouds`,
      );
  }

  return {
    id: idValue,
    title: text(own(m, 'title'), at('title'), 'give the rule a short title', { singleLine: true }),
    family: family as RuleMeta['family'],
    description: text(own(m, 'description'), at('description'), 'describe the threat in this system’s terms'),
    message: text(own(m, 'message'), at('message'), 'write the message of a threat, e.g. "{asset} is ..."', {
      singleLine: true,
    }),
    stride: choices(own(m, 'stride'), at('stride'), STRIDE, 'the STRIDE letters', { nonEmpty: true }),
    atlas: {
      techniques: ids(own(atlas, 'techniques'), [...at('atlas'), 'techniques'], 'technique'),
      mitigations: ids(own(atlas, 'mitigations'), [...at('atlas'), 'mitigations'], 'mitigation'),
    },
    owasp: {
      llm: ids(own(owasp, 'llm'), [...at('owasp'), 'llm'], 'llm'),
      ml: ids(own(owasp, 'ml'), [...at('owasp'), 'ml'], 'ml'),
    },
    lifecycle: choices(own(m, 'lifecycle'), at('lifecycle'), LIFECYCLE_STAGES, 'the AICM lifecycle stages', {
      nonEmpty: true,
    }),
    ssrm: ssrm as RuleMeta['ssrm'],
    controls: controlMappings(own(m, 'controls'), at('controls')),
    impact: level(own(m, 'impact'), at('impact'), 'negligible) to 5 (severe'),
    likelihood: level(own(m, 'likelihood'), at('likelihood'), 'rare) to 5 (almost certain'),
    likelihoodModifiers: texts(
      own(m, 'likelihoodModifiers'),
      at('likelihoodModifiers'),
      'write a list of sentences',
    ),
    clouds,
    remediation,
  };
}

import { AICM_CONTROLS, AICM_V103_REMOVED, AICM_V103_VERSION, AICM_VERSION } from './aicm.js';
import { ATLAS_MITIGATIONS, ATLAS_TACTICS, ATLAS_TECHNIQUES } from './atlas.js';
import { NIST_AI_600_1_ACTIONS } from './nist-ai-600-1.js';
import { OWASP_LLM_2025, OWASP_ML_2023 } from './owasp.js';

export * from './aicm.js';
export * from './atlas.js';
export * from './nist-ai-600-1.js';
export * from './owasp.js';
export * from './standards.js';

/** An AICM control as rules and threats cite it: the v1.1.0 id and its v1.0.3 id ('' if added in v1.1.0). */
export interface AicmRef {
  readonly id: string;
  readonly v103: string;
}

/** The framework ids a rule cites, as `validateIds` checks them. */
export interface FrameworkRefs {
  readonly id: string;
  readonly atlas: { readonly techniques: readonly string[]; readonly mitigations: readonly string[] };
  readonly owasp: { readonly llm: readonly string[]; readonly ml: readonly string[] };
  readonly controls: { readonly aicm: readonly AicmRef[]; readonly nistAi600?: readonly string[] };
}

/** The entry for `id`, or undefined; never an inherited property such as `constructor`. */
function entry<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/**
 * The AICM control `id` (v1.1.0) with its v1.0.3 id from the crosswalk, so rules can write
 * `controls: { aicm: [aicm('DSP-17'), aicm('TVM-04')] }`.
 */
export function aicm(id: string): AicmRef {
  const control = entry(AICM_CONTROLS, id);
  if (control === undefined) throw new Error(`unknown AICM v${AICM_VERSION} control id ${id}`);
  return { id, v103: control.v103 };
}

function aicmHint(id: string): string | undefined {
  const successor = Object.keys(AICM_CONTROLS).find((k) => AICM_CONTROLS[k]?.v103 === id);
  if (successor !== undefined) return `${id} is the v${AICM_V103_VERSION} id of ${successor}`;
  if (entry(AICM_V103_REMOVED, id) !== undefined) {
    return `${id} is a v${AICM_V103_VERSION} control removed in v${AICM_VERSION}`;
  }
  return undefined;
}

function nistHint(id: string): string | undefined {
  // AICM v1.0.3 mapping cells sometimes write Manage actions as MGP-x.y-nnn.
  const fixed = id.replace(/^MGP-/, 'MG-');
  return fixed !== id && entry(NIST_AI_600_1_ACTIONS, fixed) !== undefined
    ? `did you mean ${fixed}?`
    : undefined;
}

/**
 * Checks every framework id a rule cites against the catalog. Returns one human-readable problem per unknown
 * or duplicated id and per AICM control whose v1.0.3 id disagrees with the crosswalk; empty when all is well.
 */
export function validateIds(meta: FrameworkRefs): string[] {
  const problems: string[] = [];
  const check = (
    ids: readonly string[],
    what: string,
    known: Readonly<Record<string, unknown>>,
    hint: (id: string) => string | undefined,
  ): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) {
        problems.push(`${meta.id}: duplicate ${what} id ${id}`);
        continue;
      }
      seen.add(id);
      if (entry(known, id) === undefined) {
        const why = hint(id);
        problems.push(`${meta.id}: unknown ${what} id ${id}${why === undefined ? '' : ` (${why})`}`);
      }
    }
  };

  check(meta.atlas.techniques, 'ATLAS technique', ATLAS_TECHNIQUES, (id) => {
    if (entry(ATLAS_MITIGATIONS, id) !== undefined) return 'it is an ATLAS mitigation';
    if (entry(ATLAS_TACTICS, id) !== undefined) return 'it is an ATLAS tactic';
    return undefined;
  });
  check(meta.atlas.mitigations, 'ATLAS mitigation', ATLAS_MITIGATIONS, (id) =>
    entry(ATLAS_TECHNIQUES, id) === undefined ? undefined : 'it is an ATLAS technique',
  );
  check(meta.owasp.llm, 'OWASP LLM 2025', OWASP_LLM_2025, (id) =>
    entry(OWASP_ML_2023, id) === undefined ? undefined : 'it is an OWASP ML 2023 id',
  );
  check(meta.owasp.ml, 'OWASP ML 2023', OWASP_ML_2023, (id) =>
    entry(OWASP_LLM_2025, id) === undefined ? undefined : 'it is an OWASP LLM 2025 id',
  );
  check(
    meta.controls.aicm.map((c) => c.id),
    `AICM v${AICM_VERSION} control`,
    AICM_CONTROLS,
    aicmHint,
  );
  const compared = new Set<string>();
  for (const ref of meta.controls.aicm) {
    const control = entry(AICM_CONTROLS, ref.id);
    if (control !== undefined && control.v103 !== ref.v103 && !compared.has(ref.id)) {
      compared.add(ref.id);
      const show = (v: string): string => (v === '' ? 'none' : v);
      problems.push(
        `${meta.id}: AICM ${ref.id} is given v${AICM_V103_VERSION} id ${show(ref.v103)} but the crosswalk says ` +
          show(control.v103),
      );
    }
  }
  check(meta.controls.nistAi600 ?? [], 'NIST AI 600-1 action', NIST_AI_600_1_ACTIONS, nistHint);
  return problems;
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AICM_CONTROLS,
  AICM_DOMAINS,
  AICM_V103_REMOVED,
  AICM_VERSION,
  AICM_V103_VERSION,
  ATLAS_MITIGATIONS,
  ATLAS_TACTIC_ORDER,
  ATLAS_TACTICS,
  ATLAS_TECHNIQUES,
  ATLAS_VERSION,
  NIST_AI_600_1_ACTIONS,
  NIST_AI_600_1_GAI_RISKS,
  OWASP_LLM_2025,
  OWASP_ML_2023,
  SEED_CONTROL,
  SEED_CONTROL_MAPPINGS,
  SEED_MAPPINGS,
  aicm,
  validateIds,
} from '../../src/catalog/index.js';
import type { FrameworkRefs } from '../../src/catalog/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE_DIR = path.resolve(ROOT, '..', 'shared', 'reference');
const HAVE_REFERENCE = existsSync(REFERENCE_DIR);
const NO_REFERENCE = `skipped: ${REFERENCE_DIR} (the reference data) is not present`;
const GENERATED = ['aicm.ts', 'atlas.ts', 'nist-ai-600-1.ts', 'owasp.ts'];

const ids = Object.keys;
const subTechniques = (): string[] =>
  ids(ATLAS_TECHNIQUES).filter((id) => ATLAS_TECHNIQUES[id]?.parent !== undefined);

function refs(overrides: Partial<Omit<FrameworkRefs, 'id'>> = {}): FrameworkRefs {
  return {
    id: 'TG-TEST-001',
    atlas: { techniques: [], mitigations: [] },
    owasp: { llm: [], ml: [] },
    controls: { aicm: [] },
    ...overrides,
  };
}

describe('ATLAS', () => {
  // From the header of atlas.tsv: tactics=16 techniques+subtechniques=170 (sub=69) mitigations=35
  it('has the counts the reference header states', () => {
    expect(ATLAS_VERSION).toBe('5.6.0');
    expect(ids(ATLAS_TACTICS)).toHaveLength(16);
    expect(ids(ATLAS_TECHNIQUES)).toHaveLength(170);
    expect(subTechniques()).toHaveLength(69);
    expect(ids(ATLAS_MITIGATIONS)).toHaveLength(35);
  });

  it('matches the counts in the header of atlas.tsv itself', (ctx) => {
    if (!HAVE_REFERENCE) ctx.skip(NO_REFERENCE);
    const header = readFileSync(path.join(REFERENCE_DIR, 'atlas.tsv'), 'utf8');
    const m = /tactics=(\d+) techniques\+subtechniques=(\d+) \(sub=(\d+)\) mitigations=(\d+)/.exec(header);
    expect(m).not.toBeNull();
    expect([
      ids(ATLAS_TACTICS).length,
      ids(ATLAS_TECHNIQUES).length,
      subTechniques().length,
      ids(ATLAS_MITIGATIONS).length,
    ]).toEqual(m?.slice(1).map(Number));
    expect(header).toContain(`version field ${ATLAS_VERSION}`);
  });

  it('uses the ids rules cite', () => {
    expect(ATLAS_TECHNIQUES['AML.T0020']?.name).toBe('Poison Training Data');
    expect(ATLAS_TECHNIQUES['AML.T0010.002']).toEqual({
      name: 'AI Supply Chain Compromise: Data',
      tactics: ['AML.TA0004'],
      parent: 'AML.T0010',
      maturity: 'realized',
    });
    expect(ATLAS_MITIGATIONS['AML.M0005']?.name).toBe('Control Access to AI Models and Data at Rest');
    expect(ATLAS_TACTICS['AML.TA0011']).toEqual({ name: 'Impact', attack: 'TA0040' });
  });

  it('is internally consistent', () => {
    expect([...ATLAS_TACTIC_ORDER].sort()).toEqual(ids(ATLAS_TACTICS).sort());
    for (const [id, t] of Object.entries(ATLAS_TECHNIQUES)) {
      for (const tactic of t.tactics) expect(ATLAS_TACTICS, `${id} -> ${tactic}`).toHaveProperty([tactic]);
      if (t.parent !== undefined) {
        expect(id.startsWith(`${t.parent}.`)).toBe(true);
        expect(ATLAS_TECHNIQUES[t.parent]?.parent).toBeUndefined();
      }
    }
    for (const [id, m] of Object.entries(ATLAS_MITIGATIONS)) {
      expect(m.techniques.length, id).toBeGreaterThan(0);
      for (const t of m.techniques) expect(ATLAS_TECHNIQUES, `${id} -> ${t}`).toHaveProperty([t]);
    }
  });

  it('keeps technique ids that the source put in a mitigation lifecycle list', () => {
    expect(ATLAS_MITIGATIONS['AML.M0018']?.techniques).toContain('AML.T0052.001');
    expect(ATLAS_MITIGATIONS['AML.M0034']?.techniques).toContain('AML.T0052.001');
  });
});

describe('OWASP', () => {
  it('has the two top 10 lists', () => {
    expect(ids(OWASP_LLM_2025)).toEqual([
      'LLM01:2025',
      'LLM02:2025',
      'LLM03:2025',
      'LLM04:2025',
      'LLM05:2025',
      'LLM06:2025',
      'LLM07:2025',
      'LLM08:2025',
      'LLM09:2025',
      'LLM10:2025',
    ]);
    expect(ids(OWASP_ML_2023)).toHaveLength(10);
    expect(OWASP_LLM_2025['LLM04:2025']?.name).toBe('Data and Model Poisoning');
    expect(OWASP_ML_2023['ML06:2023']?.name).toBe('AI Supply Chain Attacks');
  });
});

describe('AICM', () => {
  it('has the v1.1.0 controls and the crosswalk', () => {
    expect(AICM_VERSION).toBe('1.1.0');
    expect(AICM_V103_VERSION).toBe('1.0.3');
    expect(ids(AICM_CONTROLS)).toHaveLength(247);
    expect(ids(AICM_DOMAINS)).toHaveLength(18);
    const carried = Object.values(AICM_CONTROLS).filter((c) => c.v103 !== '');
    expect(carried.length + ids(AICM_V103_REMOVED).length).toBe(243);
    expect(new Set(carried.map((c) => c.v103)).size).toBe(carried.length);
  });

  it('maps the seed control TVM-04 to v1.0.3 TVM-12 with the seed ownership', () => {
    expect(SEED_CONTROL).toBe('TVM-04');
    expect(aicm('TVM-04')).toEqual({ id: 'TVM-04', v103: 'TVM-12' });
    const seed = AICM_CONTROLS[SEED_CONTROL];
    expect(seed?.title).toBe('Threat Analysis and Modelling');
    expect(seed?.type).toBe('AI-Specific');
    expect(seed?.ownership).toEqual({
      PI: 'Shared CSP-MP',
      Model: 'MP',
      Orchestrated: 'Shared MP-OSP',
      Application: 'AP',
    });
  });

  it('gives renumbered and added controls their crosswalk ids', () => {
    expect(aicm('TVM-05')).toEqual({ id: 'TVM-05', v103: 'TVM-04' });
    expect(aicm('DSP-17')).toEqual({ id: 'DSP-17', v103: 'DSP-17' });
    expect(aicm('LOG-08')).toEqual({ id: 'LOG-08', v103: '' });
  });

  it('aicm() throws for an unknown id, including inherited property names', () => {
    expect(() => aicm('NOPE-1')).toThrow(new Error('unknown AICM v1.1.0 control id NOPE-1'));
    expect(() => aicm('constructor')).toThrow(new Error('unknown AICM v1.1.0 control id constructor'));
  });
});

describe('NIST AI 600-1', () => {
  it('has the suggested actions and the 12 GAI risks', () => {
    expect(ids(NIST_AI_600_1_ACTIONS)).toHaveLength(212);
    expect(ids(NIST_AI_600_1_GAI_RISKS)).toHaveLength(12);
    expect(NIST_AI_600_1_ACTIONS['MS-2.7-001']?.subcategory).toBe('MEASURE 2.7');
    expect(NIST_AI_600_1_ACTIONS['GV-1.1-001']?.function).toBe('Govern');
  });

  it('names only the 12 GAI risks, apart from the one label NIST uses outside them', () => {
    const headings = new Set(Object.values(NIST_AI_600_1_GAI_RISKS));
    const other = Object.values(NIST_AI_600_1_ACTIONS)
      .flatMap((a) => a.gaiRisks)
      .filter((r) => !headings.has(r));
    expect(new Set(other)).toEqual(new Set(['Civil Rights violations']));
  });
});

describe('seed mappings', () => {
  it('transcribes the seed control', () => {
    expect(SEED_MAPPINGS.control).toEqual({
      id: SEED_CONTROL,
      v103: 'TVM-12',
      title: 'Threat Analysis and Modelling',
    });
    expect(SEED_MAPPINGS.iso42001.map((c) => c.id)).toEqual(['A.6.2.3', 'A.6.2.6', 'A.7.2']);
    expect(SEED_MAPPINGS.iso27001.map((c) => c.id)).toEqual(['A.5.7']);
    expect(SEED_MAPPINGS.euAiAct).toEqual([
      'Article 9(1)',
      'Article 9(2)',
      'Article 15(1)',
      'Annex IV(2)(f)',
    ]);
    expect(SEED_MAPPINGS.bsi).toHaveLength(8);
    expect(SEED_MAPPINGS.caiqQuestions).toHaveLength(2);
    expect(SEED_MAPPINGS.auditingGuidelines).toHaveLength(6);
  });

  it('cites only ids the catalog knows', () => {
    expect(
      validateIds(
        refs({ controls: { aicm: SEED_CONTROL_MAPPINGS.aicm, nistAi600: SEED_MAPPINGS.nistAi600 } }),
      ),
    ).toEqual([]);
  });
});

describe('validateIds', () => {
  it('accepts known ids', () => {
    expect(
      validateIds(
        refs({
          atlas: { techniques: ['AML.T0020', 'AML.T0010.002'], mitigations: ['AML.M0005', 'AML.M0007'] },
          owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023'] },
          controls: { aicm: [aicm('DSP-17'), aicm('TVM-04'), aicm('LOG-08')], nistAi600: ['MS-2.7-001'] },
        }),
      ),
    ).toEqual([]);
  });

  it('reports each unknown id', () => {
    expect(
      validateIds(
        refs({
          atlas: { techniques: ['AML.T0020', 'AML.T9999'], mitigations: ['AML.M9999'] },
          owasp: { llm: ['LLM11:2025'], ml: ['ML11:2023'] },
          controls: { aicm: [{ id: 'XYZ-99', v103: 'XYZ-99' }], nistAi600: ['GV-9.9-999'] },
        }),
      ),
    ).toEqual([
      'TG-TEST-001: unknown ATLAS technique id AML.T9999',
      'TG-TEST-001: unknown ATLAS mitigation id AML.M9999',
      'TG-TEST-001: unknown OWASP LLM 2025 id LLM11:2025',
      'TG-TEST-001: unknown OWASP ML 2023 id ML11:2023',
      'TG-TEST-001: unknown AICM v1.1.0 control id XYZ-99',
      'TG-TEST-001: unknown NIST AI 600-1 action id GV-9.9-999',
    ]);
  });

  it('reports a v1.0.3 id that disagrees with the crosswalk', () => {
    expect(
      validateIds(
        refs({
          controls: {
            aicm: [
              { id: 'TVM-04', v103: 'TVM-04' },
              { id: 'LOG-08', v103: 'LOG-08' },
              { id: 'LOG-09', v103: '' },
            ],
          },
        }),
      ),
    ).toEqual([
      'TG-TEST-001: AICM TVM-04 is given v1.0.3 id TVM-04 but the crosswalk says TVM-12',
      'TG-TEST-001: AICM LOG-08 is given v1.0.3 id LOG-08 but the crosswalk says none',
      'TG-TEST-001: AICM LOG-09 is given v1.0.3 id none but the crosswalk says LOG-08',
    ]);
  });

  it('explains ids from the wrong list and duplicates', () => {
    expect(
      validateIds(
        refs({
          atlas: {
            techniques: ['AML.M0005', 'AML.TA0002', 'AML.T0020', 'AML.T0020'],
            mitigations: ['AML.T0020'],
          },
          owasp: { llm: ['ML01:2023'], ml: ['LLM01:2025'] },
          controls: {
            aicm: [
              { id: 'IAM-19', v103: 'IAM-19' },
              { id: 'SEF-11', v103: 'SEF-11' },
            ],
            nistAi600: ['MGP-2.2-001', 'toString'],
          },
        }),
      ),
    ).toEqual([
      'TG-TEST-001: unknown ATLAS technique id AML.M0005 (it is an ATLAS mitigation)',
      'TG-TEST-001: unknown ATLAS technique id AML.TA0002 (it is an ATLAS tactic)',
      'TG-TEST-001: duplicate ATLAS technique id AML.T0020',
      'TG-TEST-001: unknown ATLAS mitigation id AML.T0020 (it is an ATLAS technique)',
      'TG-TEST-001: unknown OWASP LLM 2025 id ML01:2023 (it is an OWASP ML 2023 id)',
      'TG-TEST-001: unknown OWASP ML 2023 id LLM01:2025 (it is an OWASP LLM 2025 id)',
      'TG-TEST-001: unknown AICM v1.1.0 control id IAM-19 (IAM-19 is the v1.0.3 id of IAM-18)',
      'TG-TEST-001: unknown AICM v1.1.0 control id SEF-11',
      'TG-TEST-001: unknown NIST AI 600-1 action id MGP-2.2-001 (did you mean MG-2.2-001?)',
      'TG-TEST-001: unknown NIST AI 600-1 action id toString',
    ]);
  });
});

describe('generated files', () => {
  it('are up to date with ../shared/reference', (ctx) => {
    if (!HAVE_REFERENCE) ctx.skip(NO_REFERENCE);
    const out = mkdtempSync(path.join(tmpdir(), 'threatgraph-catalog-'));
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-catalog.js'), out], { stdio: 'pipe' });
      expect(readdirSync(out).sort()).toEqual(GENERATED);
      for (const file of GENERATED) {
        const fresh = readFileSync(path.join(out, file));
        const committed = readFileSync(path.join(ROOT, 'src', 'catalog', file));
        expect(
          fresh.equals(committed),
          `src/catalog/${file} is stale: run \`node scripts/gen-catalog.js\` and commit the result`,
        ).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

// @ts-check
/**
 * Generates the framework reference data in src/catalog/ from the TSV files in ../shared/reference/.
 *
 *   node scripts/gen-catalog.js [out-dir]      (out-dir defaults to src/catalog)
 *
 * Output is deterministic (entries sorted by id, no timestamps) and formatted with the project's Prettier
 * configuration, so `prettier --check` accepts it as written. Anything unexpected in a reference file (a
 * malformed id, a duplicate, a dangling reference, a count that disagrees with the file's header) stops the
 * generator with a one-line error naming the file and line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REFERENCE_DIR = path.resolve(ROOT, '..', 'shared', 'reference');
const CATALOG_DIR = path.join(ROOT, 'src', 'catalog');
const GENERATOR = 'scripts/gen-catalog.js';

class InputError extends Error {}

/** @param {string} where @param {string} message @returns {never} */
function fail(where, message) {
  throw new InputError(`${where}: ${message}`);
}

/**
 * @typedef {{ line: number, where: string, cell: (column: string) => string }} Row
 * @typedef {{ name: string, header: string[], rows: Row[] }} Tsv
 */

/**
 * Reads a reference TSV: leading `#` lines are the header, the first other line names the columns, and every
 * further non-comment line is a row with exactly that many cells.
 * @param {string} name
 * @returns {Tsv}
 */
function readTsv(name) {
  const file = path.join(REFERENCE_DIR, name);
  if (!existsSync(file))
    fail(name, 'not found; the reference data lives in ../shared/reference beside the repository');
  const text = readFileSync(file, 'utf8');
  /** @type {string[]} */
  const header = [];
  /** @type {string[] | undefined} */
  let columns;
  /** @type {Row[]} */
  const rows = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      if (columns === undefined) header.push(line.replace(/^#+\s*/, ''));
      return;
    }
    const cells = line.split('\t');
    if (columns === undefined) {
      columns = cells;
      return;
    }
    const where = `${name}:${index + 1}`;
    const cols = columns;
    if (cells.length !== cols.length) fail(where, `${cells.length} columns, expected ${cols.length}`);
    rows.push({
      line: index + 1,
      where,
      cell(column) {
        const i = cols.indexOf(column);
        if (i < 0) fail(where, `no column named ${column}`);
        return (cells[i] ?? '').trim();
      },
    });
  });
  if (header.length === 0) fail(name, 'no header comment (expected the source and version on line 1)');
  return { name, header, rows };
}

/**
 * @param {Tsv} tsv @param {RegExp} pattern @param {string} what
 * @returns {string[]} the capture groups of the first header line that matches
 */
function headerMatch(tsv, pattern, what) {
  for (const line of tsv.header) {
    const m = pattern.exec(line);
    if (m) return m.slice(1).map((g) => g ?? '');
  }
  return fail(tsv.name, `header does not state ${what} (looked for ${String(pattern)})`);
}

/**
 * Orders ids by their text, comparing runs of digits as numbers (GV-1.2 < GV-1.10).
 * @param {string} a @param {string} b
 */
function compareIds(a, b) {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] ?? '';
    const y = cb[i] ?? '';
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = Number(x) - Number(y) || x.length - y.length;
      if (d !== 0) return d;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return ca.length - cb.length;
}

// ---------------------------------------------------------------------------------------------------------
// TypeScript emission

/** @param {string} s */
function str(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

/** @param {string} k */
function key(k) {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k);
}

/** @param {unknown} v @returns {string} */
function lit(v) {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const fields = Object.entries(v).filter(([, x]) => x !== undefined);
    return fields.length === 0 ? '{}' : `{ ${fields.map(([k, x]) => `${key(k)}: ${lit(x)}`).join(', ')} }`;
  }
  throw new Error(`cannot emit ${String(v)}`);
}

/**
 * A record literal, one entry per line, keys in id order.
 * @param {Map<string, unknown>} entries
 */
function record(entries) {
  const keys = [...entries.keys()].sort(compareIds);
  return `{\n${keys.map((k) => `  ${key(k)}: ${lit(entries.get(k))},`).join('\n')}\n}`;
}

/** @param {Tsv[]} sources @param {string[]} body */
function fileText(sources, body) {
  const from = sources.map((s) => `../shared/reference/${s.name}`).join(' and ');
  const lines = [
    `// Generated by ${GENERATOR} from ${from}.`,
    `// Do not edit: change the reference file and run \`node ${GENERATOR}\`.`,
    ...sources.map((s) => `// ${s.name}: ${s.header[0] ?? ''}`),
    '',
    ...body,
  ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------
// MITRE ATLAS

const MATURITIES = ['feasible', 'demonstrated', 'realized'];

function atlas() {
  const tsv = readTsv('atlas.tsv');
  const [version = ''] = headerMatch(tsv, /version field (\d+\.\d+\.\d+)/, 'the ATLAS version');
  const [nTactics, nTechniques, nSub, nMitigations] = headerMatch(
    tsv,
    /tactics=(\d+) techniques\+subtechniques=(\d+) \(sub=(\d+)\) mitigations=(\d+)/,
    'the counts',
  ).map(Number);

  /** @type {Map<string, { name: string, attack?: string }>} */
  const tactics = new Map();
  /** @type {string[]} */
  const tacticOrder = [];
  /** @type {Map<string, { name: string, tactics: string[], parent?: string, maturity: string }>} */
  const techniques = new Map();
  /** @type {Map<string, { name: string, category: string, techniques: string[] }>} */
  const mitigations = new Map();
  /** @type {Map<string, Row>} */
  const seen = new Map();
  /** @type {Array<[Row, string[]]>} */
  const pendingMitigates = [];

  for (const row of tsv.rows) {
    const kind = row.cell('kind');
    const id = row.cell('id');
    const name = row.cell('name');
    const extra = row.cell('maturity_or_extra');
    const earlier = seen.get(id);
    if (earlier) fail(row.where, `duplicate id ${id} (first on line ${earlier.line})`);
    seen.set(id, row);
    if (name === '') fail(row.where, `${id} has no name`);
    switch (kind) {
      case 'TACTIC': {
        if (!/^AML\.TA\d{4}$/.test(id)) fail(row.where, `malformed tactic id ${id}`);
        const attack = /^ATT&CK=(TA\d{4})?$/.exec(extra);
        if (!attack) fail(row.where, `expected ATT&CK=TAnnnn or ATT&CK= in the last column, got ${extra}`);
        tactics.set(id, { name, attack: attack[1] });
        tacticOrder.push(id);
        break;
      }
      case 'TECHNIQUE':
      case 'SUBTECHNIQUE': {
        const sub = kind === 'SUBTECHNIQUE';
        if (!(sub ? /^AML\.T\d{4}\.\d{3}$/ : /^AML\.T\d{4}$/).test(id))
          fail(row.where, `malformed ${kind} id ${id}`);
        const ids = row.cell('tactic_ids').split(',');
        const names = row.cell('tactic_names').split('; ');
        ids.forEach((t, i) => {
          const tactic = tactics.get(t);
          if (!tactic) fail(row.where, `${id} names tactic ${t}, which is not listed above it`);
          if (tactic.name !== names[i])
            fail(row.where, `${id}: tactic ${t} is named ${tactic.name}, not ${names[i] ?? '(nothing)'}`);
        });
        if (!MATURITIES.includes(extra)) fail(row.where, `${id}: unknown maturity ${extra}`);
        const parentId = row.cell('parent');
        if (sub) {
          const parent = techniques.get(parentId);
          if (!parent || parent.parent !== undefined)
            fail(row.where, `${id}: parent ${parentId} is not a technique listed above it`);
          if (!id.startsWith(`${parentId}.`))
            fail(row.where, `${id} does not extend its parent id ${parentId}`);
          if (!name.startsWith(`${parent.name}: `))
            fail(row.where, `${id}: name does not start with "${parent.name}: "`);
          if (ids.join() !== parent.tactics.join())
            fail(row.where, `${id}: tactics differ from its parent's`);
        } else if (parentId !== '') {
          fail(row.where, `technique ${id} has a parent`);
        }
        techniques.set(id, { name, tactics: ids, parent: sub ? parentId : undefined, maturity: extra });
        break;
      }
      case 'MITIGATION': {
        if (!/^AML\.M\d{4}$/.test(id)) fail(row.where, `malformed mitigation id ${id}`);
        /** @type {Record<string, string>} */
        const fields = {};
        for (const part of extra.split('; ')) {
          const eq = part.indexOf('=');
          if (eq < 0) fail(row.where, `${id}: expected key=value in the last column, got ${part}`);
          fields[part.slice(0, eq)] = part.slice(eq + 1);
        }
        const category = fields['category'];
        if (category === undefined || category === '') fail(row.where, `${id} has no category`);
        const mitigates = (fields['mitigates'] ?? '').split(',').filter((t) => t !== '');
        // The extraction that produced atlas.tsv put some technique ids into the lifecycle list (AML.M0018 and
        // AML.M0034 list AML.T0052.001 there). They are techniques the mitigation addresses: move them.
        for (const phase of (fields['lifecycle'] ?? '').split('|')) {
          if (/^AML\.T\d{4}(\.\d{3})?$/.test(phase)) mitigates.push(phase);
        }
        if (mitigates.length === 0) fail(row.where, `${id} mitigates no technique`);
        mitigations.set(id, { name, category, techniques: [...new Set(mitigates)].sort(compareIds) });
        pendingMitigates.push([row, mitigates]);
        break;
      }
      default:
        fail(row.where, `unknown kind ${kind}`);
    }
  }
  for (const [row, ids] of pendingMitigates) {
    for (const t of ids)
      if (!techniques.has(t)) fail(row.where, `${row.cell('id')} mitigates unknown technique ${t}`);
  }
  const subCount = [...techniques.values()].filter((t) => t.parent !== undefined).length;
  const counts = [
    ['tactics', tactics.size, nTactics],
    ['techniques+subtechniques', techniques.size, nTechniques],
    ['sub-techniques', subCount, nSub],
    ['mitigations', mitigations.size, nMitigations],
  ];
  for (const [what, got, want] of counts) {
    if (got !== want) fail(tsv.name, `header says ${what}=${String(want)} but the file lists ${String(got)}`);
  }

  const text = fileText(
    [tsv],
    [
      `export const ATLAS_VERSION = ${str(version)};`,
      '',
      "export type AtlasMaturity = 'feasible' | 'demonstrated' | 'realized';",
      '',
      'export interface AtlasTactic {',
      '  readonly name: string;',
      '  /** The corresponding MITRE ATT&CK tactic, where there is one. */',
      '  readonly attack?: string;',
      '}',
      '',
      'export interface AtlasTechnique {',
      '  /** Sub-techniques are named "Parent: Sub", as ATLAS displays them. */',
      '  readonly name: string;',
      "  /** Tactic ids; a sub-technique has its parent's tactics (ATLAS stores them on the parent only). */",
      '  readonly tactics: readonly string[];',
      '  /** For a sub-technique, the id of its technique. */',
      '  readonly parent?: string;',
      '  readonly maturity: AtlasMaturity;',
      '}',
      '',
      'export interface AtlasMitigation {',
      '  readonly name: string;',
      '  readonly category: string;',
      '  /** Techniques and sub-techniques this mitigation addresses. */',
      '  readonly techniques: readonly string[];',
      '}',
      '',
      '/** Tactic ids in ATLAS matrix order, from reconnaissance to impact. */',
      `export const ATLAS_TACTIC_ORDER: readonly string[] = ${lit(tacticOrder)};`,
      '',
      `export const ATLAS_TACTICS: Readonly<Record<string, AtlasTactic>> = ${record(tactics)};`,
      '',
      '/** Techniques and sub-techniques (`AML.T0010`, `AML.T0010.002`). */',
      `export const ATLAS_TECHNIQUES: Readonly<Record<string, AtlasTechnique>> = ${record(techniques)};`,
      '',
      `export const ATLAS_MITIGATIONS: Readonly<Record<string, AtlasMitigation>> = ${record(mitigations)};`,
    ],
  );
  return { file: 'atlas.ts', text };
}

// ---------------------------------------------------------------------------------------------------------
// OWASP

/** @param {string} name @param {RegExp} idPattern */
function owaspList(name, idPattern) {
  const tsv = readTsv(name);
  /** @type {Map<string, { name: string }>} */
  const entries = new Map();
  for (const row of tsv.rows) {
    const id = row.cell('id');
    if (!idPattern.test(id)) fail(row.where, `malformed id ${id}`);
    if (entries.has(id)) fail(row.where, `duplicate id ${id}`);
    const title = row.cell('name');
    if (title === '') fail(row.where, `${id} has no name`);
    entries.set(id, { name: title });
  }
  if (entries.size !== 10) fail(name, `expected a top 10, found ${entries.size} entries`);
  return { tsv, entries };
}

function owasp() {
  const llm = owaspList('owasp-llm-2025.tsv', /^LLM(0[1-9]|10):2025$/);
  const ml = owaspList('owasp-ml-2023.tsv', /^ML(0[1-9]|10):2023$/);
  const text = fileText(
    [llm.tsv, ml.tsv],
    [
      'export interface OwaspEntry {',
      '  readonly name: string;',
      '}',
      '',
      '/** OWASP Top 10 for LLM Applications 2025 (`LLM01:2025` ...). */',
      `export const OWASP_LLM_2025: Readonly<Record<string, OwaspEntry>> = ${record(llm.entries)};`,
      '',
      '/** OWASP Machine Learning Security Top 10, 2023 edition (`ML01:2023` ...). */',
      `export const OWASP_ML_2023: Readonly<Record<string, OwaspEntry>> = ${record(ml.entries)};`,
    ],
  );
  return { file: 'owasp.ts', text };
}

// ---------------------------------------------------------------------------------------------------------
// CSA AI Controls Matrix

const CONTROL_TYPES = ['AI-Specific', 'Cloud & AI Related', 'Cloud-Specific'];
const OWNERS = [
  'CSP',
  'MP',
  'OSP',
  'AP',
  'AIC',
  'Shared across the supply chain',
  'Shared CSP-MP',
  'Shared MP-OSP',
  'Shared OSP-AP',
  'Shared AP-AIC',
];
const SEED_TITLE = 'Threat Analysis and Modelling';

function aicmControls() {
  const tsv = readTsv('aicm.tsv');
  const [version = '', v103Version = ''] = headerMatch(
    tsv,
    /^CSA AI Controls Matrix.*?\bv(\d+\.\d+\.\d+) \(workbook.*?\bv(\d+\.\d+\.\d+) \(/,
    'the two AICM versions',
  );
  const [nControls, nDomains] = headerMatch(tsv, /(\d+) controls\/(\d+) domains/, 'the v1.1.0 counts').map(
    Number,
  );
  const [nV103] = headerMatch(
    tsv,
    new RegExp(`v${v103Version.replace(/\./g, '\\.')} \\([^,)]*, (\\d+) controls\\)`),
    'the v1.0.3 count',
  ).map(Number);

  /** @type {Map<string, string>} */
  const domains = new Map();
  /** @type {Map<string, object>} */
  const controls = new Map();
  /** @type {Map<string, { domain: string, title: string }>} */
  const removed = new Map();
  /** @type {Map<string, string>} v1.0.3 id -> where it was seen */
  const v103Seen = new Map();
  const idPattern = /^([A-Z&]{3})-\d{2}$/;

  for (const row of tsv.rows) {
    const id = row.cell('aicm_1_1_0_id');
    const v103Cell = row.cell('aicm_1_0_3_id');
    const domain = row.cell('domain_code');
    const domainTitle = row.cell('domain_title');
    const change = row.cell('change_1_0_3_to_1_1_0');
    const known = domains.get(domain);
    if (known === undefined) domains.set(domain, domainTitle);
    else if (known !== domainTitle)
      fail(row.where, `domain ${domain} is titled "${known}" above and "${domainTitle}" here`);

    const v103 = v103Cell === '(new)' ? '' : v103Cell;
    if (v103 !== '') {
      if (idPattern.exec(v103)?.[1] !== domain)
        fail(row.where, `v1.0.3 id ${v103} is malformed or outside domain ${domain}`);
      const earlier = v103Seen.get(v103);
      if (earlier) fail(row.where, `v1.0.3 id ${v103} also crosswalked on ${earlier}`);
      v103Seen.set(v103, row.where);
    }
    if (id === '(removed)') {
      if (v103 === '' || !change.startsWith('removed:'))
        fail(row.where, 'a removed row needs a v1.0.3 id and change removed:*');
      removed.set(v103, { domain, title: row.cell('title_1_0_3_if_different') });
      continue;
    }
    if (idPattern.exec(id)?.[1] !== domain)
      fail(row.where, `id ${id} is malformed or outside domain ${domain}`);
    if (controls.has(id)) fail(row.where, `duplicate id ${id}`);
    if ((v103 === '') !== change.startsWith('added:'))
      fail(row.where, `${id}: change ${change} disagrees with v1.0.3 id ${v103Cell}`);
    const type = row.cell('control_type_1_1_0');
    if (!CONTROL_TYPES.includes(type)) fail(row.where, `${id}: unknown control type ${type}`);
    const title = row.cell('title_1_1_0');
    if (title === '') fail(row.where, `${id} has no title`);
    const titleV103 = row.cell('title_1_0_3_if_different');
    const owners = ['own_PI_v103', 'own_Model_v103', 'own_Orchestrated_v103', 'own_Application_v103'].map(
      (c) => row.cell(c),
    );
    const filled = owners.filter((o) => o !== '').length;
    if (filled !== 0 && filled !== 4)
      fail(row.where, `${id}: SSRM ownership is filled for ${filled} of 4 layers`);
    for (const o of owners) if (o !== '' && !OWNERS.includes(o)) fail(row.where, `${id}: unknown owner ${o}`);
    const [PI = '', Model = '', Orchestrated = '', Application = ''] = owners;
    controls.set(id, {
      v103,
      domain,
      title,
      titleV103: titleV103 === '' ? undefined : titleV103,
      type,
      change,
      ownership: filled === 0 ? undefined : { PI, Model, Orchestrated, Application },
    });
  }
  if (controls.size !== nControls)
    fail(tsv.name, `header says ${nControls} v${version} controls, file lists ${controls.size}`);
  if (domains.size !== nDomains)
    fail(tsv.name, `header says ${nDomains} domains, file lists ${domains.size}`);
  if (v103Seen.size !== nV103)
    fail(tsv.name, `header says ${nV103} v${v103Version} controls, file lists ${v103Seen.size}`);
  const seeds = [...controls].filter(([, c]) => /** @type {{ title: string }} */ (c).title === SEED_TITLE);
  if (seeds.length !== 1) fail(tsv.name, `expected one control titled ${SEED_TITLE}, found ${seeds.length}`);
  const seed = seeds[0]?.[0] ?? '';

  const text = fileText(
    [tsv],
    [
      `export const AICM_VERSION = ${str(version)};`,
      `export const AICM_V103_VERSION = ${str(v103Version)};`,
      '',
      `/** The seed control, "${SEED_TITLE}" (v${v103Version}: ${String(/** @type {{ v103: string }} */ (controls.get(seed)).v103)}). */`,
      `export const SEED_CONTROL = ${str(seed)};`,
      '',
      "export type AicmControlType = 'AI-Specific' | 'Cloud & AI Related' | 'Cloud-Specific';",
      '',
      '/** Owner per SSRM layer: CSP, MP, OSP, AP, AIC, "Shared X-Y" or "Shared across the supply chain". */',
      'export interface AicmOwnership {',
      '  readonly PI: string;',
      '  readonly Model: string;',
      '  readonly Orchestrated: string;',
      '  readonly Application: string;',
      '}',
      '',
      'export interface AicmControl {',
      `  /** The v${v103Version} id from the crosswalk; '' for a control added in v${version}. */`,
      '  readonly v103: string;',
      '  /** Domain code, e.g. TVM. */',
      '  readonly domain: string;',
      `  /** The v${version} title. */`,
      '  readonly title: string;',
      `  /** The v${v103Version} title, where it differs. */`,
      '  readonly titleV103?: string;',
      '  readonly type: AicmControlType;',
      `  /** How the control changed from v${v103Version} to v${version}, as the crosswalk records it. */`,
      '  readonly change: string;',
      `  /** SSRM ownership (v${v103Version} values), present only for the controls the reference data covers. */`,
      '  readonly ownership?: AicmOwnership;',
      '}',
      '',
      'export interface AicmRemovedControl {',
      '  readonly domain: string;',
      `  /** The v${v103Version} title. */`,
      '  readonly title: string;',
      '}',
      '',
      `export const AICM_DOMAINS: Readonly<Record<string, string>> = ${record(domains)};`,
      '',
      `/**`,
      ` * Controls keyed by the v${version} id. The v${v103Version} crosswalk was reconstructed by content similarity`,
      ' * (not published by CSA); see the reference file.',
      ' */',
      `export const AICM_CONTROLS: Readonly<Record<string, AicmControl>> = ${record(controls)};`,
      '',
      `/** v${v103Version} controls with no v${version} successor, keyed by the v${v103Version} id. */`,
      `export const AICM_V103_REMOVED: Readonly<Record<string, AicmRemovedControl>> = ${record(removed)};`,
    ],
  );
  return { file: 'aicm.ts', text };
}

// ---------------------------------------------------------------------------------------------------------
// NIST AI 600-1

const FUNCTIONS = /** @type {const} */ ({ GV: 'Govern', MP: 'Map', MS: 'Measure', MG: 'Manage' });
/**
 * GAI risk labels in the action table that are spelled differently from the 12 risk headings of section 2.
 * 'Civil Rights violations' (GV-1.4-002) is no GAI risk heading but is how NIST's own table reads: kept.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
const RISK_ALIASES = {
  'CBRN Information and Capability': ['CBRN Information or Capabilities'],
  'Human AI Configuration': ['Human-AI Configuration'],
  Environmental: ['Environmental Impacts'],
  'Human-AI Configuration, Dangerous, Violent, or Hateful Content': [
    'Human-AI Configuration',
    'Dangerous, Violent, or Hateful Content',
  ],
};
const NON_HEADING_RISKS = ['Civil Rights violations'];

function nist() {
  const tsv = readTsv('nist-ai-600-1.tsv');
  const [nActions] = headerMatch(tsv, /action IDs \((\d+)\)/, 'the number of actions').map(Number);
  const [version = ''] = headerMatch(tsv, /ai-600-1\/(\d+(?:\.\d+)*)\//, 'the version');
  const [published = ''] = headerMatch(tsv, /^NIST AI 600-1 \(([^)]+)\)/, 'the publication date');

  /** @type {Map<string, string>} */
  const risks = new Map();
  /** @type {Array<[Row, string[]]>} */
  const pendingRisks = [];
  /** @type {Map<string, { function: string, subcategory: string, gaiRisks: string[], summary: string }>} */
  const actions = new Map();
  for (const row of tsv.rows) {
    const kind = row.cell('kind');
    const id = row.cell('id');
    if (kind === 'GAI_RISK') {
      if (!/^2\.\d+$/.test(id)) fail(row.where, `malformed GAI risk section ${id}`);
      if (risks.has(id)) fail(row.where, `duplicate GAI risk ${id}`);
      risks.set(id, row.cell('gai_risks'));
      continue;
    }
    if (kind !== 'ACTION') fail(row.where, `unknown kind ${kind}`);
    const m = /^(GV|MP|MS|MG)-(\d+\.\d+)-\d{3}$/.exec(id);
    if (!m) fail(row.where, `malformed action id ${id}`);
    if (actions.has(id)) fail(row.where, `duplicate action id ${id}`);
    const fn = FUNCTIONS[/** @type {keyof typeof FUNCTIONS} */ (m[1])];
    if (row.cell('function') !== fn)
      fail(row.where, `${id}: function ${row.cell('function')}, expected ${fn}`);
    const subcategory = row.cell('subcategory');
    if (subcategory !== `${fn.toUpperCase()} ${m[2] ?? ''}`)
      fail(row.where, `${id}: subcategory ${subcategory} does not match the id`);
    const labels = row
      .cell('gai_risks')
      .split('|')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .flatMap((s) => RISK_ALIASES[s] ?? [s]);
    pendingRisks.push([row, labels]);
    actions.set(id, {
      function: fn,
      subcategory,
      gaiRisks: [...new Set(labels)],
      summary: row.cell('short_title'),
    });
  }
  const headings = new Set(risks.values());
  for (const [row, labels] of pendingRisks) {
    for (const l of labels) {
      if (!headings.has(l) && !NON_HEADING_RISKS.includes(l)) fail(row.where, `unknown GAI risk ${l}`);
    }
  }
  if (risks.size !== 12) fail(tsv.name, `expected the 12 GAI risks of section 2, found ${risks.size}`);
  if (actions.size !== nActions)
    fail(tsv.name, `header says ${nActions} actions, file lists ${actions.size}`);

  const text = fileText(
    [tsv],
    [
      `export const NIST_AI_600_1_VERSION = ${str(version)};`,
      `export const NIST_AI_600_1_PUBLISHED = ${str(published)};`,
      '',
      "export type NistAiRmfFunction = 'Govern' | 'Map' | 'Measure' | 'Manage';",
      '',
      'export interface NistAi600Action {',
      '  readonly function: NistAiRmfFunction;',
      '  /** The AI RMF subcategory, e.g. "MEASURE 2.7". */',
      '  readonly subcategory: string;',
      '  /** GAI risks the action addresses (names of section 2, normalised from variant spellings). */',
      '  readonly gaiRisks: readonly string[];',
      '  /** The first words of the suggested action: a reminder, not an official title. */',
      '  readonly summary: string;',
      '}',
      '',
      '/** The 12 GAI risks, keyed by their section number in NIST AI 600-1. */',
      `export const NIST_AI_600_1_GAI_RISKS: Readonly<Record<string, string>> = ${record(risks)};`,
      '',
      '/** Suggested actions, keyed by action id (`GV-1.1-001`, `MS-2.7-001` ...). */',
      `export const NIST_AI_600_1_ACTIONS: Readonly<Record<string, NistAi600Action>> = ${record(actions)};`,
    ],
  );
  return { file: 'nist-ai-600-1.ts', text };
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const outDir = path.resolve(process.argv[2] ?? CATALOG_DIR);
  const files = [atlas(), owasp(), aicmControls(), nist()];
  mkdirSync(outDir, { recursive: true });
  for (const { file, text } of files) {
    // Format as if the file lived in src/catalog, so the project's Prettier configuration applies.
    const filepath = path.join(CATALOG_DIR, file);
    const options = await prettier.resolveConfig(filepath, { editorconfig: true });
    const formatted = await prettier.format(text, { ...options, filepath });
    writeFileSync(path.join(outDir, file), formatted);
  }
  process.stdout.write(
    `wrote ${files.map((f) => f.file).join(', ')} to ${path.relative(process.cwd(), outDir) || '.'}\n`,
  );
}

main().catch((/** @type {unknown} */ error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    error instanceof InputError ? `gen-catalog: ${REFERENCE_DIR}/${message}\n` : `gen-catalog: ${message}\n`,
  );
  if (!(error instanceof InputError) && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});

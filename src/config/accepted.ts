import type { AcceptedRisk } from '../model/index.js';
import { ValueProblem, list, mapping, own, shown, text, type Path } from './problem.js';
import { readYamlDocument, yamlProblemError } from './yaml.js';

/** Where a scan looks for accepted risks when `--accepted` is not given. */
export const DEFAULT_ACCEPTED_FILE = '.threatgraph/accepted.yaml';

const TOP_KEYS = ['version', 'accepted'];
const ENTRY_KEYS = ['fingerprint', 'rule', 'asset', 'justification', 'owner', 'ticket', 'expires'];
const FINGERPRINT = /^[0-9a-f]{32}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads an accepted-risks file:
 *
 *   version: 1
 *   accepted:
 *     - rule: TG-INF-002              # or fingerprint: <32 hex characters from a report>
 *       asset: module.api.*           # asset ids; * any run of characters, ? one character
 *       justification: Internal pilot behind the VPN until the usage plan ships
 *       owner: platform-team
 *       ticket: SEC-1234
 *       expires: 2027-03-31
 *
 * Errors name the file, the line and the field.
 */
export function parseAcceptedRisks(file: string, source: string): AcceptedRisk[] {
  const doc = readYamlDocument(file, source, {
    empty: 'is empty; list accepted risks under `accepted:` (see the README)',
    several: 'holds more than one YAML document; keep every accepted risk in one list under `accepted:`',
  });
  try {
    const top = mapping(doc.value, [], TOP_KEYS, 'the accepted-risks file');
    const version = own(top, 'version');
    if (version !== undefined && version !== 1)
      throw new ValueProblem(['version'], `is ${shown(version)}; this threatgraph reads version 1`);
    const entries = list(own(top, 'accepted') ?? [], ['accepted'], 'list the accepted risks under it');
    return entries.map((entry, i) => parseEntry(entry, ['accepted', i], file, doc.lineOf(['accepted', i])));
  } catch (error) {
    if (error instanceof ValueProblem) throw yamlProblemError(file, doc, error);
    throw error;
  }
}

function parseEntry(value: unknown, path: Path, file: string, line: number): AcceptedRisk {
  const entry = mapping(value, path, ENTRY_KEYS, 'an accepted risk');
  const optional = (key: string): string | undefined => {
    const v = own(entry, key);
    return v === undefined || v === null
      ? undefined
      : text(v, [...path, key], `write the ${key}`, { singleLine: true });
  };
  const fingerprint = optional('fingerprint');
  if (fingerprint !== undefined && !FINGERPRINT.test(fingerprint))
    throw new ValueProblem(
      [...path, 'fingerprint'],
      'is not a threat fingerprint; copy the 32 hexadecimal characters of `fingerprint` from a JSON or SARIF report',
    );
  const rule = optional('rule');
  const asset = optional('asset');
  if (fingerprint === undefined && (rule === undefined || asset === undefined))
    throw new ValueProblem(path, 'names no threat; give a fingerprint, or a rule and an asset pattern');
  const justification = own(entry, 'justification');
  if (justification === undefined || justification === null)
    throw new ValueProblem(path, 'has no justification; say why the risk is accepted', [...path]);
  const expires = expiry(own(entry, 'expires'), [...path, 'expires']);
  return {
    source: `${file}:${String(line)}`,
    file,
    line,
    ...(fingerprint === undefined ? {} : { fingerprint }),
    ...(rule === undefined ? {} : { rule }),
    ...(asset === undefined ? {} : { asset }),
    justification: text(justification, [...path, 'justification'], 'say why the risk is accepted'),
    ...optionalField('owner', optional('owner')),
    ...optionalField('ticket', optional('ticket')),
    ...(expires === undefined ? {} : { expires }),
  };
}

function optionalField<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** YYYY-MM-DD, a real day. YAML may hand a date over as text or (with a timestamp tag) as a Date. */
function expiry(value: unknown, path: Path): string | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  const m = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
  const day = m === null ? undefined : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || day === undefined || day.toISOString().slice(0, 10) !== m[0])
    throw new ValueProblem(path, 'is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31');
  return m[0];
}

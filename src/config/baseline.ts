import { InputError, SEVERITIES, type BaselineThreat, type Severity } from '../model/index.js';
import { isRecord } from './problem.js';

const CONFIDENCES = ['confirmed', 'possible'] as const;
const TODO = 'pass a report written by `threatgraph scan --format json`';

/** The threats of an earlier JSON report (`--baseline`): what a new scan is compared with. */
export function parseBaseline(file: string, source: string): BaselineThreat[] {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    throw new InputError(file, `is not valid JSON; ${TODO}`);
  }
  if (!isRecord(doc) || !isRecord(doc['tool']) || doc['tool']['name'] !== 'threatgraph')
    throw new InputError(file, `is not a threatgraph JSON report; ${TODO}`);
  const version = doc['schemaVersion'];
  if (typeof version !== 'string' || !version.startsWith('1.'))
    throw new InputError(
      file,
      `has report schema version ${JSON.stringify(version)}; this threatgraph compares with version 1.x reports`,
    );
  const threats = doc['threats'];
  if (!Array.isArray(threats)) throw new InputError(file, `has no threats list; ${TODO}`);
  return threats.map((t: unknown, i) => {
    const bad = (what: string): InputError => new InputError(file, `threats[${String(i)}] ${what}; ${TODO}`);
    if (!isRecord(t)) throw bad('is not an object');
    const str = (key: string): string => {
      const v = t[key];
      if (typeof v !== 'string') throw bad(`has no ${key}`);
      return v;
    };
    const severity = str('severity');
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw bad(`has severity "${severity}"`);
    const confidence = str('confidence');
    if (!(CONFIDENCES as readonly string[]).includes(confidence)) throw bad(`has confidence "${confidence}"`);
    const assets = t['assets'];
    if (!Array.isArray(assets) || !assets.every((a) => typeof a === 'string'))
      throw bad('has no assets list');
    return {
      fingerprint: str('fingerprint'),
      ruleId: str('ruleId'),
      title: str('title'),
      message: str('message'),
      severity: severity as Severity,
      confidence: confidence as BaselineThreat['confidence'],
      assets: assets,
    };
  });
}

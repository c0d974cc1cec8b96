import { existsSync } from 'node:fs';
import { ValueProblem, mapping, own, shown, type Path } from '../config/problem.js';
import { readConfigText, readYamlDocument, yamlProblemError } from '../config/yaml.js';
import { InputError, type Severity } from '../model/index.js';

/** Where threatgraph looks for its settings when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = '.threatgraph/config.yaml';

/** Severities that have a remediation deadline; info has none unless the config sets one. */
export type SlaSeverity = Exclude<Severity, 'info'>;

export interface ReviewConfig {
  /** Days between reviews of the threat model. */
  readonly cadenceDays: number;
  /** Days a threat of each severity may stay open before the review flags it. */
  readonly slaDays: Readonly<Record<SlaSeverity, number>> & { readonly info?: number };
}

export const DEFAULT_REVIEW_CONFIG: ReviewConfig = {
  cadenceDays: 90,
  slaDays: { critical: 7, high: 30, medium: 90, low: 180 },
};

const MAX_DAYS = 3650;
const TOP_KEYS = ['version', 'review'];
const REVIEW_KEYS = ['cadenceDays', 'sla'];
const SLA_KEYS = ['critical', 'high', 'medium', 'low', 'info'];

/** A whole number of days, 1 to 3650; `what` says what the number is for. */
function dayCount(value: unknown, path: Path, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_DAYS)
    throw new ValueProblem(
      path,
      `is ${shown(value)}, not a whole number of days from 1 to ${MAX_DAYS}; ${what}`,
    );
  return value;
}

/**
 * Reads the config file:
 *
 *   version: 1
 *   review:
 *     cadenceDays: 90        # review the threat model at least this often
 *     sla:                   # days a threat may stay open, per severity
 *       critical: 7
 *       high: 30
 *       medium: 90
 *       low: 180
 *
 * Every key is optional; errors name the file, the line and the field.
 */
export function parseReviewConfig(file: string, source: string): ReviewConfig {
  const doc = readYamlDocument(file, source, {
    empty: 'is empty; write `review:` with cadenceDays or sla under it (see the README), or remove the file',
    several: 'holds more than one YAML document; keep the settings in one',
  });
  try {
    const top = mapping(doc.value, [], TOP_KEYS, 'the config file');
    const version = own(top, 'version');
    if (version !== undefined && version !== 1)
      throw new ValueProblem(['version'], `is ${shown(version)}; this threatgraph reads version 1`);
    const review = own(top, 'review');
    if (review === undefined || review === null) return DEFAULT_REVIEW_CONFIG;
    const r = mapping(review, ['review'], REVIEW_KEYS, 'review');
    const cadence = own(r, 'cadenceDays');
    const sla = own(r, 'sla');
    const s =
      sla === undefined || sla === null ? {} : mapping(sla, ['review', 'sla'], SLA_KEYS, 'review.sla');
    const slaDays: Record<string, number> = { ...DEFAULT_REVIEW_CONFIG.slaDays };
    for (const key of SLA_KEYS) {
      const v = own(s, key);
      if (v !== undefined)
        slaDays[key] = dayCount(v, ['review', 'sla', key], `write how long a ${key} threat may stay open`);
    }
    return {
      cadenceDays:
        cadence === undefined
          ? DEFAULT_REVIEW_CONFIG.cadenceDays
          : dayCount(cadence, ['review', 'cadenceDays'], 'write how often the threat model is reviewed'),
      slaDays: slaDays as ReviewConfig['slaDays'],
    };
  } catch (error) {
    if (error instanceof ValueProblem) throw yamlProblemError(file, doc, error);
    throw error;
  }
}

/** `--cadence 90` (or `90d`). */
export function parseCadence(text: string): number {
  const m = /^(\d{1,4})d?$/.exec(text.trim());
  const n = m === null ? NaN : Number(m[1]);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS)
    throw new InputError(
      '--cadence',
      `"${text}" is not a number of days from 1 to ${MAX_DAYS}; write e.g. --cadence 90`,
    );
  return n;
}

/** The review settings: `--config` (which must exist), else .threatgraph/config.yaml when there is one; `--cadence` wins. */
export function loadReviewConfig(file: string | undefined, cadence: number | undefined): ReviewConfig {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const config =
    path === undefined
      ? DEFAULT_REVIEW_CONFIG
      : parseReviewConfig(path, readConfigText(path, 'check the --config path'));
  return cadence === undefined ? config : { ...config, cadenceDays: cadence };
}

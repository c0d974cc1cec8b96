import type { Finding, GraphView, Rule } from '../model/index.js';

/** A rule's findings, or why it could not be evaluated. All or nothing: a rule that fails reports no threats. */
export type RuleOutcome = { readonly findings: readonly Finding[] } | { readonly error: string };

const MAX_REASON = 300;

/** One line describing what was thrown, whatever it is (an Error, a string, undefined, an object). */
export function describeThrown(thrown: unknown): string {
  let text: string;
  try {
    if (thrown instanceof Error) {
      const message = typeof thrown.message === 'string' ? thrown.message : '';
      text = typeof thrown.name === 'string' && thrown.name !== '' ? `${thrown.name}: ${message}` : message;
    } else {
      text = typeof thrown === 'string' ? thrown : String(thrown);
    }
  } catch {
    text = 'an unprintable value';
  }
  const line = (text.split('\n')[0] ?? '').trim();
  const short = line.length > MAX_REASON ? `${line.slice(0, MAX_REASON)}…` : line;
  return short === '' ? 'no message' : short;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function what(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Checks that `value` is an object with string fields: `required` ones present, nothing outside `allowed`. */
function shapeProblem(
  value: unknown,
  where: string,
  required: readonly string[],
  optional: readonly string[],
): string | undefined {
  if (!isRecord(value)) return `${where} is ${what(value)}, not an object`;
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) return `${where} has an unknown key "${key}"`;
  }
  for (const key of required) {
    const problem = fieldProblem(value, where, key, optional.includes(key));
    if (problem !== undefined) return problem;
  }
  for (const key of optional) {
    const problem = fieldProblem(value, where, key, true);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function fieldProblem(
  value: Record<string, unknown>,
  where: string,
  key: string,
  optional: boolean,
): string | undefined {
  const v = Object.hasOwn(value, key) ? value[key] : undefined;
  if (v === undefined && optional) return undefined;
  if (key === 'source' || key === 'line') return undefined;
  if (v === undefined) return `${where}.${key} is missing`;
  if (typeof v !== 'string') return `${where}.${key} is ${what(v)}, not a string`;
  return undefined;
}

function listProblem(
  value: unknown,
  where: string,
  item: (v: unknown, at: string) => string | undefined,
): string | undefined {
  if (!Array.isArray(value)) return `${where} is ${what(value)}, not an array`;
  for (let i = 0; i < value.length; i++) {
    // Items are named only once one is wrong: checking it again under its name gives the same problem.
    if (item(value[i], '') !== undefined) return item(value[i], `${where}[${String(i)}]`);
  }
  return undefined;
}

function sourceProblem(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  const problem = shapeProblem(value, where, ['input', 'address'], ['file', 'region', 'line']);
  if (problem !== undefined) return problem;
  const line = (value as Record<string, unknown>)['line'];
  return line === undefined || Number.isInteger(line) ? undefined : `${where}.line is not a whole number`;
}

/**
 * What is wrong with a finding, as the engine and the report schema need it; undefined when it is well formed.
 * Rules written in TypeScript get this from the compiler; custom JavaScript rules get it here.
 */
export function findingProblem(finding: unknown, view: GraphView): string | undefined {
  if (!isRecord(finding)) return `is ${what(finding)}, not a finding object`;
  const allowed = ['assets', 'path', 'params', 'evidence', 'unknowns', 'controls'];
  for (const key of Object.keys(finding)) {
    if (!allowed.includes(key)) return `has an unknown key "${key}" (a finding has ${allowed.join(', ')})`;
  }
  const assets = finding['assets'];
  if (!Array.isArray(assets) || assets.length === 0) return 'has no assets (a non-empty array of asset ids)';
  for (const id of assets as unknown[]) {
    if (typeof id !== 'string') return `assets holds ${what(id)}, not an asset id`;
    if (view.asset(id) === undefined) return `names asset ${id}, which is not in the graph`;
  }
  const path = finding['path'];
  if (path !== undefined) {
    const problem = listProblem(path, 'path', (v, at) =>
      typeof v === 'string' ? undefined : `${at} is ${what(v)}, not an asset id`,
    );
    if (problem !== undefined) return problem;
  }
  const params = finding['params'];
  if (!isRecord(params)) return `params is ${what(params)}, not an object of strings`;
  for (const [key, v] of Object.entries(params)) {
    if (typeof v !== 'string') return `params.${key} is ${what(v)}, not a string`;
  }
  const evidence = listProblem(finding['evidence'], 'evidence', (v, at) => {
    const problem = shapeProblem(v, at, ['assetId', 'attribute'], ['value', 'note', 'source']);
    return problem ?? sourceProblem((v as Record<string, unknown>)['source'], `${at}.source`);
  });
  if (evidence !== undefined) return evidence;
  const unknowns = finding['unknowns'];
  if (unknowns !== undefined) {
    const problem = listProblem(unknowns, 'unknowns', (v, at) =>
      shapeProblem(v, at, ['assetId', 'fact', 'reason'], []),
    );
    if (problem !== undefined) return problem;
  }
  const controls = finding['controls'];
  if (controls !== undefined) {
    const problem = listProblem(controls, 'controls', (v, at) =>
      shapeProblem(v, at, ['control', 'assetId', 'evidence'], []),
    );
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Runs a rule's match and collects its findings, so that a rule that throws (when called or while its findings
 * are iterated), returns something that is not an iterable, or yields a malformed finding fails alone: the engine
 * reports it as not evaluated and runs the other rules.
 */
export function evaluateRule(rule: Rule, view: GraphView): RuleOutcome {
  let result: unknown;
  try {
    result = rule.match(view);
  } catch (thrown) {
    return { error: `match threw ${describeThrown(thrown)}` };
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function')
    return { error: 'match returned a Promise; a rule must return its findings synchronously' };
  if (
    result === null ||
    (typeof result !== 'object' && typeof result !== 'function') ||
    typeof (result as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function'
  )
    return { error: `match returned ${what(result)}, not an iterable of findings` };
  const findings: Finding[] = [];
  let index = 0;
  try {
    for (const finding of result as Iterable<unknown>) {
      index++;
      const problem = findingProblem(finding, view);
      if (problem !== undefined) return { error: `finding ${String(index)}: ${problem}` };
      findings.push(finding as Finding);
    }
  } catch (thrown) {
    return { error: `match threw ${describeThrown(thrown)} after ${String(index)} finding(s)` };
  }
  return { findings };
}

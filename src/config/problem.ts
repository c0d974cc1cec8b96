/** Where in a document (a custom rule, a config file) a value is: keys and list indexes from its root. */
export type Path = readonly (string | number)[];

/**
 * A problem with one value of a custom rule or a config file: `detail` says what is wrong and what to do. The
 * reader turns it into an InputError naming the file (and the line, for YAML) and the field.
 */
export class ValueProblem extends Error {
  override readonly name = 'ValueProblem';
  constructor(
    /** The field the problem is in, as the message names it. */
    readonly path: Path,
    readonly detail: string,
    /** Where to point in the file: the field, or a key that does not belong (named in `detail`). */
    readonly at: Path = path,
  ) {
    super(detail);
  }
}

/** `match.when[0].fact` */
export function pathText(path: Path): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${String(part)}]` : out === '' ? part : `.${part}`;
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key`; never an inherited one such as `constructor` or `__proto__`. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** How a wrong value is described: `"text"`, `a list`, `a mapping`, `3`. */
export function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return `a ${typeof value}`;
}

/** A mapping whose keys are all in `allowed`, else a problem naming the first unknown key. */
export function mapping(
  value: unknown,
  path: Path,
  allowed: readonly string[],
  what: string,
): Record<string, unknown> {
  if (!isRecord(value))
    throw new ValueProblem(path, `is ${shown(value)}, not a mapping; ${what} takes ${allowed.join(', ')}`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new ValueProblem(path, `unknown key "${key}"; ${what} takes ${allowed.join(', ')}`, [
        ...path,
        key,
      ]);
  }
  return value;
}

export function list(value: unknown, path: Path, todo: string): unknown[] {
  if (!Array.isArray(value)) throw new ValueProblem(path, `is ${shown(value)}, not a list; ${todo}`);
  return value as unknown[];
}

export function text(
  value: unknown,
  path: Path,
  todo: string,
  options: { singleLine?: boolean } = {},
): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValueProblem(path, `is ${shown(value)}, not a text; ${todo}`);
  const trimmed = value.trim();
  if (options.singleLine === true && trimmed.includes('\n'))
    throw new ValueProblem(path, `spans several lines; ${todo} on one line`);
  return trimmed;
}

/** A list of distinct values from `allowed` (compared exactly). */
export function choices<T extends string>(
  value: unknown,
  path: Path,
  allowed: readonly T[],
  what: string,
  options: { nonEmpty?: boolean } = {},
): T[] {
  const items = list(value, path, `write a list of ${what}: ${allowed.join(', ')}`);
  if (options.nonEmpty === true && items.length === 0)
    throw new ValueProblem(path, `is empty; list one or more of ${what}: ${allowed.join(', ')}`);
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item))
      throw new ValueProblem([...path, i], `${shown(item)} is not one of ${what}; use ${allowed.join(', ')}`);
    if (seen.has(item)) throw new ValueProblem([...path, i], `lists ${item} twice; remove the duplicate`);
    seen.add(item);
    return item as T;
  });
}

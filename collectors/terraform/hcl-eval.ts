import { afterApply } from './attributes.js';
import { parseTemplate, type Expr, type Step } from './hcl-expr.js';
import type { Json, JsonObject } from './types.js';

/**
 * Static evaluation of HCL expressions: what can be known before `terraform plan` (variables with defaults or
 * tfvars, locals, literal attributes of other resources, count and for_each keys, the common functions).
 * Anything else is an `Unknown` carrying the reason, which becomes an unknown fact: never a guessed value.
 */
export class Unknown {
  constructor(readonly reason: string) {}
}

export type Value = Json | Unknown;

/**
 * Marks an object standing for a resource: a key it lacks is an attribute the provider computes, known only
 * after apply (`aws_s3_bucket.b.arn`), not an error. The value is the address, for the reason.
 */
export const COMPUTED = Symbol('computed');

/** The first Unknown inside a value (lazily defined members of locals and resources may hold one). */
export function unknownIn(v: unknown, depth = 0): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return undefined;
  for (const item of Array.isArray(v) ? v : Object.values(v)) {
    const found = unknownIn(item, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What names mean where an expression is evaluated. */
export interface Scope {
  /**
   * The value of a root name (`var`, `local`, `count`, `each`, `module`, `data`, a resource type, a for
   * variable...), or undefined when the name is not defined here.
   */
  lookup(name: string): Value | undefined;
  /**
   * The text of a file named by `file()` or `templatefile()`, or an Unknown saying why it is not read. Absent:
   * those functions are unknown (the evaluator itself never touches the disk).
   */
  readFile?(path: string): string | Unknown;
}

/** The scope of constants (variable defaults, tfvars): no name is defined. */
export const CONSTANTS: Scope = { lookup: () => undefined };

/** An error inside evaluation (wrong type, missing key): `try` falls back from it, elsewhere it is unknown. */
class EvalError extends Error {}

const MAX_DEPTH = 64;
const MAX_ITEMS = 10_000;

export function evaluate(expr: Expr, scope: Scope): Value {
  try {
    return evalIn(expr, scope, 0);
  } catch (error) {
    if (error instanceof EvalError) return new Unknown(`cannot be evaluated: ${error.message}`);
    if (error instanceof RangeError) return new Unknown('cannot be evaluated: nested too deeply');
    throw error;
  }
}

/** The source-level references of an expression (`aws_s3_bucket.b`, `var.x`, `module.m.out`), as plans list them. */
export function referencesOf(expr: Expr): string[] {
  const out = new Set<string>();
  const bound = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'variable':
        if (!bound.has(e.name)) out.add(e.name);
        return;
      case 'traverse': {
        if (e.target.k === 'variable' && !bound.has(e.target.name)) {
          const names = [e.target.name];
          for (const s of e.steps) {
            if (s.k === 'attr') names.push(s.name);
            else if (s.k === 'index' && s.key.k === 'literal' && typeof s.key.value !== 'boolean')
              names.push(`[${JSON.stringify(s.key.value)}]`);
            else break;
          }
          // Every prefix of a traversal is a reference, as in plan JSON: `aws_s3_bucket.b.arn`, `aws_s3_bucket.b`.
          for (let n = names.length; n >= 2; n--) out.add(joinRef(names.slice(0, n)));
        } else visit(e.target);
        for (const s of e.steps) if (s.k === 'index') visit(s.key);
        return;
      }
      case 'template':
        for (const p of e.parts) if (typeof p !== 'string') visit(p);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'tuple':
        e.items.forEach(visit);
        return;
      case 'object':
        for (const [k, v] of e.entries) {
          visit(k);
          visit(v);
        }
        return;
      case 'unary':
        visit(e.operand);
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'conditional':
        visit(e.test);
        visit(e.then);
        visit(e.else);
        return;
      case 'for': {
        visit(e.collection);
        const added = [e.key, e.value].filter((n): n is string => n !== undefined && !bound.has(n));
        for (const n of added) bound.add(n);
        if (e.keyExpr !== undefined) visit(e.keyExpr);
        visit(e.valueExpr);
        if (e.condition !== undefined) visit(e.condition);
        for (const n of added) bound.delete(n);
        return;
      }
      case 'literal':
      case 'opaque':
        return;
    }
  };
  visit(expr);
  return [...out].filter((r) => !/^(true|false|null)$/.test(r));
}

function joinRef(names: readonly string[]): string {
  return names.reduce((acc, n) => (n.startsWith('[') ? `${acc}${n}` : acc === '' ? n : `${acc}.${n}`), '');
}

function evalIn(e: Expr, scope: Scope, depth: number): Value {
  if (depth > MAX_DEPTH) throw new RangeError('too deep');
  const sub = (x: Expr): Value => evalIn(x, scope, depth + 1);
  switch (e.k) {
    case 'literal':
      return e.value;
    case 'opaque':
      return new Unknown(`expression not evaluated: ${truncate(e.text)}`);
    case 'variable': {
      const value = scope.lookup(e.name);
      if (value === undefined) return new Unknown(`${e.name} is not known statically`);
      return value;
    }
    case 'traverse':
      return traverse(sub(e.target), e.steps, sub, describe(e));
    case 'template': {
      let out = '';
      for (const p of e.parts) {
        if (typeof p === 'string') {
          out += p;
          continue;
        }
        const v = sub(p);
        if (v instanceof Unknown) return v;
        out += toText(v);
      }
      return out;
    }
    case 'tuple': {
      const items: Json[] = [];
      for (const item of e.items) {
        const v = sub(item);
        if (v instanceof Unknown) return v;
        items.push(v);
      }
      return items;
    }
    case 'object': {
      const out: JsonObject = {};
      for (const [k, x] of e.entries) {
        const key = sub(k);
        if (key instanceof Unknown) return key;
        const value = sub(x);
        if (value instanceof Unknown) return value;
        define(out, toText(key), value);
      }
      return out;
    }
    case 'unary': {
      const v = sub(e.operand);
      if (v instanceof Unknown) return v;
      if (e.op === '!') return !asBool(v);
      return -asNumber(v);
    }
    case 'binary':
      return binary(e.op, sub(e.left), () => sub(e.right));
    case 'conditional': {
      const test = sub(e.test);
      if (!(test instanceof Unknown)) return asBool(test) ? sub(e.then) : sub(e.else);
      const a = sub(e.then);
      const b = sub(e.else);
      // Both branches the same known value: the test does not matter.
      return !(a instanceof Unknown) && !(b instanceof Unknown) && JSON.stringify(a) === JSON.stringify(b)
        ? a
        : test;
    }
    case 'for':
      return forExpr(e, scope, depth);
    case 'call':
      return call(e.name, e.args, e.expand, sub, scope, depth);
  }
}

function traverse(target: Value, steps: readonly Step[], sub: (x: Expr) => Value, what: string): Value {
  let node: Value = target;
  for (let i = 0; i < steps.length; i++) {
    if (node instanceof Unknown) return node;
    const step = steps[i] as Step;
    if (step.k === 'splat') {
      if (node === null) return [];
      const items = Array.isArray(node) ? node : [node];
      const rest = steps.slice(i + 1);
      const out: Json[] = [];
      for (const item of items) {
        const v = traverse(item, rest, sub, what);
        if (v instanceof Unknown) return v;
        out.push(v);
      }
      return out;
    }
    const key = step.k === 'attr' ? step.name : sub(step.key);
    if (key instanceof Unknown) return key;
    if (node === null) throw new EvalError(`${what}: attempt to index null`);
    if (Array.isArray(node)) {
      const index = typeof key === 'number' ? key : Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length)
        throw new EvalError(`${what}: index ${JSON.stringify(key)} out of range`);
      node = node[index] as Json;
    } else if (typeof node === 'object') {
      const name = toText(key);
      if (!Object.hasOwn(node, name)) {
        const computed = (node as { [COMPUTED]?: string })[COMPUTED];
        if (computed !== undefined) return new Unknown(afterApply(`${computed}.${name}`));
        throw new EvalError(`${what}: no key ${JSON.stringify(name)}`);
      }
      node = node[name] as Json;
    } else throw new EvalError(`${what}: cannot index a ${typeof node}`);
  }
  return node;
}

function binary(op: string, left: Value, right: () => Value): Value {
  if (op === '&&' || op === '||') {
    // Short-circuit on a known deciding left side, even when the right is unknown.
    if (!(left instanceof Unknown) && asBool(left) === (op === '||')) return op === '||';
    const r = right();
    if (left instanceof Unknown)
      return !(r instanceof Unknown) && asBool(r) === (op === '||') ? op === '||' : left;
    return r instanceof Unknown ? r : asBool(r);
  }
  const r = right();
  if (left instanceof Unknown) return left;
  if (r instanceof Unknown) return r;
  switch (op) {
    case '==':
      return JSON.stringify(left) === JSON.stringify(r);
    case '!=':
      return JSON.stringify(left) !== JSON.stringify(r);
    case '<':
      return asNumber(left) < asNumber(r);
    case '<=':
      return asNumber(left) <= asNumber(r);
    case '>':
      return asNumber(left) > asNumber(r);
    case '>=':
      return asNumber(left) >= asNumber(r);
    case '+':
      return asNumber(left) + asNumber(r);
    case '-':
      return asNumber(left) - asNumber(r);
    case '*':
      return asNumber(left) * asNumber(r);
    case '/':
      return asNumber(left) / asNumber(r);
    case '%':
      return asNumber(left) % asNumber(r);
    default:
      throw new EvalError(`unknown operator ${op}`);
  }
}

function forExpr(e: Extract<Expr, { k: 'for' }>, scope: Scope, depth: number): Value {
  const collection = evalIn(e.collection, scope, depth + 1);
  if (collection instanceof Unknown) return collection;
  if (collection === null || typeof collection !== 'object')
    throw new EvalError('for expression over a value that is not a collection');
  const pairs: [Json, Json][] = Array.isArray(collection)
    ? collection.map((item, i) => [i, item])
    : Object.keys(collection)
        .sort()
        .map((k) => [k, collection[k] as Json]);
  if (pairs.length > MAX_ITEMS)
    return new Unknown(`for expression over more than ${String(MAX_ITEMS)} items`);
  const objectOut: Record<string, Json | Json[]> = {};
  const listOut: Json[] = [];
  for (const [k, item] of pairs) {
    const inner: Scope = {
      ...scope,
      lookup: (name) =>
        name === e.value ? item : e.key !== undefined && name === e.key ? k : scope.lookup(name),
    };
    if (e.condition !== undefined) {
      const keep = evalIn(e.condition, inner, depth + 1);
      if (keep instanceof Unknown) return keep;
      if (!asBool(keep)) continue;
    }
    const value = evalIn(e.valueExpr, inner, depth + 1);
    if (value instanceof Unknown) return value;
    if (e.keyExpr === undefined) {
      listOut.push(value);
      continue;
    }
    const key = evalIn(e.keyExpr, inner, depth + 1);
    if (key instanceof Unknown) return key;
    const name = toText(key);
    if (e.group) {
      const group = Object.hasOwn(objectOut, name) ? objectOut[name] : undefined;
      define(objectOut, name, Array.isArray(group) ? [...group, value] : [value]);
    } else {
      if (Object.hasOwn(objectOut, name))
        throw new EvalError(`duplicate key ${JSON.stringify(name)} in for expression`);
      define(objectOut, name, value);
    }
  }
  return e.keyExpr === undefined ? listOut : objectOut;
}

type Fn = (args: readonly Value[]) => Value;

function call(
  name: string,
  argExprs: readonly Expr[],
  expand: boolean,
  sub: (x: Expr) => Value,
  scope: Scope,
  depth: number,
): Value {
  if (name === 'try' || name === 'can') {
    for (const a of argExprs) {
      try {
        const v = sub(a);
        if (name === 'can') return v instanceof Unknown ? v : true;
        return v;
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
      }
    }
    if (name === 'can') return false;
    throw new EvalError('no argument of try could be evaluated');
  }
  let args = argExprs.map(sub);
  if (expand) {
    const last = args.at(-1);
    if (last instanceof Unknown) return last;
    if (!Array.isArray(last)) throw new EvalError(`${name}(...): expanded argument is not a list`);
    args = [...args.slice(0, -1), ...last];
  }
  if ((name === 'file' || name === 'templatefile') && scope.readFile !== undefined)
    return fileFunction(name, args, scope.readFile.bind(scope), depth);
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (fn === undefined) return new Unknown(`function ${name} is not evaluated statically`);
  // Most functions need every argument whole; coalesce and lookup decide on what they have.
  if (name !== 'coalesce' && name !== 'lookup') {
    for (const a of args) {
      const unknownArg = unknownIn(a);
      if (unknownArg !== undefined) return unknownArg;
    }
  }
  return fn(args);
}

/**
 * `file(path)` gives the text; `templatefile(path, vars)` renders it as a template in which only `vars` (and the
 * functions) are defined, as Terraform does.
 */
function fileFunction(
  name: 'file' | 'templatefile',
  args: readonly Value[],
  readFile: (path: string) => string | Unknown,
  depth: number,
): Value {
  const [path, vars] = args;
  if (path instanceof Unknown) return path;
  const text = readFile(toText(path ?? null));
  if (text instanceof Unknown || name === 'file') return text;
  if (vars instanceof Unknown) return vars;
  const names = asObject(vars ?? {});
  const inner: Scope = {
    lookup: (n) => (Object.hasOwn(names, n) ? names[n] : undefined),
    readFile,
  };
  return evalIn(parseTemplate(text), inner, depth + 1);
}

const known = (args: readonly Value[]): Json[] => args.filter((a): a is Json => !(a instanceof Unknown));

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  merge: (args) => {
    const out: JsonObject = {};
    for (const a of known(args)) {
      if (a === null) continue;
      for (const [k, v] of Object.entries(asObject(a))) define(out, k, v);
    }
    return out;
  },
  concat: (args) => known(args).flatMap((a) => asList(a)),
  flatten: (args) => flattenDeep(asList(known(args)[0] ?? [])),
  lookup: (args) => {
    const [map, key, fallback] = args;
    if (map instanceof Unknown) return map;
    if (key instanceof Unknown) return key;
    const object = asObject(map ?? null);
    const name = toText(key ?? null);
    if (Object.hasOwn(object, name)) return object[name] as Json;
    if (fallback === undefined) throw new EvalError(`lookup: no key ${JSON.stringify(name)}`);
    return fallback;
  },
  coalesce: (args) => {
    for (const a of args) {
      if (a instanceof Unknown) return a;
      if (a !== null && a !== '') return a;
    }
    throw new EvalError('coalesce: no non-null argument');
  },
  format: (args) => {
    const [spec, ...rest] = known(args);
    let i = 0;
    return toText(spec ?? '').replace(/%%|%[-+ #0-9.]*[sdvqtfe]/g, (m) => {
      if (m === '%%') return '%';
      const v = rest[i++] ?? null;
      return m.endsWith('q')
        ? JSON.stringify(toText(v))
        : m.endsWith('d')
          ? String(Math.trunc(asNumber(v)))
          : toText(v);
    });
  },
  jsonencode: (args) => JSON.stringify(known(args)[0] ?? null),
  base64encode: (args) => Buffer.from(toText(known(args)[0] ?? ''), 'utf8').toString('base64'),
  base64decode: (args) => Buffer.from(toText(known(args)[0] ?? ''), 'base64').toString('utf8'),
  jsondecode: (args) => {
    try {
      return JSON.parse(toText(known(args)[0] ?? '')) as Json;
    } catch {
      throw new EvalError('jsondecode: not valid JSON');
    }
  },
  tomap: (args) => asObject(known(args)[0] ?? null),
  tolist: (args) => asList(known(args)[0] ?? null),
  toset: (args) =>
    [...new Set(asList(known(args)[0] ?? null).map((v) => JSON.stringify(v)))]
      .sort()
      .map((s) => JSON.parse(s) as Json),
  tostring: (args) => toText(known(args)[0] ?? null),
  tonumber: (args) => asNumber(known(args)[0] ?? null),
  tobool: (args) => asBool(known(args)[0] ?? null),
  length: (args) => {
    const v = known(args)[0] ?? null;
    // Terraform counts characters as people see them (grapheme clusters).
    if (typeof v === 'string') return [...new Intl.Segmenter().segment(v)].length;
    return Array.isArray(v) ? v.length : Object.keys(asObject(v)).length;
  },
  keys: (args) => Object.keys(asObject(known(args)[0] ?? null)).sort(),
  values: (args) => {
    const o = asObject(known(args)[0] ?? null);
    return Object.keys(o)
      .sort()
      .map((k) => o[k] as Json);
  },
  contains: (args) => {
    const [list, item] = known(args);
    return asList(list ?? null).some((v) => JSON.stringify(v) === JSON.stringify(item));
  },
  element: (args) => {
    const [list, index] = known(args);
    const items = asList(list ?? null);
    if (items.length === 0) throw new EvalError('element: empty list');
    return items[Math.trunc(asNumber(index ?? 0)) % items.length] as Json;
  },
  join: (args) => {
    const [sep, ...lists] = known(args);
    return lists
      .flatMap((l) => asList(l))
      .map(toText)
      .join(toText(sep ?? ''));
  },
  split: (args) => {
    const [sep, text] = known(args);
    return toText(text ?? '').split(toText(sep ?? ''));
  },
  lower: (args) => toText(known(args)[0] ?? '').toLowerCase(),
  upper: (args) => toText(known(args)[0] ?? '').toUpperCase(),
  trimspace: (args) => toText(known(args)[0] ?? '').trim(),
  replace: (args) => {
    const [text, search, replacement] = known(args).map((a) => toText(a));
    const s = search ?? '';
    if (s.length > 2 && s.startsWith('/') && s.endsWith('/'))
      return (text ?? '').replace(new RegExp(s.slice(1, -1), 'g'), replacement ?? '');
    return (text ?? '').split(s).join(replacement ?? '');
  },
  startswith: (args) => toText(known(args)[0] ?? '').startsWith(toText(known(args)[1] ?? '')),
  endswith: (args) => toText(known(args)[0] ?? '').endsWith(toText(known(args)[1] ?? '')),
  compact: (args) => asList(known(args)[0] ?? null).filter((v) => v !== null && v !== ''),
  distinct: (args) => {
    const seen = new Set<string>();
    return asList(known(args)[0] ?? null).filter((v) => {
      const k = JSON.stringify(v);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
  zipmap: (args) => {
    const [ks, vs] = known(args).map((a) => asList(a));
    const out: JsonObject = {};
    (ks ?? []).forEach((k, i) => {
      define(out, toText(k), (vs ?? [])[i] ?? null);
    });
    return out;
  },
  /** Every combination, one element from each list, the first list varying slowest (as Terraform orders lists). */
  setproduct: (args) => {
    if (args.length < 2) throw new EvalError('setproduct needs at least two collections');
    return known(args)
      .map(asList)
      .reduce<Json[][]>((acc, list) => acc.flatMap((combo) => list.map((v) => [...combo, v])), [[]]);
  },
  min: (args) => Math.min(...known(args).map(asNumber)),
  max: (args) => Math.max(...known(args).map(asNumber)),
  abs: (args) => Math.abs(asNumber(known(args)[0] ?? 0)),
};

function flattenDeep(items: readonly Json[]): Json[] {
  return items.flatMap((i) => (Array.isArray(i) ? flattenDeep(i) : [i]));
}

/** Sets a key without ever touching a prototype (`__proto__` stays a plain key). */
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toText(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) throw new EvalError('null where a string is needed');
  throw new EvalError('a collection where a string is needed');
}

function asNumber(v: Json): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) throw new EvalError(`${JSON.stringify(v)} is not a number`);
  return n;
}

function asBool(v: Json): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new EvalError(`${JSON.stringify(v)} is not a bool`);
}

function asList(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  throw new EvalError('not a list');
}

function asObject(v: Json): JsonObject {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
  throw new EvalError('not a map or object');
}

function describe(e: Expr): string {
  return truncate(referencesOf(e)[0] ?? 'expression');
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

import { byDefault, explicit, unknown, type Fact, type FactValue } from '../../src/model/index.js';
import type { Json, JsonObject, TfResource } from './types.js';

/**
 * Reading attributes of a Terraform resource. Paths are dot-separated with numeric list indexes
 * (`data_capture_config.0.enable_capture`); printed attribute names use brackets (`data_capture_config[0].enable_capture`).
 */

export const AFTER_APPLY = 'known only after apply';

function step(node: Json | undefined, key: string): Json | undefined {
  if (node === null || node === undefined || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    const i = Number(key);
    return Number.isInteger(i) ? node[i] : undefined;
  }
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** The keys of a path; most paths are one key, which needs no splitting. */
function keysOf(path: string): readonly string[] {
  return path.includes('.') ? path.split('.') : [path];
}

/** The value at `path`, or undefined when absent or null. */
export function valueAt(r: TfResource, path: string): Json | undefined {
  if (!path.includes('.')) return step(r.values, path) ?? undefined;
  let node: Json | undefined = r.values;
  for (const key of path.split('.')) {
    node = step(node, key);
    if (node === undefined || node === null) return undefined;
  }
  return node;
}

/** Whether a marker tree (after_unknown, after_sensitive) marks `path` or one of its ancestors with `true`. */
function marked(tree: Json, path: string): boolean {
  let node: Json | undefined = tree;
  if (node === true) return true;
  for (const key of keysOf(path)) {
    node = step(node, key);
    if (node === true) return true;
    if (node === undefined || node === null || typeof node !== 'object') return false;
  }
  return false;
}

/** True when any value at or under `path` is marked (e.g. some element of a list is unknown). */
function markedBelow(tree: Json, path: string): boolean {
  if (marked(tree, path)) return true;
  let node: Json | undefined = tree;
  for (const key of keysOf(path)) node = step(node, key);
  return containsTrue(node, 0);
}

/** Names of the top-level attributes a marker tree marks at or below (`*` when it marks the whole value). */
export function markedAttributes(tree: Json): string[] {
  if (tree === true) return ['*'];
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return [];
  let out: string[] | undefined;
  // Most resources mark nothing: no list is made for them.
  for (const key of Object.keys(tree)) if (containsTrue(tree[key], 0)) (out ??= []).push(key);
  return out === undefined ? [] : out.sort();
}

function containsTrue(node: Json | undefined, depth: number): boolean {
  if (node === true) return true;
  if (depth > 32 || node === null || node === undefined || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    for (const n of node) if (containsTrue(n, depth + 1)) return true;
    return false;
  }
  for (const key in node) if (Object.hasOwn(node, key) && containsTrue(node[key], depth + 1)) return true;
  return false;
}

export function isUnknownAt(r: TfResource, path: string): boolean {
  return marked(r.unknown, path);
}

/** Why the value at `path` is unknown: the reason recorded for it or an enclosing attribute, else after apply. */
export function unknownReason(r: TfResource, path: string): string {
  if (r.reasons === undefined) return AFTER_APPLY;
  const keys = keysOf(path);
  for (let n = keys.length; n > 0; n--) {
    const at = keys.slice(0, n).join('.');
    if (Object.hasOwn(r.reasons, at)) return r.reasons[at] as string;
  }
  return AFTER_APPLY;
}

/**
 * True when the value at `path` is unknown only because it is computed at apply (in a plan, always; from
 * source, when that is the reason recorded): set to something, just not known yet. A value left unknown by an
 * expression that could not be evaluated (an unknown condition choosing between a reference and null) may as
 * well be absent.
 */
export function isSetUntilApply(r: TfResource, path: string): boolean {
  return isUnknownAt(r, path) && isAfterApply(unknownReason(r, path));
}

/** Why a source expression is unknown when it reads an attribute computed at apply. */
export function afterApply(reference: string): string {
  return `${reference} is ${AFTER_APPLY}`;
}

/** A reason `afterApply` wrote: the configuration reads a computed attribute, so a value will be there. */
function isReferenceAfterApply(reason: string): boolean {
  return reason.endsWith(` is ${AFTER_APPLY}`);
}

function isAfterApply(reason: string): boolean {
  return reason === AFTER_APPLY || isReferenceAfterApply(reason);
}

/** True when the value, or part of it, is known only after apply. */
export function hasUnknownBelow(r: TfResource, path: string): boolean {
  return markedBelow(r.unknown, path);
}

export function isSensitiveAt(r: TfResource, path: string): boolean {
  return marked(r.sensitive, path);
}

/** True when the value, or part of it, is sensitive. */
export function hasSensitiveBelow(r: TfResource, path: string): boolean {
  return markedBelow(r.sensitive, path);
}

export function attributeName(path: string): string {
  if (!path.includes('.')) return path;
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

export function str(r: TfResource, path: string): string | undefined {
  const v = valueAt(r, path);
  return typeof v === 'string' ? v : undefined;
}

export function bool(r: TfResource, path: string): boolean | undefined {
  const v = valueAt(r, path);
  return typeof v === 'boolean' ? v : undefined;
}

export function num(r: TfResource, path: string): number | undefined {
  const v = valueAt(r, path);
  return typeof v === 'number' ? v : undefined;
}

/** List at path, or [] when absent. */
export function list(r: TfResource, path: string): Json[] {
  const v = valueAt(r, path);
  return Array.isArray(v) ? v : [];
}

export function strings(r: TfResource, path: string): string[] {
  return list(r, path).filter((v): v is string => typeof v === 'string');
}

export function object(r: TfResource, path: string): JsonObject | undefined {
  const v = valueAt(r, path);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Whether a nested block (list of objects) has at least one element. */
export function hasBlock(r: TfResource, path: string): boolean {
  return list(r, path).length > 0;
}

/**
 * A fact from an attribute: unknown when Terraform marks it known only after apply, the provider default when
 * absent, else the value converted by `convert` (return undefined for values it cannot interpret: unknown).
 */
export function factFrom<T extends FactValue>(
  r: TfResource,
  path: string,
  dflt: T | undefined,
  convert: (value: Json) => T | undefined,
): Fact<T> {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) return unknown(attribute, unknownReason(r, path));
  const v = valueAt(r, path);
  if (v === undefined) {
    return dflt === undefined
      ? unknown(attribute, 'not set and the provider has no documented default')
      : byDefault(dflt, attribute);
  }
  const converted = convert(v);
  if (converted === undefined)
    return unknown(attribute, `unexpected value ${JSON.stringify(v).slice(0, 60)}`);
  return explicit(converted, attribute);
}

/** Boolean attribute (`true`/`false`, or the strings "true"/"false"); `dflt` is the attribute's own default. */
export function boolFact(
  r: TfResource,
  path: string,
  dflt: boolean | undefined,
  invert = false,
): Fact<boolean> {
  const flip = (b: boolean): boolean => (invert ? !b : b);
  return factFrom<boolean>(r, path, dflt === undefined ? undefined : flip(dflt), (v) => {
    const b = typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    return b === undefined ? undefined : flip(b);
  });
}

/** Boolean fact from a string attribute: true when the value is one of `truthy` (case-insensitive). */
export function enumFact(
  r: TfResource,
  path: string,
  truthy: readonly string[],
  dfltValue: string | undefined,
): Fact<boolean> {
  const set = new Set(truthy.map((t) => t.toLowerCase()));
  return factFrom<boolean>(
    r,
    path,
    dfltValue === undefined ? undefined : set.has(dfltValue.toLowerCase()),
    (v) => (typeof v === 'string' ? set.has(v.toLowerCase()) : undefined),
  );
}

/** True when a (non-empty) value is set at `path`, false when absent; unknown when known only after apply. */
export function presenceFact(r: TfResource, path: string): Fact<boolean> {
  const attribute = attributeName(path);
  if (isUnknownAt(r, path)) {
    const reason = unknownReason(r, path);
    // From source, a value computed at apply from a reference the configuration wrote (`subnet_id =
    // aws_subnet.a.id`) is set. A plan cannot tell that from a provider-computed default, so it stays unknown.
    if (r.reasons !== undefined && isReferenceAfterApply(reason)) return explicit(true, attribute);
    return unknown(attribute, reason);
  }
  const v = valueAt(r, path);
  const present = v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  return present ? explicit(true, attribute) : byDefault(false, attribute);
}

export function stringFact(r: TfResource, path: string, dflt: string | undefined): Fact<string> {
  return factFrom<string>(r, path, dflt, (v) => (typeof v === 'string' ? v : undefined));
}

const TAG_KEYS = ['tags_all', 'tags', 'labels', 'effective_labels'] as const;
/** What a resource without tags gets: one shared, frozen, prototype-free record. */
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze(
  Object.create(null) as Record<string, string>,
);

/** Tags (aws `tags`/`tags_all`, azurerm `tags`, google `labels`) as a plain record; unknown maps give {}. */
export function tagsOf(r: TfResource): Readonly<Record<string, string>> {
  let out: Record<string, string> | undefined;
  for (const key of TAG_KEYS) {
    const t = object(r, key);
    if (!t) continue;
    for (const k of Object.keys(t)) {
      const v = t[k];
      if (typeof v !== 'string') continue;
      out ??= Object.create(null) as Record<string, string>;
      if (!(k in out)) out[k] = v;
    }
  }
  return out ?? NO_TAGS;
}

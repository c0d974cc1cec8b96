import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticPlan } from '../../bench/synthetic-plan.js';

/** The requested size counts managed resource instances: exactly that many `resource_changes`. */
const RESOURCES = 300;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

function isObject(value: Json | undefined): value is JsonObject {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectAt(value: Json | undefined, ...keys: string[]): JsonObject {
  let cursor = value;
  for (const key of keys) cursor = isObject(cursor) ? cursor[key] : undefined;
  if (!isObject(cursor)) throw new Error(`no object at ${keys.join('.')}`);
  return cursor;
}

function arrayAt(value: Json | undefined, key: string): Json[] {
  const found = isObject(value) ? value[key] : undefined;
  return Array.isArray(found) ? found : [];
}

function stringAt(value: Json | undefined, key: string): string {
  const found = isObject(value) ? value[key] : undefined;
  if (typeof found !== 'string') throw new Error(`no string at ${key}`);
  return found;
}

/** Every resource address in a planned_values / prior_state module and its child modules. */
function moduleAddresses(module: Json | undefined, into = new Set<string>()): Set<string> {
  for (const resource of arrayAt(module, 'resources')) into.add(stringAt(resource, 'address'));
  for (const child of arrayAt(module, 'child_modules')) moduleAddresses(child, into);
  return into;
}

/** Every `references` array in an expression tree, skipping constant values. */
function collectReferences(value: Json | undefined, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (isObject(value) && !('constant_value' in value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'references' && Array.isArray(item)) {
        for (const ref of item) if (typeof ref === 'string') into.push(ref);
      } else {
        collectReferences(item, into);
      }
    }
  }
  return into;
}

/**
 * Checks every reference of a configuration module: resources of the same module, its variables, the
 * outputs of the modules it calls, and count/each. Returns the references that point at nothing.
 */
function unresolvedReferences(module: JsonObject, where: string, scope?: JsonObject): string[] {
  const resources = new Set(arrayAt(module, 'resources').map((resource) => stringAt(resource, 'address')));
  const variables = new Set(Object.keys(isObject(module.variables) ? module.variables : {}));
  const calls = isObject(module.module_calls) ? module.module_calls : {};
  const resolves = (ref: string): boolean => {
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.([A-Za-z0-9_-]+))?/.exec(ref);
    if (match === null) return false;
    const [, head = '', name = '', attr] = match;
    if (head === 'count') return name === 'index';
    if (head === 'each') return name === 'key' || name === 'value';
    if (head === 'var') return variables.has(name);
    if (head === 'module') {
      const call = calls[name];
      if (!isObject(call)) return false;
      if (attr === undefined) return true;
      const outputs = objectAt(call, 'module');
      return isObject(outputs.outputs) && attr in outputs.outputs;
    }
    return resources.has(`${head}.${name}`);
  };
  const bad: string[] = [];
  const check = (refs: string[], context: string): void => {
    for (const ref of refs) if (!resolves(ref)) bad.push(`${where}${context}: ${ref}`);
  };
  for (const resource of arrayAt(module, 'resources'))
    check(collectReferences(resource), stringAt(resource, 'address'));
  if (isObject(module.outputs)) check(collectReferences(module.outputs), ' outputs');
  if (scope !== undefined) check(collectReferences(scope), ' provider_config');
  for (const [name, call] of Object.entries(calls)) {
    check(collectReferences(objectAt(call, 'expressions')), ` module.${name} inputs`);
    bad.push(...unresolvedReferences(objectAt(call, 'module'), `${where}module.${name}.`));
  }
  return bad;
}

function parse(file: string): JsonObject {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  if (!isObject(parsed)) throw new Error('plan is not an object');
  return parsed;
}

describe('writeSyntheticPlan', () => {
  let dir = '';
  let file = '';
  let plan: JsonObject = {};

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threatgraph-synthetic-'));
    file = path.join(dir, 'plan.json');
    writeSyntheticPlan(file, RESOURCES, 7);
    plan = parse(file);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has the top-level structure of terraform show -json 1.2', () => {
    expect(plan.format_version).toBe('1.2');
    expect(typeof plan.terraform_version).toBe('string');
    expect(isObject(plan.planned_values)).toBe(true);
    expect(isObject(objectAt(plan, 'prior_state', 'values', 'root_module'))).toBe(true);
    expect(isObject(objectAt(plan, 'configuration', 'root_module', 'module_calls'))).toBe(true);
    expect(Object.keys(objectAt(plan, 'configuration', 'provider_config')).sort()).toEqual([
      'aws',
      'azurerm',
      'google',
    ]);
  });

  it('has exactly the requested number of managed resource instances', () => {
    const changes = arrayAt(plan, 'resource_changes');
    expect(changes).toHaveLength(RESOURCES);
    expect(changes.every((change) => stringAt(change, 'mode') === 'managed')).toBe(true);
    expect(new Set(changes.map((change) => stringAt(change, 'address'))).size).toBe(RESOURCES);
  });

  it('puts every changed resource in planned_values, in root or child modules', () => {
    const planned = moduleAddresses(objectAt(plan, 'planned_values', 'root_module'));
    const changes = arrayAt(plan, 'resource_changes');
    const missing = changes
      .map((change) => stringAt(change, 'address'))
      .filter((address) => !planned.has(address));
    expect(missing).toEqual([]);
    expect(planned.size).toBe(RESOURCES);
    const childModules = arrayAt(objectAt(plan, 'planned_values', 'root_module'), 'child_modules');
    expect(childModules.length).toBeGreaterThan(3);
    for (const child of childModules) {
      const address = stringAt(child, 'address');
      for (const resource of arrayAt(child, 'resources')) {
        expect(stringAt(resource, 'address').startsWith(`${address}.`)).toBe(true);
      }
    }
  });

  it('spans the three clouds, with module addresses, instance keys and unknown values', () => {
    const changes = arrayAt(plan, 'resource_changes');
    const types = new Set(changes.map((change) => stringAt(change, 'type')));
    for (const type of ['aws_sagemaker_endpoint', 'azurerm_cognitive_account', 'google_vertex_ai_endpoint']) {
      expect(types).toContain(type);
    }
    expect(changes.some((change) => isObject(change) && typeof change.index === 'string')).toBe(true);
    expect(changes.some((change) => isObject(change) && typeof change.index === 'number')).toBe(true);
    const created = changes.filter(
      (change) => JSON.stringify(objectAt(change, 'change').actions) === '["create"]',
    );
    expect(created.length).toBeGreaterThan(0);
    for (const change of created) {
      const body = objectAt(change, 'change');
      expect(body.before).toBeNull();
      expect(isObject(body.after_unknown)).toBe(true);
    }
    expect(created.some((change) => objectAt(change, 'change', 'after_unknown').arn === true)).toBe(true);
    expect(
      created.some((change) => {
        const body = objectAt(change, 'change');
        return Object.entries(objectAt(body, 'after_unknown')).some(
          ([key, unknown]) =>
            unknown === true && key in objectAt(body, 'after') && objectAt(body, 'after')[key] === null,
        );
      }),
    ).toBe(true);
  });

  it('lists the instances that already exist in prior_state', () => {
    const prior = moduleAddresses(objectAt(plan, 'prior_state', 'values', 'root_module'));
    const existing = arrayAt(plan, 'resource_changes')
      .filter((change) => !JSON.stringify(objectAt(change, 'change').actions).includes('"create"]'))
      .map((change) => stringAt(change, 'address'));
    expect(existing.length).toBeGreaterThan(0);
    expect(existing.filter((address) => !prior.has(address))).toEqual([]);
  });

  it('has configuration references that all point at a resource, variable or module output that exists', () => {
    const configuration = objectAt(plan, 'configuration');
    const root = objectAt(configuration, 'root_module');
    expect(unresolvedReferences(root, '', objectAt(configuration, 'provider_config'))).toEqual([]);
    expect(collectReferences(root).length).toBeGreaterThan(RESOURCES);
  });

  it('keeps references valid when the last system is cut short', () => {
    for (const size of [1, 7, 19, 33, 61]) {
      const small = path.join(dir, `small-${String(size)}.json`);
      writeSyntheticPlan(small, size, 11);
      const parsed = parse(small);
      expect(arrayAt(parsed, 'resource_changes')).toHaveLength(size);
      const configuration = objectAt(parsed, 'configuration');
      expect(unresolvedReferences(objectAt(configuration, 'root_module'), '')).toEqual([]);
    }
  });

  it('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    const again = path.join(dir, 'again.json');
    const other = path.join(dir, 'other.json');
    writeSyntheticPlan(again, RESOURCES, 7);
    writeSyntheticPlan(other, RESOURCES, 8);
    const bytes = fs.readFileSync(file);
    expect(fs.readFileSync(again).equals(bytes)).toBe(true);
    expect(fs.readFileSync(other).equals(bytes)).toBe(false);
  });
});

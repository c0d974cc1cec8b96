import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { LARGE_INPUT_BYTES, collectGarbage } from '../../src/memory.js';
import { InputError, type ChangeAction, type InputInfo } from '../../src/model/index.js';
import { modulePathOf, stripInstanceKeys } from './address.js';
import { MAX_INPUT_BYTES, decodeText, parseJson } from './decode.js';
import { buildReferenceIndex } from './references.js';
import type { Json, JsonObject, ReferenceIndex, TfResource } from './types.js';

export interface DeletedResource {
  readonly address: string;
  readonly type: string;
}

export interface PlanDocument {
  readonly info: InputInfo;
  readonly resources: readonly TfResource[];
  /** Resources the plan deletes: not part of the resulting system, listed in the coverage notes. */
  readonly deleted: readonly DeletedResource[];
  readonly references: ReferenceIndex;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const EMPTY: JsonObject = Object.freeze({});
const MAX_MODULE_DEPTH = 100;

/** Reads `terraform show -json` output (a plan, or a state) from a file. */
export function readPlanFile(file: string): PlanDocument {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new InputError(file, `cannot be read (${describeFsError(error)}); check the path`);
  }
  if (size > MAX_INPUT_BYTES) {
    throw new InputError(
      file,
      `is ${Math.round(size / 1048576)} MiB, over the 1024 MiB limit; split the plan by module`,
    );
  }
  // A large plan should be in memory about once at a time: the bytes die before the text is parsed (young, a
  // scavenge frees them), the text and the parsed document with interpret's frame. One full collection after
  // reading frees the text and the parts of the document no resource keeps; a second one right after parsing
  // would mark the whole document twice for the text alone.
  const plan = interpret(file);
  if (size >= LARGE_INPUT_BYTES) collectGarbage();
  return plan;
}

function interpret(file: string): PlanDocument {
  const { doc, sha256 } = parseFile(file);
  return readPlan(doc, file, sha256);
}

function parseFile(file: string): { doc: unknown; sha256: string } {
  const { text, sha256 } = readText(file);
  return { doc: parseJson(text, file), sha256 };
}

/** The file's text and digest; the bytes die with this frame, before the text is parsed. */
function readText(file: string): { text: string; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError(file, `cannot be read (${describeFsError(error)}); check the path`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { text: decodeText(bytes, file), sha256 };
}

function describeFsError(error: unknown): string {
  const code = isObj(error) && typeof error['code'] === 'string' ? error['code'] : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (error instanceof Error ? error.message : 'unknown error');
}

/** Interprets a parsed `terraform show -json` document. */
export function readPlan(doc: unknown, file: string, sha256: string): PlanDocument {
  if (!isObj(doc)) {
    throw new InputError(file, 'is not a JSON object; expected the output of `terraform show -json`');
  }
  const formatVersion = doc['format_version'];
  if (typeof formatVersion !== 'string') {
    throw new InputError(file, 'has no format_version; expected the output of `terraform show -json`');
  }
  const major = /^(\d+)\.\d+/.exec(formatVersion)?.[1];
  if (major !== '0' && major !== '1') {
    throw new InputError(
      file,
      `has format_version ${JSON.stringify(formatVersion).slice(0, 40)}, which this version of threatgraph cannot read (it reads 0.1 to 1.x); upgrade threatgraph`,
    );
  }
  const isPlan = 'planned_values' in doc || 'resource_changes' in doc;
  const changes = indexChanges(doc['resource_changes'], file);
  const resources: TfResource[] = [];
  const seen = new Set<string>();

  if (isPlan) {
    walkModule(
      field(doc, 'planned_values', file)?.['root_module'],
      'planned_values.root_module',
      file,
      (node, address) => {
        if (seen.has(address)) return;
        seen.add(address);
        resources.push(toResource(node, address, changes.get(address), file));
      },
    );
    // Data sources read during planning and unchanged resources missing from planned_values.
    const prior = field(doc, 'prior_state', file);
    const priorValues = prior === undefined ? undefined : field(prior, 'values', file);
    walkModule(priorValues?.['root_module'], 'prior_state.values.root_module', file, (node, address) => {
      if (seen.has(address)) return;
      const change = changes.get(address);
      if (change !== undefined && (node['mode'] !== 'data' || change.action === 'delete')) return;
      seen.add(address);
      resources.push(toResource(node, address, change, file));
    });
    // Resources only present as changes (deferred data reads, very old plans).
    for (const [address, change] of changes) {
      if (seen.has(address) || change.action === 'delete') continue;
      seen.add(address);
      resources.push(toResource(change.node, address, change, file));
    }
  } else {
    walkModule(field(doc, 'values', file)?.['root_module'], 'values.root_module', file, (node, address) => {
      if (seen.has(address)) return;
      seen.add(address);
      resources.push(toResource(node, address, undefined, file));
    });
  }

  const deleted: DeletedResource[] = [];
  for (const [address, change] of changes) {
    if (change.action === 'delete') deleted.push({ address, type: change.node['type'] as string });
  }
  sortByAddress(resources);
  sortByAddress(deleted);

  const terraformVersion =
    typeof doc['terraform_version'] === 'string' ? doc['terraform_version'] : undefined;
  const info: InputInfo = {
    path: file,
    sha256,
    format: isPlan ? 'terraform-plan' : 'terraform-state',
    formatVersion,
    ...(terraformVersion === undefined ? {} : { terraformVersion }),
    resources: resources.length,
  };
  return { info, resources, deleted, references: buildReferenceIndex(doc['configuration']) };
}

function field(node: Obj, key: string, file: string): Obj | undefined {
  const value = node[key];
  if (value === undefined || value === null) return undefined;
  if (!isObj(value))
    throw new InputError(
      file,
      `${key} is not an object; the file is not valid \`terraform show -json\` output`,
    );
  return value;
}

/** A resource change: the raw `resource_changes` entry (its head checked) and what it does. */
interface Change {
  readonly node: Obj;
  readonly action: ChangeAction;
  readonly change: Obj;
}

function indexChanges(raw: unknown, file: string): Map<string, Change> {
  const out = new Map<string, Change>();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw))
    throw new InputError(
      file,
      'resource_changes is not a list; the file is not valid `terraform show -json` output',
    );
  for (let i = 0; i < raw.length; i++) {
    const rc: unknown = raw[i];
    // The change's name is built only for an error: valid input makes no strings here.
    if (!hasHead(rc)) checkHead(rc, `resource_changes[${i}]`, file);
    const address = (rc as Obj)['address'] as string;
    const change = (rc as Obj)['change'];
    if (!isObj(change))
      throw new InputError(
        file,
        `resource_changes[${i}] has no change; the file is not valid \`terraform show -json\` output`,
      );
    out.set(address, { node: rc as Obj, action: toAction(change['actions']), change });
  }
  return out;
}

/**
 * Checks that a resource node has the fields every resource has and returns its address. The node's other
 * fields are read where the resource is built, so that valid input costs one object per resource.
 */
function checkHead(node: unknown, where: string, file: string): string {
  if (!hasHead(node)) throwBadHead(node, where, file);
  return node['address'] as string;
}

function hasHead(node: unknown): node is Obj {
  return (
    isObj(node) &&
    typeof node['address'] === 'string' &&
    typeof node['type'] === 'string' &&
    typeof node['name'] === 'string'
  );
}

function throwBadHead(node: unknown, where: string, file: string): never {
  if (!isObj(node))
    throw new InputError(
      file,
      `${where} is not an object; the file is not valid \`terraform show -json\` output`,
    );
  throw new InputError(
    file,
    `${where} lacks address, type or name; the file is not valid \`terraform show -json\` output`,
  );
}

type Visit = (node: Obj, address: string) => void;

function walkModule(root: unknown, where: string, file: string, visit: Visit): void {
  if (root === undefined || root === null) return;
  const stack: { node: unknown; where: string; depth: number }[] = [{ node: root, where, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === undefined) break;
    const { node, depth } = item;
    if (!isObj(node))
      throw new InputError(
        file,
        `${item.where} is not an object; the file is not valid \`terraform show -json\` output`,
      );
    if (depth > MAX_MODULE_DEPTH)
      throw new InputError(
        file,
        `${item.where} nests modules more than ${MAX_MODULE_DEPTH} deep; the file is not a real plan`,
      );
    const resources = node['resources'];
    if (Array.isArray(resources)) {
      for (let i = 0; i < resources.length; i++) {
        const r: unknown = resources[i];
        // The node's name is built only for an error: valid input makes no strings here.
        if (!hasHead(r)) checkHead(r, `${item.where}.resources[${i}]`, file);
        visit(r as Obj, (r as Obj)['address'] as string);
      }
    }
    const children = node['child_modules'];
    if (Array.isArray(children)) {
      children.forEach((child: unknown, i) => {
        stack.push({ node: child, where: `${item.where}.child_modules[${i}]`, depth: depth + 1 });
      });
    }
  }
}

/**
 * One resource from its node in planned_values, prior_state or resource_changes and its change, if any:
 * values from the node (`after` for a node that is a change), unknowns and sensitivity from the change.
 */
function toResource(node: Obj, address: string, change: Change | undefined, file: string): TfResource {
  const type = node['type'] as string;
  const name = node['name'] as string;
  const mode = node['mode'] === 'data' ? 'data' : 'managed';
  const index = node['index'];
  const provider = node['provider_name'];
  const isChange = change !== undefined && change.node === node;
  const raw = isChange ? change.change['after'] : node['values'];
  const afterSensitive = change === undefined ? undefined : change.change['after_sensitive'];
  const sensitive =
    afterSensitive !== undefined && afterSensitive !== null
      ? afterSensitive
      : isChange
        ? null
        : node['sensitive_values'];
  const unknown = change === undefined ? null : change.change['after_unknown'];
  return {
    address,
    configAddress: stripInstanceKeys(address),
    module: modulePathOf(address, type, name, mode),
    mode,
    type,
    name,
    ...(typeof index === 'string' || typeof index === 'number' ? { index } : {}),
    provider: typeof provider === 'string' ? provider : '',
    values: isObj(raw) ? (raw as JsonObject) : EMPTY,
    unknown: (unknown ?? null) as Json,
    sensitive: (sensitive ?? null) as Json,
    action: change?.action ?? (mode === 'data' ? 'read' : 'no-op'),
    input: file,
  };
}

function sortByAddress(list: { readonly address: string }[]): void {
  for (let i = 1; i < list.length; i++) {
    if ((list[i - 1] as { address: string }).address > (list[i] as { address: string }).address) {
      list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      return;
    }
  }
}

function toAction(raw: unknown): ChangeAction {
  const actions = Array.isArray(raw) ? raw : [];
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  return 'no-op';
}

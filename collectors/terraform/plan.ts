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
  // A large plan should be in memory about once at a time: the bytes and the text die with parseFile's frame,
  // the parsed document with interpretFile's, and each is collected before the next step grows the heap.
  const large = size >= LARGE_INPUT_BYTES;
  const plan = interpretFile(file, large);
  if (large) collectGarbage();
  return plan;
}

function interpretFile(file: string, large: boolean): PlanDocument {
  const { doc, sha256 } = parseFile(file);
  if (large) collectGarbage();
  return readPlan(doc, file, sha256);
}

function parseFile(file: string): { doc: unknown; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError(file, `cannot be read (${describeFsError(error)}); check the path`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { doc: parseJson(decodeText(bytes, file), file), sha256 };
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
  const add = (r: TfResource): void => {
    if (seen.has(r.address)) return;
    seen.add(r.address);
    resources.push(r);
  };

  if (isPlan) {
    walkModule(
      field(doc, 'planned_values', file)?.['root_module'],
      'planned_values.root_module',
      file,
      (rv) => {
        const change = changes.get(rv.address);
        add(toResource(rv, change, file));
      },
    );
    // Data sources read during planning and unchanged resources missing from planned_values.
    const prior = field(doc, 'prior_state', file);
    const priorValues = prior === undefined ? undefined : field(prior, 'values', file);
    walkModule(priorValues?.['root_module'], 'prior_state.values.root_module', file, (rv) => {
      const change = changes.get(rv.address);
      if (change?.actions.includes('delete') === true && !change.actions.includes('create')) return;
      if (rv.mode === 'data' || change === undefined) add(toResource(rv, change, file));
    });
    // Resources only present as changes (deferred data reads, very old plans).
    for (const change of changes.values()) {
      if (seen.has(change.address) || change.action === 'delete') continue;
      add(toResource(changeAsValues(change), change, file));
    }
  } else {
    walkModule(field(doc, 'values', file)?.['root_module'], 'values.root_module', file, (rv) => {
      add(toResource(rv, undefined, file));
    });
  }

  const deleted: DeletedResource[] = [];
  for (const change of changes.values()) {
    if (change.action === 'delete') deleted.push({ address: change.address, type: change.type });
  }
  resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  deleted.sort((a, b) => (a.address < b.address ? -1 : 1));

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

interface ResourceValues {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider: string;
  readonly values: JsonObject;
  readonly sensitive: Json;
}

interface Change {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider: string;
  readonly actions: readonly string[];
  readonly action: ChangeAction;
  readonly after: JsonObject | undefined;
  readonly afterUnknown: Json;
  readonly afterSensitive: Json;
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
    const where = (): string => `resource_changes[${i}]`;
    const head = resourceHead(rc, where, file);
    const change = isObj(rc) && isObj(rc['change']) ? rc['change'] : undefined;
    if (change === undefined)
      throw new InputError(
        file,
        `${where()} has no change; the file is not valid \`terraform show -json\` output`,
      );
    const actions = Array.isArray(change['actions'])
      ? change['actions'].filter((a): a is string => typeof a === 'string')
      : [];
    const after = isObj(change['after']) ? (change['after'] as JsonObject) : undefined;
    out.set(head.address, {
      ...head,
      actions,
      action: toAction(actions),
      after,
      afterUnknown: (change['after_unknown'] ?? null) as Json,
      afterSensitive: (change['after_sensitive'] ?? null) as Json,
    });
  }
  return out;
}

/** `where` names the node for errors; it is a function so that valid input costs no string building. */
function resourceHead(
  node: unknown,
  where: () => string,
  file: string,
): {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  provider: string;
} {
  if (!isObj(node))
    throw new InputError(
      file,
      `${where()} is not an object; the file is not valid \`terraform show -json\` output`,
    );
  const { address, type, name } = node;
  if (typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string') {
    throw new InputError(
      file,
      `${where()} lacks address, type or name; the file is not valid \`terraform show -json\` output`,
    );
  }
  const mode = node['mode'] === 'data' ? 'data' : 'managed';
  const index = node['index'];
  const provider = typeof node['provider_name'] === 'string' ? node['provider_name'] : '';
  return {
    address,
    mode,
    type,
    name,
    index: typeof index === 'string' || typeof index === 'number' ? index : undefined,
    provider,
  };
}

function walkModule(root: unknown, where: string, file: string, visit: (r: ResourceValues) => void): void {
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
      resources.forEach((r: unknown, i) => {
        const head = resourceHead(r, () => `${item.where}.resources[${i}]`, file);
        const values = isObj(r) && isObj(r['values']) ? (r['values'] as JsonObject) : EMPTY;
        const sensitive = isObj(r) ? ((r['sensitive_values'] ?? null) as Json) : null;
        visit({ ...head, values, sensitive });
      });
    }
    const children = node['child_modules'];
    if (Array.isArray(children)) {
      children.forEach((child: unknown, i) => {
        stack.push({ node: child, where: `${item.where}.child_modules[${i}]`, depth: depth + 1 });
      });
    }
  }
}

function changeAsValues(change: Change): ResourceValues {
  return { ...change, values: change.after ?? EMPTY, sensitive: change.afterSensitive };
}

function toResource(rv: ResourceValues, change: Change | undefined, file: string): TfResource {
  const sensitive =
    change !== undefined && change.afterSensitive !== null ? change.afterSensitive : rv.sensitive;
  return {
    address: rv.address,
    configAddress: stripInstanceKeys(rv.address),
    module: modulePathOf(rv.address, rv.type, rv.name, rv.mode),
    mode: rv.mode,
    type: rv.type,
    name: rv.name,
    ...(rv.index === undefined ? {} : { index: rv.index }),
    provider: rv.provider,
    values: rv.values,
    unknown: change?.afterUnknown ?? null,
    sensitive: sensitive ?? null,
    action: change?.action ?? (rv.mode === 'data' ? 'read' : 'no-op'),
    input: file,
  };
}

function toAction(actions: readonly string[]): ChangeAction {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  return 'no-op';
}

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { LARGE_INPUT_BYTES, collectGarbage } from '../../src/memory.js';
import { InputError, type InputInfo } from '../../src/model/index.js';
import { modulePathOf, stripInstanceKeys } from './address.js';
import { checkHead, hasHead, indexChanges, type Change } from './changes.js';
import { MAX_INPUT_BYTES, decodeText, describeFsError, parseJson } from './decode.js';
import { readSplit, type SplitOptions } from './plan-split.js';
import { buildReferenceIndex } from './references.js';
import { isObj, type Json, type JsonObject, type ReferenceIndex, type TfResource } from './types.js';

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
const EMPTY: JsonObject = Object.freeze({});
const MAX_MODULE_DEPTH = 100;

export interface ReadOptions extends SplitOptions {
  /** Files at least this large are read split (plan-split.ts); default LARGE_INPUT_BYTES. */
  readonly splitAbove?: number;
}

/** Reads `terraform show -json` output (a plan, or a state) from a file. */
export function readPlanFile(file: string, options: ReadOptions = {}): PlanDocument {
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
  // A large plan is read split (plan-split.ts): its changes are scanned, not built, on a second core. Either
  // way the bytes, the text and the parts of the document no resource keeps die with interpret's frame; one full
  // collection after reading frees them, so that the peak stays near one copy of the plan.
  const plan = interpret(file, size, options);
  if (size >= LARGE_INPUT_BYTES) collectGarbage();
  return plan;
}

function interpret(file: string, size: number, options: ReadOptions): PlanDocument {
  let bytes: Buffer | undefined;
  if (size >= (options.splitAbove ?? LARGE_INPUT_BYTES)) {
    const split = readSplit(file, size, options);
    if (split.kind === 'split') return readPlan(split.doc, file, split.sha256, split.indexed);
    bytes = split.bytes;
  }
  const { doc, sha256 } = parseFile(file, bytes);
  return readPlan(doc, file, sha256);
}

function parseFile(file: string, bytes: Buffer | undefined): { doc: unknown; sha256: string } {
  const { text, sha256 } = readText(file, bytes);
  return { doc: parseJson(text, file), sha256 };
}

/** The file's text and digest; the bytes die with this frame, before the text is parsed. */
function readText(file: string, read: Buffer | undefined): { text: string; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = read ?? readFileSync(file);
  } catch (error) {
    throw new InputError(file, `cannot be read (${describeFsError(error)}); check the path`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { text: decodeText(bytes, file), sha256 };
}

/**
 * Interprets a parsed `terraform show -json` document. `indexed` stands in for the document's
 * `resource_changes` when a large plan's changes were scanned rather than parsed (plan-split.ts).
 */
export function readPlan(
  doc: unknown,
  file: string,
  sha256: string,
  indexed?: (file: string) => Map<string, Change>,
): PlanDocument {
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
  const changes = indexed !== undefined ? indexed(file) : indexChanges(doc['resource_changes'], file);
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
        resources.push(toResource(node, address, changes.get(address), false, file));
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
      resources.push(toResource(node, address, change, false, file));
    });
    // Resources only present as changes (deferred data reads, very old plans).
    for (const [address, change] of changes) {
      if (seen.has(address) || change.action === 'delete') continue;
      seen.add(address);
      resources.push(toResource(change.entry(), address, change, true, file));
    }
  } else {
    walkModule(field(doc, 'values', file)?.['root_module'], 'values.root_module', file, (node, address) => {
      if (seen.has(address)) return;
      seen.add(address);
      resources.push(toResource(node, address, undefined, false, file));
    });
  }

  const deleted: DeletedResource[] = [];
  for (const [address, change] of changes) {
    if (change.action === 'delete') deleted.push({ address, type: change.type });
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
function toResource(
  node: Obj,
  address: string,
  change: Change | undefined,
  isChange: boolean,
  file: string,
): TfResource {
  const type = node['type'] as string;
  const name = node['name'] as string;
  const mode = node['mode'] === 'data' ? 'data' : 'managed';
  const index = node['index'];
  const provider = node['provider_name'];
  // An entry's change was checked to be an object when it was indexed.
  const raw = isChange ? (node['change'] as Obj)['after'] : node['values'];
  const afterSensitive = change?.sensitive;
  const sensitive =
    afterSensitive !== undefined && afterSensitive !== null
      ? afterSensitive
      : isChange
        ? null
        : node['sensitive_values'];
  const unknown = change === undefined ? null : change.unknown;
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

/** `resource_changes` entries of a plan: what each does and the markers a resource takes from it. */
import { InputError, type ChangeAction } from '../../src/model/index.js';
import { isObj } from './types.js';

type Obj = Record<string, unknown>;

/** A resource change, its head checked: what it does and the markers a resource takes from it. */
export interface Change {
  readonly type: string;
  readonly action: ChangeAction;
  /** The change's `after_unknown` and `after_sensitive`, as they are. */
  readonly unknown: unknown;
  readonly sensitive: unknown;
  /** The whole `resource_changes` entry, for a resource present only as a change. */
  entry(): Obj;
}

export function indexChanges(raw: unknown, file: string): Map<string, Change> {
  const out = new Map<string, Change>();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw))
    throw new InputError(
      file,
      'resource_changes is not a list; the file is not valid `terraform show -json` output',
    );
  for (let i = 0; i < raw.length; i++) {
    const rc: unknown = raw[i];
    const [address, change] = changeOf(rc, i, file);
    out.set(address, change);
  }
  return out;
}

/** The address and change of `resource_changes[i]`, checked as every entry is. */
export function changeOf(rc: unknown, i: number, file: string): [string, Change] {
  // The change's name is built only for an error: valid input makes no strings here.
  if (!hasHead(rc)) checkHead(rc, `resource_changes[${i}]`, file);
  const node = rc as Obj;
  const change = node['change'];
  if (!isObj(change))
    throw new InputError(
      file,
      `resource_changes[${i}] has no change; the file is not valid \`terraform show -json\` output`,
    );
  return [
    node['address'] as string,
    {
      type: node['type'] as string,
      action: toAction(change['actions']),
      unknown: change['after_unknown'],
      sensitive: change['after_sensitive'],
      entry: () => node,
    },
  ];
}

/**
 * Checks that a resource node has the fields every resource has and returns its address. The node's other
 * fields are read where the resource is built, so that valid input costs one object per resource.
 */
export function checkHead(node: unknown, where: string, file: string): string {
  if (!hasHead(node)) throwBadHead(node, where, file);
  return node['address'] as string;
}

export function hasHead(node: unknown): node is Obj {
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

export function toAction(raw: unknown): ChangeAction {
  const actions = Array.isArray(raw) ? raw : [];
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  return 'no-op';
}

import { flowId, type Asset, type Flow } from '../model/index.js';

/**
 * Resource sets keep a wildcard grant linear: one flow from the identity to the set instead of one per member.
 * Queries see through them: a flow into a set is, for each member, a flow into that member.
 */
export interface SetIndex {
  /** Ids of the sets an asset belongs to. */
  setsOf(id: string): readonly string[];
  /** Members of a set; empty for any other asset. */
  membersOf(id: string): readonly string[];
  isSet(id: string): boolean;
}

const NONE: readonly string[] = [];

export function indexSets(assets: Iterable<Asset>): SetIndex {
  const members = new Map<string, readonly string[]>();
  const sets = new Map<string, string[]>();
  for (const a of assets) {
    if (a.kind !== 'resource-set' || a.members === undefined) continue;
    members.set(a.id, a.members);
    for (const m of a.members) {
      const list = sets.get(m);
      if (list !== undefined) list.push(a.id);
      else sets.set(m, [a.id]);
    }
  }
  return {
    setsOf: (id) => sets.get(id) ?? NONE,
    membersOf: (id) => members.get(id) ?? NONE,
    isSet: (id) => members.has(id),
  };
}

/** The flow `f` into a set, seen as a flow into one of its members. */
export function throughSet(f: Flow, member: string): Flow {
  return { ...f, id: flowId(f.kind, f.from, member), to: member };
}

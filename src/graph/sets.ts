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

/**
 * Flows into an asset, including those into the sets it belongs to (which keep the set as `to`), never from the
 * asset itself. `parts` gives them as lists: the asset's own, then one per set, shared by every member that asks
 * for the same kinds (callers may memoize by a list); `of` gives them as one list.
 */
export interface InflowIndex {
  readonly parts: (id: string, kinds?: readonly Flow['kind'][]) => readonly (readonly Flow[])[];
  readonly of: (id: string, kinds?: readonly Flow['kind'][]) => readonly Flow[];
}

export function indexInflows(flows: Iterable<Flow>, sets: SetIndex): InflowIndex {
  const into = new Map<string, Flow[]>();
  for (const f of flows) {
    const list = into.get(f.to);
    if (list !== undefined) list.push(f);
    else into.set(f.to, [f]);
  }
  const wanted = (f: Flow, kinds: readonly Flow['kind'][] | undefined): boolean =>
    kinds === undefined || kinds.includes(f.kind);
  const shared = new Map<string, { flows: Flow[]; from: ReadonlySet<string> }>();
  const intoSet = (set: string, kinds: readonly Flow['kind'][] | undefined) => {
    const key = `${set}\u0000${kinds?.join(',') ?? '*'}`;
    let cached = shared.get(key);
    if (cached === undefined) {
      const list = (into.get(set) ?? []).filter((f) => wanted(f, kinds));
      shared.set(key, (cached = { flows: list, from: new Set(list.map((f) => f.from)) }));
    }
    return cached;
  };
  const parts: InflowIndex['parts'] = (id, kinds) => {
    if (sets.isSet(id)) return [];
    const out: (readonly Flow[])[] = [];
    const direct = into.get(id)?.filter((f) => wanted(f, kinds)) ?? [];
    if (direct.length > 0) out.push(direct);
    for (const s of sets.setsOf(id)) {
      const { flows: list, from } = intoSet(s, kinds);
      // A member granted access to its own set (a function allowed to invoke every function) is no source.
      const own = from.has(id) ? list.filter((f) => f.from !== id) : list;
      if (own.length > 0) out.push(own);
    }
    return out;
  };
  return {
    parts,
    of: (id, kinds) => joined(parts(id, kinds)),
  };
}

/** One list of several: the list itself when there is one (keeping it shared), else their concatenation. */
export function joined<T>(lists: readonly (readonly T[])[]): readonly T[] {
  if (lists.length === 1) return lists[0] as readonly T[];
  const out: T[] = [];
  for (const list of lists) for (const item of list) out.push(item);
  return out;
}

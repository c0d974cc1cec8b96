import { FLOW_FACT_MEANINGS, FLOW_KINDS, type FlowKind, type GraphView } from '../../src/model/index.js';

/** What a rule read through a recording view: facts of assets, facts of flows, flow kinds it asked for. */
export interface Reads {
  readonly facts: Set<string>;
  readonly flowFacts: Set<string>;
  readonly flows: Set<string>;
}

export const noReads = (): Reads => ({ facts: new Set(), flowFacts: new Set(), flows: new Set() });

const FLOW_FACTS: ReadonlySet<string> = new Set(Object.keys(FLOW_FACT_MEANINGS));
const isFlowKind = (x: unknown): x is FlowKind => (FLOW_KINDS as readonly unknown[]).includes(x);

/** Wraps a view so that reading a fact of an asset or a flow, or asking for flows of a kind, is recorded. */
export function recording(view: GraphView, reads: Reads): GraphView {
  // One proxy per object, so that identity comparisons and memoization in rules keep working.
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const cached = proxies.get(value);
    if (cached !== undefined) return cached;
    let proxy: object = value;
    if (Array.isArray(value)) {
      proxy = new Proxy(value, { get: (t, k, r) => wrap(Reflect.get(t, k, r)) });
    } else if ('facts' in value && 'kind' in value) {
      const facts = new Proxy(value.facts as object, {
        get: (t, k, r) => {
          if (typeof k === 'string') reads.facts.add(k);
          return Reflect.get(t, k, r) as unknown;
        },
      });
      proxy = new Proxy(value, {
        get: (t, k, r) => (k === 'facts' ? facts : (Reflect.get(t, k, r) as unknown)),
      });
    } else if ('from' in value && 'to' in value && 'kind' in value) {
      proxy = new Proxy(value, {
        get: (t, k, r) => {
          if (typeof k === 'string' && FLOW_FACTS.has(k)) reads.flowFacts.add(k);
          return Reflect.get(t, k, r) as unknown;
        },
      });
    }
    proxies.set(value, proxy);
    return proxy;
  };
  return new Proxy(view, {
    get: (t, k, r) => {
      const member: unknown = Reflect.get(t, k, r);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        for (const arg of args)
          for (const x of Array.isArray(arg) ? arg : [arg]) if (isFlowKind(x)) reads.flows.add(x);
        return wrap((member as (...a: unknown[]) => unknown).apply(t, args));
      };
    },
  });
}

import { planToInventory } from '../../../../collectors/terraform/index.js';
import { readPlan } from '../../../../collectors/terraform/plan.js';
import type { Json, JsonObject } from '../../../../collectors/terraform/types.js';
import type { Asset, Fact, Flow, Inventory } from '../../../../src/model/index.js';

/** One resource of a test plan: planned values, after_unknown markers and configuration references. */
export interface TestResource {
  /** Root-module address, e.g. `aws_s3_bucket.training` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly values: JsonObject;
  readonly unknown?: JsonObject;
  /** Attribute path (dots, as in the configuration) → referenced addresses. */
  readonly refs?: Readonly<Record<string, readonly string[]>>;
  readonly action?: 'create' | 'no-op' | 'read';
}

function head(address: string): { mode: 'managed' | 'data'; type: string; name: string } {
  const parts = address.split('.');
  if (parts[0] === 'data') return { mode: 'data', type: parts[1] ?? '', name: parts[2] ?? '' };
  return { mode: 'managed', type: parts[0] ?? '', name: parts[1] ?? '' };
}

/** `{ 'a.0.b': [...] }` → `{ a: [{ b: { references } }] }`, the shape of configuration expressions. */
function expressions(refs: Readonly<Record<string, readonly string[]>>): JsonObject {
  const root: JsonObject = {};
  for (const [path, targets] of Object.entries(refs)) {
    const keys = path.split('.');
    let node: Json = root;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(keys[i + 1] ?? '');
      const container = node as Record<string, Json> | Json[];
      const k = Array.isArray(container) ? Number(key) : key;
      const existing = (container as Record<string | number, Json | undefined>)[k];
      const value: Json = last ? { references: [...targets] } : (existing ?? (nextIsIndex ? [] : {}));
      (container as Record<string | number, Json>)[k] = value;
      node = value;
    });
  }
  return root;
}

/** A minimal `terraform show -json` plan document holding the given resources in the root module. */
export function planDocument(resources: readonly TestResource[]): JsonObject {
  const changes = resources.map((r) => {
    const h = head(r.address);
    const action = r.action ?? (h.mode === 'data' ? 'read' : 'create');
    return {
      address: r.address,
      ...h,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: [action],
        before: action === 'no-op' ? r.values : null,
        after: r.values,
        after_unknown: r.unknown ?? {},
        before_sensitive: false,
        after_sensitive: {},
      },
    };
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: resources.map((r) => ({
          address: r.address,
          ...head(r.address),
          provider_name: 'registry.terraform.io/hashicorp/aws',
          values: r.values,
          sensitive_values: {},
        })),
      },
    },
    resource_changes: changes,
    configuration: {
      root_module: {
        resources: resources.map((r) => ({
          address: r.address,
          ...head(r.address),
          provider_config_key: 'aws',
          expressions: expressions(r.refs ?? {}),
        })),
      },
    },
  };
}

export function inventoryOf(resources: readonly TestResource[]): Inventory {
  return planToInventory(readPlan(planDocument(resources), 'test-plan.json', '0'.repeat(64)));
}

export function asset(inv: Inventory, id: string): Asset {
  const a = inv.assets.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no asset ${id}; have ${inv.assets.map((x) => x.id).join(', ')}`);
  return a;
}

export function fact(inv: Inventory, id: string, name: keyof Asset['facts']): Fact | undefined {
  return asset(inv, id).facts[name];
}

export function flow(inv: Inventory, kind: Flow['kind'], from: string, to: string): Flow | undefined {
  return inv.flows.find((f) => f.kind === kind && f.from === from && f.to === to);
}

/** Fact state and value only, for compact assertions. */
export function sv(f: Fact | undefined): { state: string; value?: unknown } | undefined {
  if (f === undefined) return undefined;
  return f.state === 'unknown' ? { state: 'unknown' } : { state: f.state, value: f.value };
}

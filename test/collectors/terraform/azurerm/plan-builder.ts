import type { Asset, Fact, Flow, Inventory } from '../../../../src/model/index.js';
import { planToInventory } from '../../../../collectors/terraform/index.js';
import { readPlan } from '../../../../collectors/terraform/plan.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TestResource {
  /** Resource address, e.g. `azurerm_storage_account.a` or `module.m.azurerm_storage_account.a`. */
  readonly address: string;
  readonly values?: Record<string, Json>;
  /** after_unknown markers. */
  readonly unknown?: Record<string, Json>;
  readonly sensitive?: Record<string, Json>;
  /** Configuration expressions: attribute → references (a string is one reference) or nested blocks. */
  readonly refs?: Record<string, string | string[] | Record<string, string>[]>;
}

/** The references Terraform records for a traversal: `a.b.c` → [`a.b.c`, `a.b`]. */
function references(expr: string): string[] {
  const parts = expr.split('.');
  const out: string[] = [];
  for (let n = parts.length; n >= 2; n--) out.push(parts.slice(0, n).join('.'));
  return out;
}

function expressions(refs: TestResource['refs']): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(refs ?? {})) {
    if (typeof v === 'string') out[k] = { references: references(v) };
    else if (v.every((x) => typeof x === 'string')) out[k] = { references: v.flatMap(references) };
    else
      out[k] = v.map((block) =>
        Object.fromEntries(Object.entries(block).map(([bk, bv]) => [bk, { references: references(bv) }])),
      );
  }
  return out;
}

function split(address: string): { module: string; type: string; name: string } {
  const parts = address.split('.');
  const name = parts.at(-1) ?? '';
  const type = parts.at(-2) ?? '';
  return { module: parts.slice(0, -2).join('.'), type, name };
}

/** A minimal `terraform show -json` plan document creating the given resources (root module and child modules). */
export function planDocument(resources: readonly TestResource[]): Record<string, Json> {
  const root: Json[] = [];
  const children = new Map<string, Json[]>();
  const changes: Json[] = [];
  const rootConfig: Json[] = [];
  const moduleConfig = new Map<string, Json[]>();
  for (const r of resources) {
    const { module, type, name } = split(r.address);
    const head = {
      address: r.address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/azurerm',
    };
    const values = r.values ?? {};
    const pv = { ...head, schema_version: 0, values, sensitive_values: r.sensitive ?? {} };
    if (module === '') root.push(pv);
    else children.set(module, [...(children.get(module) ?? []), pv]);
    changes.push({
      ...head,
      change: {
        actions: ['create'],
        before: null,
        after: values,
        after_unknown: r.unknown ?? {},
        before_sensitive: false,
        after_sensitive: r.sensitive ?? {},
      },
    });
    const config = {
      address: `${type}.${name}`,
      mode: 'managed',
      type,
      name,
      expressions: expressions(r.refs),
    };
    if (module === '') rootConfig.push(config);
    else moduleConfig.set(module, [...(moduleConfig.get(module) ?? []), config]);
  }
  const moduleCalls: Record<string, Json> = {};
  for (const [module, rs] of moduleConfig)
    moduleCalls[module.replace(/^module\./, '')] = { source: './m', module: { resources: rs } };
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: root,
        child_modules: [...children].map(([address, rs]) => ({ address, resources: rs })),
      },
    },
    resource_changes: changes,
    configuration: { root_module: { resources: rootConfig, module_calls: moduleCalls } },
  };
}

export function inventoryOf(resources: readonly TestResource[]): Inventory {
  return planToInventory(readPlan(planDocument(resources), 'test-plan.json', '0'.repeat(64)));
}

export function assetOf(inv: Inventory, id: string): Asset {
  const a = inv.assets.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no asset ${id}; have ${inv.assets.map((x) => x.id).join(', ')}`);
  return a;
}

export function factOf(inv: Inventory, id: string, name: keyof Asset['facts']): Fact | undefined {
  return assetOf(inv, id).facts[name];
}

/** `state:value` of a fact, e.g. `explicit:true`, `default:false`, `unknown`. */
export function show(fact: Fact | undefined): string {
  if (fact === undefined) return 'absent';
  return fact.state === 'unknown' ? 'unknown' : `${fact.state}:${String(fact.value)}`;
}

export function flowOf(inv: Inventory, kind: Flow['kind'], from: string, to: string): Flow | undefined {
  return inv.flows.find((f) => f.kind === kind && f.from === from && f.to === to);
}

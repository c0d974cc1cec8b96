import type { Inventory, Asset, Flow } from '../../../../src/model/index.js';
import { planToInventory } from '../../../../collectors/terraform/index.js';
import { readPlan } from '../../../../collectors/terraform/plan.js';
import type { Json, JsonObject } from '../../../../collectors/terraform/types.js';

export interface TestResource {
  readonly type: string;
  readonly name: string;
  /** `module.x` for a resource of a child module. */
  readonly module?: string;
  readonly values?: JsonObject;
  /** `after_unknown` tree. */
  readonly unknown?: Json;
  readonly action?: 'create' | 'update' | 'no-op';
  /** Configuration expressions (`{ references: [...] }` / `{ constant_value: ... }` leaves). */
  readonly expressions?: JsonObject;
}

export interface TestModuleCall {
  readonly name: string;
  /** Input expressions of the call, evaluated in the root module. */
  readonly inputs: JsonObject;
}

/** `google_x.y.attr` → a reference expression as Terraform writes it. */
export function ref(...refs: string[]): JsonObject {
  return {
    references: refs.flatMap((r) => {
      const parts = r.split('.');
      return parts[0] === 'var' || parts.length < 3 ? [r] : [r, parts.slice(0, 2).join('.')];
    }),
  };
}

export function constant(value: Json): JsonObject {
  return { constant_value: value };
}

/** A minimal `terraform show -json` plan document holding the resources. */
export function planDocument(
  resources: readonly TestResource[],
  moduleCalls: readonly TestModuleCall[] = [],
): JsonObject {
  const addressOf = (r: TestResource): string =>
    `${r.module === undefined ? '' : `${r.module}.`}${r.type}.${r.name}`;
  const valuesOf = (r: TestResource): JsonObject => ({
    address: addressOf(r),
    mode: 'managed',
    type: r.type,
    name: r.name,
    provider_name: 'registry.terraform.io/hashicorp/google',
    schema_version: 0,
    values: r.values ?? {},
    sensitive_values: {},
  });
  const configOf = (r: TestResource): JsonObject => ({
    address: `${r.type}.${r.name}`,
    mode: 'managed',
    type: r.type,
    name: r.name,
    provider_config_key: 'google',
    expressions: r.expressions ?? {},
    schema_version: 0,
  });
  const root = resources.filter((r) => r.module === undefined);
  const children = moduleCalls.map((call) => ({
    call,
    resources: resources.filter((r) => r.module === `module.${call.name}`),
  }));
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: root.map(valuesOf),
        child_modules: children.map((c) => ({
          address: `module.${c.call.name}`,
          resources: c.resources.map(valuesOf),
        })),
      },
    },
    resource_changes: resources.map((r) => ({
      address: addressOf(r),
      ...(r.module === undefined ? {} : { module_address: r.module }),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: 'registry.terraform.io/hashicorp/google',
      change: {
        actions: [r.action ?? 'create'],
        before: null,
        after: r.values ?? {},
        after_unknown: r.unknown ?? {},
        before_sensitive: false,
        after_sensitive: {},
      },
    })),
    configuration: {
      root_module: {
        resources: root.map(configOf),
        module_calls: Object.fromEntries(
          children.map((c) => [
            c.call.name,
            {
              source: `./modules/${c.call.name}`,
              expressions: c.call.inputs,
              module: { resources: c.resources.map(configOf) },
            },
          ]),
        ),
      },
    },
  };
}

export function inventoryOf(
  resources: readonly TestResource[],
  moduleCalls: readonly TestModuleCall[] = [],
): Inventory {
  return planToInventory(readPlan(planDocument(resources, moduleCalls), 'test-plan.json', '0'.repeat(64)));
}

export function assetOf(inv: Inventory, id: string): Asset {
  const a = inv.assets.find((x) => x.id === id);
  if (a === undefined) throw new Error(`no asset ${id}; assets: ${inv.assets.map((x) => x.id).join(', ')}`);
  return a;
}

export function flowOf(inv: Inventory, kind: string, from: string, to: string): Flow | undefined {
  return inv.flows.find((f) => f.kind === kind && f.from === from && f.to === to);
}

/** `kind from -> to` of every flow, for compact assertions. */
export function flowLines(inv: Inventory): string[] {
  return inv.flows.map((f) => `${f.kind} ${f.from} -> ${f.to}`);
}

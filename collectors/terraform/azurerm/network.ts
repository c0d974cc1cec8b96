import { anyFact, byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { AFTER_APPLY, hasUnknownBelow, list } from '../attributes.js';
import type { MapperContext } from '../context.js';
import type { Json, JsonObject, TfResource } from '../types.js';
import { linkFirst } from './common.js';

const NSG = ['azurerm_network_security_group'] as const;
const SUBNET = ['azurerm_subnet'] as const;
const INTERNET_SOURCES = new Set(['*', 'internet', '0.0.0.0/0', 'any', '::/0']);
const PRIVATE_ENDPOINT_TARGETS = [
  'azurerm_cognitive_account',
  'azurerm_storage_account',
  'azurerm_machine_learning_workspace',
  'azurerm_ai_foundry',
  'azurerm_key_vault',
  'azurerm_search_service',
  'azurerm_container_registry',
  'azurerm_api_management',
  'azurerm_linux_function_app',
  'azurerm_linux_web_app',
] as const;

export function mapVirtualNetwork(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, { kind: 'network' });
}

export function mapSubnet(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, {
    kind: 'subnet',
    facts: { internetReachable: byDefault(false, 'azurerm_subnet_network_security_group_association') },
  });
  for (const l of ctx.linked(r, 'virtual_network_name', ['azurerm_virtual_network'], ['name'])) {
    ctx.flow(r.address, l.resource.address, 'network', ctx.evidence(r, 'virtual_network_name', l.via));
  }
}

/** Whether a rule (inline block or azurerm_network_security_rule values) allows inbound traffic from the internet. */
export function opensToInternet(rule: JsonObject): boolean {
  const lower = (v: Json | undefined): string => (typeof v === 'string' ? v.toLowerCase() : '');
  if (lower(rule['direction']) !== 'inbound' || lower(rule['access']) !== 'allow') return false;
  const sources = [
    rule['source_address_prefix'],
    ...(Array.isArray(rule['source_address_prefixes']) ? rule['source_address_prefixes'] : []),
  ];
  return sources.some((s) => INTERNET_SOURCES.has(lower(s)));
}

function ruleFact(values: Json, where: string, unknownBelow: boolean): Fact<boolean> {
  if (values !== null && typeof values === 'object' && !Array.isArray(values) && opensToInternet(values)) {
    return explicit(true, where);
  }
  return unknownBelow ? unknown(where, AFTER_APPLY) : explicit(false, where);
}

const RULE_FIELDS = ['direction', 'access', 'source_address_prefix', 'source_address_prefixes'];

function ruleUnknown(r: TfResource, prefix: string): boolean {
  return RULE_FIELDS.some((f) => hasUnknownBelow(r, `${prefix}${f}`));
}

function rulesOf(nsg: TfResource, ctx: MapperContext): TfResource[] {
  return ctx
    .resources('azurerm_network_security_rule')
    .filter((rule) => nsgOf(rule, ctx).some((n) => n.address === nsg.address));
}

function nsgOf(r: TfResource, ctx: MapperContext): TfResource[] {
  return (
    linkFirst(r, ctx, ['network_security_group_name', 'network_security_group_id'], NSG, ['name', 'id'])
      ?.targets ?? []
  );
}

/** An NSG is open when an inline or separate rule allows inbound traffic from the internet. */
export function nsgOpenFact(nsg: TfResource, ctx: MapperContext): Fact<boolean> {
  const inline = list(nsg, 'security_rule').map((rule, i) =>
    ruleFact(rule, `${nsg.address}.security_rule[${i}]`, ruleUnknown(nsg, `security_rule.${i}.`)),
  );
  const separate = rulesOf(nsg, ctx).map((rule) =>
    ruleFact(rule.values, rule.address, ruleUnknown(rule, '')),
  );
  return anyFact([...inline, ...separate], byDefault(false, `${nsg.address}.security_rule`));
}

export function mapNetworkSecurityGroup(r: TfResource, ctx: MapperContext): void {
  ctx.asset(r, { kind: 'firewall-rule', facts: { internetReachable: nsgOpenFact(r, ctx) } });
}

/** Separate rules are folded into their NSG's facts; an unlinked rule makes every NSG's openness unknown. */
export function mapNetworkSecurityRule(r: TfResource, ctx: MapperContext): void {
  if (nsgOf(r, ctx).length === 0)
    ctx.unresolved(r, 'network_security_group_name', NSG, ['internetReachable']);
}

export function mapSubnetNsgAssociation(r: TfResource, ctx: MapperContext): void {
  const subnets = ctx.linked(r, 'subnet_id', SUBNET, ['id']);
  const nsgs = nsgOf(r, ctx);
  if (subnets.length === 0 || nsgs.length === 0) {
    ctx.unresolved(r, subnets.length === 0 ? 'subnet_id' : 'network_security_group_id', SUBNET, [
      'internetReachable',
    ]);
    return;
  }
  const open = anyFact(
    nsgs.map((n) => nsgOpenFact(n, ctx)),
    byDefault(false, 'network_security_group_id'),
  );
  for (const s of subnets) {
    ctx.patch(s.resource.address, { internetReachable: open });
    for (const n of nsgs)
      ctx.flow(n.address, s.resource.address, 'network', ctx.evidence(r, 'network_security_group_id'));
  }
}

export function mapPrivateEndpoint(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, { kind: 'private-endpoint' });
  for (const l of ctx.linked(r, 'subnet_id', SUBNET, ['id'])) {
    ctx.flow(id, l.resource.address, 'network', ctx.evidence(r, 'subnet_id', l.via));
  }
  const path = 'private_service_connection.0.private_connection_resource_id';
  const targets = ctx.linked(r, path, PRIVATE_ENDPOINT_TARGETS, ['id']);
  if (targets.length === 0) {
    ctx.unresolved(r, path, PRIVATE_ENDPOINT_TARGETS, ['privateNetwork']);
    return;
  }
  for (const t of targets) {
    ctx.flow(id, t.resource.address, 'network', ctx.evidence(r, path, t.via));
    ctx.patch(t.resource.address, {
      privateNetwork: explicit(true, `${r.address}.private_service_connection[0]`),
    });
  }
}

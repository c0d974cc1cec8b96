import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { attributeName, boolFact, isUnknownAt, list, str, strings } from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { attachTargets, computedOnly } from './common.js';
import { foundationModelId } from './bedrock.js';

/**
 * VPC placement. A subnet is internetReachable when it launches instances with public IPs and its route table
 * sends 0.0.0.0/0 to an internet gateway; a security group when an ingress rule is open to 0.0.0.0/0 or ::/0.
 */

const OPEN = new Set(['0.0.0.0/0', '::/0']);
const SECURITY_GROUP = ['aws_security_group'] as const;

export const mapVpc: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'network' });
};

export const mapSubnet: MapFn = (r, ctx) => {
  const publicIp = boolFact(r, 'map_public_ip_on_launch', false);
  const route = internetRoute(ctx, r);
  let reachable: Fact<boolean> = publicIp;
  if (publicIp.state !== 'unknown' && publicIp.value) {
    reachable =
      route === undefined
        ? unknown('route_table', 'a route is known only after apply')
        : explicit(route, 'map_public_ip_on_launch,route_table');
  }
  const id = ctx.asset(r, { kind: 'subnet', facts: { internetReachable: reachable } });
  for (const v of ctx.linked(r, 'vpc_id', ['aws_vpc']))
    ctx.flow(id, v.resource.address, 'network', ctx.evidence(r, 'vpc_id', v.via));
};

/** Whether the subnet's route table routes 0.0.0.0/0 to an internet gateway; undefined when unknowable. */
function internetRoute(ctx: MapperContext, subnet: TfResource): boolean | undefined {
  const linkedTo = (r: TfResource, path: string, type: string): TfResource[] =>
    ctx.linked(r, path, [type]).map((l) => l.resource);
  const tables = ctx
    .referrers(subnet, 'aws_route_table_association', 'subnet', (a) => linkedTo(a, 'subnet_id', 'aws_subnet'))
    .flatMap((a) => linkedTo(a, 'route_table_id', 'aws_route_table'));
  let sawUnknown = false;
  for (const t of tables) {
    if (isUnknownAt(t, 'route')) sawUnknown = true;
    for (let i = 0; i < list(t, 'route').length; i++) {
      if (str(t, `route.${i}.cidr_block`) !== '0.0.0.0/0') continue;
      if (toIgw(ctx, t, `route.${i}.gateway_id`)) return true;
    }
    for (const rt of ctx.referrers(t, 'aws_route', 'route table', (x) =>
      linkedTo(x, 'route_table_id', 'aws_route_table'),
    )) {
      if (str(rt, 'destination_cidr_block') === '0.0.0.0/0' && toIgw(ctx, rt, 'gateway_id')) return true;
    }
  }
  return sawUnknown ? undefined : false;
}

function toIgw(ctx: MapperContext, r: TfResource, path: string): boolean {
  return ctx.linked(r, path, ['aws_internet_gateway']).length > 0 || (str(r, path) ?? '').startsWith('igw-');
}

/** Route tables, routes, associations and gateways are read by the subnets they route. */
export const routing: MapFn = () => undefined;

export const mapSecurityGroup: MapFn = (r, ctx) => {
  const id = ctx.asset(r, { kind: 'firewall-rule', facts: { internetReachable: openIngress(r) } });
  for (const v of ctx.linked(r, 'vpc_id', ['aws_vpc']))
    ctx.flow(id, v.resource.address, 'network', ctx.evidence(r, 'vpc_id', v.via));
};

function openIngress(r: TfResource): Fact<boolean> {
  // Without inline rules the provider reports `ingress` as computed: the separate rule resources decide.
  if (computedOnly(r, 'ingress')) return byDefault(false, 'ingress');
  if (isUnknownAt(r, 'ingress')) return unknown('ingress', 'known only after apply');
  const rules = list(r, 'ingress');
  for (let i = 0; i < rules.length; i++) {
    const cidrs = [...strings(r, `ingress.${i}.cidr_blocks`), ...strings(r, `ingress.${i}.ipv6_cidr_blocks`)];
    if (cidrs.some((c) => OPEN.has(c))) return explicit(true, attributeName(`ingress.${i}.cidr_blocks`));
  }
  return rules.length === 0 ? byDefault(false, 'ingress') : explicit(false, 'ingress');
}

function patchGroup(ctx: MapperContext, r: TfResource, open: Fact<boolean>): void {
  for (const g of attachTargets(ctx, r, 'security_group_id', SECURITY_GROUP, ['internetReachable'], ['id'])) {
    ctx.patch(g.resource.address, { internetReachable: open }, 'or');
  }
}

export const mapSecurityGroupRule: MapFn = (r, ctx) => {
  if (str(r, 'type') !== 'ingress') return;
  const path = isUnknownAt(r, 'cidr_blocks') ? 'cidr_blocks' : 'ipv6_cidr_blocks';
  const cidrs = [...strings(r, 'cidr_blocks'), ...strings(r, 'ipv6_cidr_blocks')];
  const open: Fact<boolean> = isUnknownAt(r, path)
    ? unknown(path, 'known only after apply')
    : explicit(
        cidrs.some((c) => OPEN.has(c)),
        'cidr_blocks',
      );
  patchGroup(ctx, r, open);
};

export const mapIngressRule: MapFn = (r, ctx) => {
  const paths = ['cidr_ipv4', 'cidr_ipv6'];
  const u = paths.find((p) => isUnknownAt(r, p));
  const open: Fact<boolean> =
    u !== undefined
      ? unknown(u, 'known only after apply')
      : explicit(
          paths.some((p) => OPEN.has(str(r, p) ?? '')),
          'cidr_ipv4',
        );
  patchGroup(ctx, r, open);
};

/** Interface endpoints give workloads a private path to a service: `network` flows to the service's assets. */
export const mapVpcEndpoint: MapFn = (r, ctx) => {
  const id = ctx.asset(r, { kind: 'private-endpoint', name: str(r, 'service_name') ?? r.name });
  const service =
    /^(?:com\.amazonaws|aws\.sagemaker)\.[a-z]{2}(?:-[a-z]+)+-\d\.(.+)$/.exec(
      str(r, 'service_name') ?? '',
    )?.[1] ?? '';
  const targets = ctx.memo(`aws/vpce:${service}`, () => serviceAssets(ctx, service));
  // Every endpoint of a VPC reaches every asset of the service: one set per service keeps that linear.
  const to = ctx.resourceSet({
    provider: 'aws',
    key: `aws:vpce:${service}`,
    name: `${service} assets reached through VPC endpoints`,
    nativeType: 'aws_vpc_endpoint_service',
    members: targets,
    source: r,
  });
  for (const t of to) ctx.flow(id, t, 'network', ctx.evidence(r, 'service_name'));
  for (const s of ctx.linked(r, 'subnet_ids', ['aws_subnet']))
    ctx.flow(id, s.resource.address, 'network', ctx.evidence(r, 'subnet_ids', s.via));
};

function serviceAssets(ctx: MapperContext, service: string): string[] {
  const names = (type: string) => ctx.resources(type).map((x) => x.address);
  if (service === 'sagemaker.runtime') return names('aws_sagemaker_endpoint');
  if (service === 'bedrock-runtime')
    return ctx.resources('aws_bedrockagent_agent').map((a) => foundationModelId(a.address));
  if (service === 'bedrock-agent-runtime') return names('aws_bedrockagent_agent');
  return [];
}

import type { EC2Client } from '@aws-sdk/client-ec2';
import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { arn, fromApi, tagsOf } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, CallResult, Scope } from '../runtime.js';

/**
 * VPC placement, as the Terraform network mapper reads it: a subnet is internetReachable when it launches
 * instances with public IPs and its route table sends 0.0.0.0/0 to an internet gateway; a security group when an
 * ingress rule is open to 0.0.0.0/0 or ::/0. Routes carry the gateway id and state, so the gateways themselves
 * are not listed.
 */

const OPEN = new Set(['0.0.0.0/0', '::/0']);

async function ec2(
  rt: AwsRuntime,
  scope: Scope,
): Promise<{ client: EC2Client; sdk: typeof import('@aws-sdk/client-ec2') }> {
  const sdk = await import('@aws-sdk/client-ec2');
  return { client: rt.client(scope, 'ec2', (c) => new sdk.EC2Client(c)), sdk };
}

/** The regions enabled for the account (opted in, or not needing it). */
export async function enabledRegions(rt: AwsRuntime, scope: Scope): Promise<CallResult<string[]>> {
  const { client, sdk } = await ec2(rt, scope);
  const got = await rt.call(scope, 'ec2:DescribeRegions', () =>
    client.send(new sdk.DescribeRegionsCommand({ AllRegions: false })),
  );
  if (!got.ok) return got;
  const names = (got.value.Regions ?? [])
    .filter((r) => r.OptInStatus !== 'not-opted-in')
    .flatMap((r) => (r.RegionName === undefined ? [] : [r.RegionName]));
  return { ok: true, value: names.sort() };
}

/** Lists every page of an EC2 Describe call. */
function list<P extends { NextToken?: string | undefined }, T>(
  rt: AwsRuntime,
  scope: Scope,
  api: string,
  send: (token: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
) {
  return rt.list(scope, `ec2:${api}`, send, (page: P) => ({ items: items(page), next: page.NextToken }));
}

export async function collectNetwork(rt: AwsRuntime, inv: LiveInventory, scope: Scope): Promise<void> {
  const { client, sdk } = await ec2(rt, scope);
  const { region, account } = scope;
  const id = (type: string, name: string) => arn('ec2', region, account.id, `${type}/${name}`);
  const [vpcs, subnets, tables, groups, endpoints] = await Promise.all([
    list(
      rt,
      scope,
      'DescribeVpcs',
      (NextToken) => client.send(new sdk.DescribeVpcsCommand({ NextToken })),
      (p) => p.Vpcs,
    ),
    list(
      rt,
      scope,
      'DescribeSubnets',
      (NextToken) => client.send(new sdk.DescribeSubnetsCommand({ NextToken })),
      (p) => p.Subnets,
    ),
    list(
      rt,
      scope,
      'DescribeRouteTables',
      (NextToken) => client.send(new sdk.DescribeRouteTablesCommand({ NextToken })),
      (p) => p.RouteTables,
    ),
    list(
      rt,
      scope,
      'DescribeSecurityGroups',
      (NextToken) => client.send(new sdk.DescribeSecurityGroupsCommand({ NextToken })),
      (p) => p.SecurityGroups,
    ),
    list(
      rt,
      scope,
      'DescribeVpcEndpoints',
      (NextToken) => client.send(new sdk.DescribeVpcEndpointsCommand({ NextToken })),
      (p) => p.VpcEndpoints,
    ),
  ]);
  for (const v of vpcs.items) {
    if (v.VpcId === undefined) continue;
    inv.asset(scope, {
      id: id('vpc', v.VpcId),
      kind: 'network',
      nativeType: 'AWS::EC2::VPC',
      name: v.VpcId,
      tags: tagsOf(v.Tags),
    });
  }
  const routes = internetRoutes(tables.items);
  for (const s of subnets.items) {
    if (s.SubnetId === undefined) continue;
    const sid = id('subnet', s.SubnetId);
    const publicIp: Fact<boolean> = explicit(
      s.MapPublicIpOnLaunch === true,
      'DescribeSubnets.MapPublicIpOnLaunch',
    );
    let reachable: Fact<boolean> = publicIp;
    if (publicIp.value) {
      reachable = tables.incomplete
        ? unknown('DescribeRouteTables', `the route tables could not be read (${tables.incomplete.code})`)
        : explicit(
            routes(s.SubnetId, s.VpcId),
            'DescribeSubnets.MapPublicIpOnLaunch,DescribeRouteTables.Routes',
          );
    }
    inv.asset(scope, {
      id: sid,
      kind: 'subnet',
      nativeType: 'AWS::EC2::Subnet',
      name: s.SubnetId,
      facts: { internetReachable: reachable },
      tags: tagsOf(s.Tags),
    });
    if (s.VpcId !== undefined)
      inv.flow('network', sid, id('vpc', s.VpcId), fromApi(sid, 'DescribeSubnets', 'VpcId'));
  }
  for (const g of groups.items) {
    if (g.GroupId === undefined) continue;
    const gid = id('security-group', g.GroupId);
    const open = (g.IpPermissions ?? []).some(
      (p) =>
        (p.IpRanges ?? []).some((r) => OPEN.has(r.CidrIp ?? '')) ||
        (p.Ipv6Ranges ?? []).some((r) => OPEN.has(r.CidrIpv6 ?? '')),
    );
    inv.asset(scope, {
      id: gid,
      kind: 'firewall-rule',
      nativeType: 'AWS::EC2::SecurityGroup',
      name: g.GroupName ?? g.GroupId,
      facts: {
        internetReachable:
          (g.IpPermissions ?? []).length === 0
            ? byDefault(false, 'DescribeSecurityGroups.IpPermissions')
            : explicit(open, 'DescribeSecurityGroups.IpPermissions'),
      },
      tags: tagsOf(g.Tags),
    });
    if (g.VpcId !== undefined)
      inv.flow('network', gid, id('vpc', g.VpcId), fromApi(gid, 'DescribeSecurityGroups', 'VpcId'));
  }
  for (const e of endpoints.items) {
    if (e.VpcEndpointId === undefined) continue;
    const eid = id('vpc-endpoint', e.VpcEndpointId);
    inv.asset(scope, {
      id: eid,
      kind: 'private-endpoint',
      nativeType: 'AWS::EC2::VPCEndpoint',
      name: e.ServiceName ?? e.VpcEndpointId,
      tags: tagsOf(e.Tags),
    });
    for (const s of e.SubnetIds ?? [])
      inv.flow('network', eid, id('subnet', s), fromApi(eid, 'DescribeVpcEndpoints', 'SubnetIds'));
  }
  rt.progress(`${account.id} ${region}: network read`);
}

type RouteTable = NonNullable<import('@aws-sdk/client-ec2').DescribeRouteTablesResult['RouteTables']>[number];

/**
 * Whether a subnet's route table sends 0.0.0.0/0 to an active internet gateway. A subnet without an explicit
 * association uses the main route table of its VPC.
 */
function internetRoutes(tables: readonly RouteTable[]): (subnet: string, vpc: string | undefined) => boolean {
  const bySubnet = new Map<string, RouteTable>();
  const mainOf = new Map<string, RouteTable>();
  for (const t of tables) {
    for (const a of t.Associations ?? []) {
      if (a.SubnetId !== undefined) bySubnet.set(a.SubnetId, t);
      if (a.Main === true && t.VpcId !== undefined) mainOf.set(t.VpcId, t);
    }
  }
  const toIgw = (t: RouteTable | undefined) =>
    (t?.Routes ?? []).some(
      (r) =>
        r.DestinationCidrBlock === '0.0.0.0/0' &&
        (r.GatewayId ?? '').startsWith('igw-') &&
        r.State !== 'blackhole',
    );
  return (subnet, vpc) => toIgw(bySubnet.get(subnet) ?? (vpc === undefined ? undefined : mainOf.get(vpc)));
}

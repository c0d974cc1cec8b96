import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv, type TestResource } from './plan-builder.js';

const vpc: TestResource = {
  address: 'aws_vpc.v',
  values: { id: 'vpc-1', cidr_block: '10.0.0.0/16' },
  action: 'no-op',
};
function subnet(
  publicIp: boolean,
  gateway: { gateway_id?: string; nat_gateway_id?: string },
): TestResource[] {
  return [
    vpc,
    { address: 'aws_internet_gateway.igw', values: { id: 'igw-1', vpc_id: 'vpc-1' }, action: 'no-op' },
    {
      address: 'aws_subnet.s',
      values: { id: 'subnet-1', vpc_id: 'vpc-1', map_public_ip_on_launch: publicIp },
      action: 'no-op',
    },
    {
      address: 'aws_route_table.t',
      values: {
        id: 'rtb-1',
        route: [{ cidr_block: '0.0.0.0/0', gateway_id: '', nat_gateway_id: '', ...gateway }],
      },
      action: 'no-op',
    },
    {
      address: 'aws_route_table_association.a',
      values: { subnet_id: 'subnet-1', route_table_id: 'rtb-1' },
      action: 'no-op',
    },
  ];
}

describe('network mappers', () => {
  it('makes a subnet with public IPs and an internet gateway route internet-reachable', () => {
    const inv = inventoryOf(subnet(true, { gateway_id: 'igw-1' }));
    expect(sv(fact(inv, 'aws_subnet.s', 'internetReachable'))).toEqual({ state: 'explicit', value: true });
    expect(flow(inv, 'network', 'aws_subnet.s', 'aws_vpc.v')).toBeDefined();
  });

  it('keeps a NAT-routed subnet private', () => {
    const inv = inventoryOf(subnet(true, { nat_gateway_id: 'nat-1' }));
    expect(sv(fact(inv, 'aws_subnet.s', 'internetReachable'))).toEqual({ state: 'explicit', value: false });
    const noIp = inventoryOf(subnet(false, { gateway_id: 'igw-1' }));
    expect(sv(fact(noIp, 'aws_subnet.s', 'internetReachable'))).toEqual({ state: 'explicit', value: false });
  });

  it('flags security groups open to the internet, inline or through separate rules', () => {
    const inline = inventoryOf([
      {
        address: 'aws_security_group.g',
        values: {
          id: 'sg-1',
          ingress: [{ from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [] }],
        },
      },
    ]);
    expect(sv(fact(inline, 'aws_security_group.g', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: true,
    });
    const rule = (cidr: string) =>
      inventoryOf([
        {
          address: 'aws_security_group.g',
          values: { id: 'sg-1', ingress: null },
          unknown: { ingress: true },
        },
        {
          address: 'aws_vpc_security_group_ingress_rule.r',
          values: {
            security_group_id: 'sg-1',
            cidr_ipv4: cidr,
            from_port: 443,
            to_port: 443,
            ip_protocol: 'tcp',
          },
        },
      ]);
    expect(sv(fact(rule('0.0.0.0/0'), 'aws_security_group.g', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(rule('10.0.0.0/16'), 'aws_security_group.g', 'internetReachable'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('connects an interface endpoint to the SageMaker endpoints it serves', () => {
    const inv = inventoryOf([
      { address: 'aws_sagemaker_endpoint.e', values: { name: 'e', endpoint_config_name: 'c' } },
      {
        address: 'aws_vpc_endpoint.rt',
        values: { service_name: 'com.amazonaws.us-east-1.sagemaker.runtime', vpc_endpoint_type: 'Interface' },
      },
      {
        address: 'aws_vpc_endpoint.s3',
        values: { service_name: 'com.amazonaws.us-east-1.s3', vpc_endpoint_type: 'Gateway' },
      },
    ]);
    expect(flow(inv, 'network', 'aws_vpc_endpoint.rt', 'aws_sagemaker_endpoint.e')).toBeDefined();
    expect(flow(inv, 'network', 'aws_vpc_endpoint.s3', 'aws_sagemaker_endpoint.e')).toBeUndefined();
  });
});

import { Failure, type FakeService } from '../protocol.js';
import { toXml } from '../xml.js';

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** Describe* list element of each action, as the fixture names them. */
const LISTS: Record<string, string> = {
  DescribeVpcs: 'vpcSet',
  DescribeSubnets: 'subnetSet',
  DescribeRouteTables: 'routeTableSet',
  DescribeSecurityGroups: 'securityGroupInfo',
  DescribeVpcEndpoints: 'vpcEndpointSet',
};

export const ec2: FakeService = {
  protocol: 'ec2',
  operation: (req) => req.params.get('Action') ?? 'Unknown',
  answer(ctx, call) {
    const a = ctx.account(call);
    const action = call.operation;
    let inner: Record<string, unknown>;
    if (action === 'DescribeRegions') inner = { regionInfo: a.describeRegions ?? [] };
    else {
      const set = LISTS[action];
      if (set === undefined) throw new Failure(400, 'InvalidAction');
      const p = ctx.page(
        call,
        a.regions?.[call.region]?.ec2?.[set] ?? [],
        call.params.get('NextToken') ?? undefined,
      );
      inner = { [set]: p.items, ...(p.next === undefined ? {} : { nextToken: p.next }) };
    }
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${EC2_NS}"><requestId>fake-request</requestId>${toXml(inner, 'item')}</${action}Response>`,
      type: 'text/xml',
    };
  },
};

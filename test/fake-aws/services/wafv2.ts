import {
  Failure,
  jsonReply,
  jsonString,
  JSON_11,
  listReply,
  targetOperation,
  type FakeService,
} from '../protocol.js';

/** WAFv2: JSON 1.1 (`AWSWAF_20190729.<Operation>`); lists page with `NextMarker`. */
export const wafv2: FakeService = {
  protocol: 'json',
  operation: targetOperation,
  answer(ctx, call) {
    const acls = ctx.account(call).regions?.[call.region]?.wafv2?.webAcls ?? [];
    const missing = new Failure(400, 'WAFNonexistentItemException');
    if (call.operation === 'ListWebACLs') {
      const scope = call.json['Scope'];
      if (scope === 'CLOUDFRONT' && call.region !== 'us-east-1')
        throw new Failure(400, 'WAFInvalidParameterException');
      return listReply(
        ctx.page(
          call,
          acls.filter((a) => a.scope === scope),
          jsonString(call, 'NextMarker'),
        ),
        'WebACLs',
        'NextMarker',
        (a) => ({ Name: a.acl['Name'], Id: a.acl['Id'], ARN: a.acl['ARN'], LockToken: 'fake-lock' }),
        JSON_11,
      );
    }
    if (call.operation === 'GetWebACL') {
      const hit = acls.find((a) => a.acl['Id'] === call.json['Id'] && a.scope === call.json['Scope']);
      if (hit === undefined) throw missing;
      return jsonReply({ WebACL: hit.acl, LockToken: 'fake-lock' }, JSON_11);
    }
    if (call.operation === 'ListResourcesForWebACL') {
      const hit = acls.find((a) => a.acl['ARN'] === call.json['WebACLArn']);
      if (hit === undefined) throw missing;
      const type = call.json['ResourceType'] ?? 'APPLICATION_LOAD_BALANCER';
      return jsonReply(
        { ResourceArns: (hit.resources ?? []).filter((r) => r.type === type).map((r) => r.arn) },
        JSON_11,
      );
    }
    throw new Failure(400, 'UnknownOperationException');
  },
};

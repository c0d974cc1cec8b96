import { Failure, jsonReply, JSON_11, type FakeService } from '../protocol.js';

/**
 * CloudTrail (JSON 1.1, `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>`): the account's
 * trails, every one listed in each region as DescribeTrails with shadow trails does, and each trail's event
 * selectors, answered only in the trail's home region.
 */
export const cloudtrail: FakeService = {
  protocol: 'json',
  operation: (req) =>
    String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop() ?? 'Unknown',
  answer(ctx, call) {
    const trails = ctx.account(call).cloudtrail ?? [];
    if (call.operation === 'DescribeTrails')
      return jsonReply({ trailList: trails.map((t) => t.trail) }, JSON_11);
    if (call.operation !== 'GetEventSelectors') throw new Failure(400, 'UnknownOperationException');
    const name = call.json['TrailName'];
    const hit = trails.find((t) => t.trail['TrailARN'] === name || t.trail['Name'] === name);
    if (hit === undefined || hit.trail['HomeRegion'] !== call.region)
      throw new Failure(400, 'TrailNotFoundException');
    return jsonReply({ TrailARN: hit.trail['TrailARN'], ...hit.selectors }, JSON_11);
  },
};

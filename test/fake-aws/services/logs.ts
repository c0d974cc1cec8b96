import { Failure, jsonString, JSON_11, listReply, targetOperation, type FakeService } from '../protocol.js';

/** CloudWatch Logs (JSON 1.1, `Logs_20140328.DescribeLogGroups`): the region's log groups, paged by nextToken. */
export const logs: FakeService = {
  protocol: 'json',
  operation: targetOperation,
  answer(ctx, call) {
    if (call.operation !== 'DescribeLogGroups') throw new Failure(400, 'UnknownOperationException');
    const groups = ctx.account(call).regions?.[call.region]?.logGroups ?? [];
    return listReply(
      ctx.page(call, groups, jsonString(call, 'nextToken')),
      'logGroups',
      'nextToken',
      (g) => g,
      JSON_11,
    );
  },
};

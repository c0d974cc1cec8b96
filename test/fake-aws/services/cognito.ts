import {
  Failure,
  findOr,
  jsonReply,
  jsonString,
  JSON_11,
  listReply,
  targetOperation,
  type FakeService,
} from '../protocol.js';

/** Cognito user pools: JSON 1.1 (`AWSCognitoIdentityProviderService.<Operation>`). */
export const cognito: FakeService = {
  protocol: 'json',
  operation: targetOperation,
  codes: { throttle: new Failure(400, 'TooManyRequestsException') },
  answer(ctx, call) {
    const pools = ctx.account(call).regions?.[call.region]?.cognito?.userPools ?? [];
    if (call.operation === 'ListUserPools')
      return listReply(
        ctx.page(call, pools, jsonString(call, 'NextToken')),
        'UserPools',
        'NextToken',
        (p) => ({ Id: p['Id'], Name: p['Name'] }),
        JSON_11,
      );
    if (call.operation === 'DescribeUserPool')
      return jsonReply(
        {
          UserPool: findOr(
            pools,
            'Id',
            call.json['UserPoolId'],
            new Failure(400, 'ResourceNotFoundException'),
          ),
        },
        JSON_11,
      );
    throw new Failure(400, 'UnknownOperationException');
  },
};

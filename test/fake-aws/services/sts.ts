import { Failure, queryReply, type FakeService } from '../protocol.js';

export const sts: FakeService = {
  protocol: 'query',
  operation: (req) => req.params.get('Action') ?? 'Unknown',
  answer(ctx, call) {
    const p = call.params;
    if (call.operation === 'GetCallerIdentity') {
      ctx.account(call);
      return queryReply('sts', 'GetCallerIdentity', {
        Arn: `arn:aws:iam::${call.account}:user/scanner`,
        UserId: 'AIDAFAKE',
        Account: call.account,
      });
    }
    if (call.operation !== 'AssumeRole') throw new Failure(400, 'InvalidAction');
    const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(p.get('RoleArn') ?? '');
    const target = m?.[1] === undefined ? undefined : ctx.org.accounts[m[1]];
    const grant = m?.[2] === undefined ? undefined : target?.assumable?.[m[2]];
    if (
      m?.[1] === undefined ||
      grant === undefined ||
      grant.trusted !== call.account ||
      (grant.externalId !== undefined && grant.externalId !== p.get('ExternalId'))
    )
      throw new Failure(403, 'AccessDenied');
    return queryReply('sts', 'AssumeRole', {
      Credentials: {
        AccessKeyId: ctx.issueKey(m[1]),
        SecretAccessKey: 'fake-secret',
        SessionToken: 'fake-token',
        Expiration:
          ctx.sessionSeconds === undefined
            ? '2099-01-01T00:00:00Z'
            : new Date(Date.now() + ctx.sessionSeconds * 1000).toISOString(),
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROAFAKE:${p.get('RoleSessionName') ?? ''}`,
        Arn: `arn:aws:sts::${m[1]}:assumed-role/${m[2] ?? ''}/scan`,
      },
    });
  },
};

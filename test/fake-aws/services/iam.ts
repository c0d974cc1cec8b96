import { Failure, queryReply, type FakeService } from '../protocol.js';

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export const iam: FakeService = {
  protocol: 'query',
  operation: (req) => req.params.get('Action') ?? 'Unknown',
  answer(ctx, call) {
    const store = ctx.account(call).iam ?? { roles: {} };
    const p = call.params;
    const name = p.get('RoleName') ?? '';
    const role = () => {
      const r = store.roles[name];
      if (r === undefined) throw new Failure(404, 'NoSuchEntity');
      return r;
    };
    const paged = (field: string, items: readonly unknown[]) => {
      const pg = ctx.page({ ...call, loop: false }, items, p.get('Marker') ?? undefined);
      return {
        [field]: pg.items,
        IsTruncated: pg.next !== undefined,
        ...(pg.next === undefined ? {} : { Marker: pg.next }),
      };
    };
    const policy = () => {
      const arn = p.get('PolicyArn') ?? '';
      const pol = store.policies?.[arn];
      if (pol === undefined) throw new Failure(404, 'NoSuchEntity');
      return { arn, ...pol };
    };
    const result = ((): Record<string, unknown> => {
      switch (call.operation) {
        case 'GetRole':
          return {
            Role: {
              Path: '/',
              RoleName: name,
              RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
              Arn: `arn:aws:iam::${call.account}:role/${name}`,
              CreateDate: '2025-01-01T00:00:00Z',
              AssumeRolePolicyDocument: enc(role().trust),
            },
          };
        case 'ListAttachedRolePolicies':
          return paged(
            'AttachedPolicies',
            (role().attached ?? []).map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
          );
        case 'ListRolePolicies':
          return paged('PolicyNames', Object.keys(role().inline ?? {}));
        case 'GetRolePolicy': {
          const doc = role().inline?.[p.get('PolicyName') ?? ''];
          if (doc === undefined) throw new Failure(404, 'NoSuchEntity');
          return { RoleName: name, PolicyName: p.get('PolicyName'), PolicyDocument: enc(doc) };
        }
        case 'GetPolicy': {
          const pol = policy();
          return {
            Policy: {
              PolicyName: pol.arn.split('/').pop(),
              Arn: pol.arn,
              DefaultVersionId: pol.versionId,
              AttachmentCount: 1,
            },
          };
        }
        case 'GetPolicyVersion': {
          const pol = policy();
          return {
            PolicyVersion: { Document: enc(pol.document), VersionId: pol.versionId, IsDefaultVersion: true },
          };
        }
        default:
          throw new Failure(400, 'InvalidAction');
      }
    })();
    return queryReply('iam', call.operation, result);
  },
};

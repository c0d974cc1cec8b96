import { explicit, unknown } from '../../../src/model/index.js';
import { arn } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';

/**
 * Cognito user pools, the identity providers of API Gateway authorizers, with the fact of the Terraform mapper:
 * mfaRequired only when MFA is ON (OPTIONAL lets users skip the second factor).
 */
export async function collectUserPools(rt: AwsRuntime, inv: LiveInventory, scope: Scope): Promise<void> {
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  const client = rt.client(scope, 'cognito-idp', (c) => new sdk.CognitoIdentityProviderClient(c));
  const listed = await rt.list(
    scope,
    'cognito-idp:ListUserPools',
    (NextToken) => client.send(new sdk.ListUserPoolsCommand({ NextToken, MaxResults: 60 })),
    (p) => ({ items: p.UserPools, next: p.NextToken }),
  );
  await Promise.all(
    listed.items.map(async (p) => {
      if (p.Id === undefined) return;
      const UserPoolId = p.Id;
      const id = arn('cognito-idp', scope.region, scope.account.id, `userpool/${UserPoolId}`);
      const got = await rt.call(
        scope,
        'cognito-idp:DescribeUserPool',
        () => client.send(new sdk.DescribeUserPoolCommand({ UserPoolId })),
        { resource: id },
      );
      const pool = got.ok ? got.value.UserPool : undefined;
      inv.asset(scope, {
        id: pool?.Arn ?? id,
        kind: 'identity-provider',
        nativeType: 'AWS::Cognito::UserPool',
        name: pool?.Name ?? p.Name ?? UserPoolId,
        ...(pool?.UserPoolTags === undefined ? {} : { tags: pool.UserPoolTags }),
        facts: {
          mfaRequired: got.ok
            ? explicit(pool?.MfaConfiguration === 'ON', 'DescribeUserPool.UserPool.MfaConfiguration')
            : unknown('DescribeUserPool', got.message),
        },
      });
    }),
  );
  rt.progress(`${scope.account.id} ${scope.region}: Cognito read`);
}

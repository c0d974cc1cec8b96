import { byDefault, explicit } from '../../../src/model/index.js';
import { arn, fromApi } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import { keyArn } from './sagemaker.js';

/**
 * CloudWatch log groups that collected assets write to, and those SageMaker endpoints write to by name
 * (`/aws/sagemaker/Endpoints/<endpoint>`), with the facts of the Terraform log group mapper. One listing of the
 * region's groups: a group is kept when a flow names it or an endpoint writes to it.
 */
export async function collectLogGroups(rt: AwsRuntime, inv: LiveInventory, scope: Scope): Promise<void> {
  const wanted = new Set(inv.pendingTargets('log-to'));
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const client = rt.client(scope, 'logs', (c) => new sdk.CloudWatchLogsClient(c));
  const listed = await rt.list(
    scope,
    'logs:DescribeLogGroups',
    (nextToken) => client.send(new sdk.DescribeLogGroupsCommand({ nextToken, limit: 50 })),
    (p) => ({ items: p.logGroups, next: p.nextToken }),
  );
  for (const g of listed.items) {
    const name = g.logGroupName;
    if (name === undefined) continue;
    const id = arn('logs', scope.region, scope.account.id, `log-group:${name}`);
    const endpoint = /^\/aws\/sagemaker\/Endpoints\/(.+)$/.exec(name)?.[1];
    if (!wanted.has(id) && endpoint === undefined) continue;
    const retention = g.retentionInDays;
    inv.asset(scope, {
      id,
      kind: 'log-sink',
      nativeType: 'AWS::Logs::LogGroup',
      name,
      facts: {
        customerManagedKey: explicit((g.kmsKeyId ?? '') !== '', 'DescribeLogGroups.kmsKeyId'),
        // No retention keeps events forever.
        deletionLifecycle:
          retention !== undefined && retention > 0
            ? explicit(true, 'DescribeLogGroups.retentionInDays')
            : byDefault(false, 'DescribeLogGroups.retentionInDays'),
      },
    });
    const key = keyArn(scope, g.kmsKeyId);
    if (key !== undefined) inv.flow('encrypt-with', id, key, fromApi(id, 'DescribeLogGroups', 'kmsKeyId'));
    if (endpoint !== undefined)
      inv.flow(
        'log-to',
        arn('sagemaker', scope.region, scope.account.id, `endpoint/${endpoint.toLowerCase()}`),
        id,
        fromApi(id, 'DescribeLogGroups', 'logGroupName', `SageMaker endpoint ${endpoint} logs to this group`),
      );
  }
  rt.progress(`${scope.account.id} ${scope.region}: CloudWatch Logs read`);
}

import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { parseJsonPolicy } from '../../terraform/aws/policy.js';
import { registryPolicyFacts } from '../../terraform/aws/sagemaker.js';
import { unknownFacts } from '../facts.js';
import { assumes, describe, encrypts, list, resourceArn, toBucket, type Ctx } from './sagemaker-common.js';

/** SageMaker model package groups (the model registry) with their resource policies, and feature groups. */

const REGISTRY_FACTS = ['crossAccountAccess', 'anonymousRead', 'anonymousWrite'] as const;

export async function modelPackageGroups(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListModelPackageGroups',
    (NextToken) => client.send(new sdk.ListModelPackageGroupsCommand({ NextToken, MaxResults: 100 })),
    (p) => p.ModelPackageGroupSummaryList,
  );
  await Promise.all(
    listed.items.map(async (g) => {
      if (g.ModelPackageGroupName === undefined) return;
      const name = g.ModelPackageGroupName;
      const id = g.ModelPackageGroupArn ?? resourceArn(ctx, 'model-package-group', name);
      // A group without a policy is answered with a ValidationException; that is "none", not a failure.
      const got = await ctx.rt.call(
        ctx.scope,
        'sagemaker:GetModelPackageGroupPolicy',
        () => client.send(new sdk.GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: name })),
        { resource: id, absent: ['ValidationException'] },
      );
      const at = 'GetModelPackageGroupPolicy.ResourcePolicy';
      const facts: Facts = got.ok
        ? registryPolicyFacts(
            parseJsonPolicy('GetModelPackageGroupPolicy', at, got.value.ResourcePolicy ?? ''),
            new Set([ctx.scope.account.id]),
            at,
          )
        : got.absent === true
          ? Object.fromEntries(REGISTRY_FACTS.map((f) => [f, byDefault(false, 'GetModelPackageGroupPolicy')]))
          : unknownFacts(REGISTRY_FACTS, 'GetModelPackageGroupPolicy', got.message);
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'model-registry',
        nativeType: 'AWS::SageMaker::ModelPackageGroup',
        name,
        facts,
      });
    }),
  );
}

export async function featureGroups(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListFeatureGroups',
    (NextToken) => client.send(new sdk.ListFeatureGroupsCommand({ NextToken, MaxResults: 100 })),
    (p) => p.FeatureGroupSummaries,
  );
  await Promise.all(
    listed.items.map(async (g) => {
      if (g.FeatureGroupName === undefined) return;
      const name = g.FeatureGroupName;
      const id = g.FeatureGroupArn ?? resourceArn(ctx, 'feature-group', name);
      const got = await describe(ctx, 'DescribeFeatureGroup', id, () =>
        client.send(new sdk.DescribeFeatureGroupCommand({ FeatureGroupName: name })),
      );
      const asset = { id, kind: 'feature-store' as const, nativeType: 'AWS::SageMaker::FeatureGroup', name };
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          ...asset,
          facts: { customerManagedKey: unknown('DescribeFeatureGroup', got.message) },
        });
        return;
      }
      const f = got.value;
      const online = f.OnlineStoreConfig?.EnableOnlineStore === true;
      const onlineKey = f.OnlineStoreConfig?.SecurityConfig?.KmsKeyId;
      const offline = f.OfflineStoreConfig?.S3StorageConfig;
      // Every store the group has must be under a customer-managed key.
      const parts: Fact<boolean>[] = [];
      if (online)
        parts.push(
          explicit(
            (onlineKey ?? '') !== '',
            'DescribeFeatureGroup.OnlineStoreConfig.SecurityConfig.KmsKeyId',
          ),
        );
      if (offline !== undefined)
        parts.push(
          explicit(
            (offline.KmsKeyId ?? '') !== '',
            'DescribeFeatureGroup.OfflineStoreConfig.S3StorageConfig.KmsKeyId',
          ),
        );
      ctx.inv.asset(ctx.scope, {
        ...asset,
        facts: {
          customerManagedKey:
            parts.find((p) => p.state !== 'unknown' && !p.value) ??
            parts[0] ??
            byDefault(false, 'DescribeFeatureGroup.OnlineStoreConfig'),
        },
      });
      assumes(ctx, id, f.RoleArn, 'DescribeFeatureGroup', 'RoleArn');
      if (online)
        encrypts(ctx, id, onlineKey, 'DescribeFeatureGroup', 'OnlineStoreConfig.SecurityConfig.KmsKeyId');
      encrypts(
        ctx,
        id,
        offline?.KmsKeyId,
        'DescribeFeatureGroup',
        'OfflineStoreConfig.S3StorageConfig.KmsKeyId',
      );
      toBucket(
        ctx,
        'write',
        id,
        offline?.S3Uri,
        'DescribeFeatureGroup',
        'OfflineStoreConfig.S3StorageConfig.S3Uri',
      );
    }),
  );
}

import { explicit } from '../../../src/model/index.js';
import { unknownFacts } from '../facts.js';
import { assumes, describe, encrypts, list, resourceArn, toBucket, type Ctx } from './sagemaker-common.js';

/** SageMaker training, processing and transform jobs created in the scan's window, and pipelines. */

export async function trainingJobs(ctx: Ctx, since: Date): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListTrainingJobs',
    (NextToken) =>
      client.send(new sdk.ListTrainingJobsCommand({ NextToken, MaxResults: 100, CreationTimeAfter: since })),
    (p) => p.TrainingJobSummaries,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.TrainingJobName === undefined) return;
      const name = summary.TrainingJobName;
      const id = summary.TrainingJobArn ?? resourceArn(ctx, 'training-job', name);
      const got = await describe(ctx, 'DescribeTrainingJob', id, () =>
        client.send(new sdk.DescribeTrainingJobCommand({ TrainingJobName: name })),
      );
      const names = [
        'networkIsolated',
        'privateNetwork',
        'customerManagedKey',
        'encryptedInTransit',
      ] as const;
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'training-job',
          nativeType: 'AWS::SageMaker::TrainingJob',
          name,
          facts: unknownFacts(names, 'DescribeTrainingJob', got.message),
        });
        return;
      }
      const j = got.value;
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'training-job',
        nativeType: 'AWS::SageMaker::TrainingJob',
        name,
        facts: {
          networkIsolated: explicit(
            j.EnableNetworkIsolation === true,
            'DescribeTrainingJob.EnableNetworkIsolation',
          ),
          privateNetwork: explicit(
            (j.VpcConfig?.Subnets ?? []).length > 0,
            'DescribeTrainingJob.VpcConfig.Subnets',
          ),
          customerManagedKey: explicit(
            (j.OutputDataConfig?.KmsKeyId ?? '') !== '',
            'DescribeTrainingJob.OutputDataConfig.KmsKeyId',
          ),
          encryptedInTransit: explicit(
            j.EnableInterContainerTrafficEncryption === true,
            'DescribeTrainingJob.EnableInterContainerTrafficEncryption',
          ),
        },
      });
      assumes(ctx, id, j.RoleArn, 'DescribeTrainingJob', 'RoleArn');
      encrypts(ctx, id, j.OutputDataConfig?.KmsKeyId, 'DescribeTrainingJob', 'OutputDataConfig.KmsKeyId');
      for (const ch of j.InputDataConfig ?? [])
        toBucket(
          ctx,
          'train-on',
          id,
          ch.DataSource?.S3DataSource?.S3Uri,
          'DescribeTrainingJob',
          'InputDataConfig.DataSource.S3DataSource.S3Uri',
        );
      toBucket(
        ctx,
        'produce-artifact',
        id,
        j.OutputDataConfig?.S3OutputPath,
        'DescribeTrainingJob',
        'OutputDataConfig.S3OutputPath',
      );
    }),
  );
}

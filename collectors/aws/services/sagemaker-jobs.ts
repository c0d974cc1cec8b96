import { byDefault, explicit } from '../../../src/model/index.js';
import { parsePipelineDefinition } from '../../terraform/aws/sagemaker.js';
import { fromApi, unknownFacts } from '../facts.js';
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

const JOB_FACTS = ['networkIsolated', 'privateNetwork', 'customerManagedKey', 'encryptedInTransit'] as const;

/**
 * Processing jobs (data preparation, evaluation) run in the build stage as training jobs do, so they are
 * training-job assets: they read their inputs and write their outputs.
 */
export async function processingJobs(ctx: Ctx, since: Date): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListProcessingJobs',
    (NextToken) =>
      client.send(
        new sdk.ListProcessingJobsCommand({ NextToken, MaxResults: 100, CreationTimeAfter: since }),
      ),
    (p) => p.ProcessingJobSummaries,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.ProcessingJobName === undefined) return;
      const name = summary.ProcessingJobName;
      const id = summary.ProcessingJobArn ?? resourceArn(ctx, 'processing-job', name);
      const got = await describe(ctx, 'DescribeProcessingJob', id, () =>
        client.send(new sdk.DescribeProcessingJobCommand({ ProcessingJobName: name })),
      );
      const asset = { id, kind: 'training-job' as const, nativeType: 'AWS::SageMaker::ProcessingJob', name };
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          ...asset,
          facts: unknownFacts(JOB_FACTS, 'DescribeProcessingJob', got.message),
        });
        return;
      }
      const j = got.value;
      const net = j.NetworkConfig;
      const key = j.ProcessingOutputConfig?.KmsKeyId;
      ctx.inv.asset(ctx.scope, {
        ...asset,
        facts: {
          networkIsolated: explicit(
            net?.EnableNetworkIsolation === true,
            'DescribeProcessingJob.NetworkConfig.EnableNetworkIsolation',
          ),
          privateNetwork: explicit(
            (net?.VpcConfig?.Subnets ?? []).length > 0,
            'DescribeProcessingJob.NetworkConfig.VpcConfig.Subnets',
          ),
          customerManagedKey: explicit(
            (key ?? '') !== '',
            'DescribeProcessingJob.ProcessingOutputConfig.KmsKeyId',
          ),
          encryptedInTransit: explicit(
            net?.EnableInterContainerTrafficEncryption === true,
            'DescribeProcessingJob.NetworkConfig.EnableInterContainerTrafficEncryption',
          ),
        },
      });
      assumes(ctx, id, j.RoleArn, 'DescribeProcessingJob', 'RoleArn');
      encrypts(ctx, id, key, 'DescribeProcessingJob', 'ProcessingOutputConfig.KmsKeyId');
      for (const input of j.ProcessingInputs ?? [])
        toBucket(
          ctx,
          'read',
          id,
          input.S3Input?.S3Uri,
          'DescribeProcessingJob',
          'ProcessingInputs.S3Input.S3Uri',
        );
      for (const output of j.ProcessingOutputConfig?.Outputs ?? [])
        toBucket(
          ctx,
          'write',
          id,
          output.S3Output?.S3Uri,
          'DescribeProcessingJob',
          'ProcessingOutputConfig.Outputs.S3Output.S3Uri',
        );
    }),
  );
}

/**
 * Batch transform jobs run a model over stored data: ml-compute assets that invoke their model, read the input
 * and write the output. The model's own network isolation applies; the job's output key is read here.
 */
export async function transformJobs(ctx: Ctx, since: Date): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListTransformJobs',
    (NextToken) =>
      client.send(new sdk.ListTransformJobsCommand({ NextToken, MaxResults: 100, CreationTimeAfter: since })),
    (p) => p.TransformJobSummaries,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.TransformJobName === undefined) return;
      const name = summary.TransformJobName;
      const id = summary.TransformJobArn ?? resourceArn(ctx, 'transform-job', name);
      const got = await describe(ctx, 'DescribeTransformJob', id, () =>
        client.send(new sdk.DescribeTransformJobCommand({ TransformJobName: name })),
      );
      const asset = { id, kind: 'ml-compute' as const, nativeType: 'AWS::SageMaker::TransformJob', name };
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          ...asset,
          facts: unknownFacts(['customerManagedKey'], 'DescribeTransformJob', got.message),
        });
        return;
      }
      const j = got.value;
      const key = j.TransformOutput?.KmsKeyId;
      ctx.inv.asset(ctx.scope, {
        ...asset,
        facts: {
          customerManagedKey: explicit((key ?? '') !== '', 'DescribeTransformJob.TransformOutput.KmsKeyId'),
        },
      });
      encrypts(ctx, id, key, 'DescribeTransformJob', 'TransformOutput.KmsKeyId');
      if (j.ModelName !== undefined)
        ctx.inv.flow(
          'invoke',
          id,
          resourceArn(ctx, 'model', j.ModelName),
          fromApi(id, 'DescribeTransformJob', 'ModelName'),
        );
      toBucket(
        ctx,
        'read',
        id,
        j.TransformInput?.DataSource?.S3DataSource?.S3Uri,
        'DescribeTransformJob',
        'TransformInput.DataSource.S3DataSource.S3Uri',
      );
      toBucket(
        ctx,
        'write',
        id,
        j.TransformOutput?.S3OutputPath,
        'DescribeTransformJob',
        'TransformOutput.S3OutputPath',
      );
    }),
  );
}

/**
 * Pipelines, read from their definition with the Terraform mapper's reading of it: the data their steps train on,
 * where they write artifacts, and the roles the steps run as. Deploy flows to the models that load those
 * artifacts are drawn once every model is found (sagemaker.ts).
 */
export async function pipelines(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListPipelines',
    (NextToken) => client.send(new sdk.ListPipelinesCommand({ NextToken, MaxResults: 100 })),
    (p) => p.PipelineSummaries,
  );
  const names = ['networkIsolated', 'privateNetwork', 'customerManagedKey'] as const;
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.PipelineName === undefined) return;
      const name = summary.PipelineName;
      const id = summary.PipelineArn ?? resourceArn(ctx, 'pipeline', name);
      const got = await describe(ctx, 'DescribePipeline', id, () =>
        client.send(new sdk.DescribePipelineCommand({ PipelineName: name })),
      );
      const asset = { id, kind: 'ml-pipeline' as const, nativeType: 'AWS::SageMaker::Pipeline', name };
      const def = got.ok ? parsePipelineDefinition(got.value.PipelineDefinition ?? '') : undefined;
      if (!got.ok || def === undefined) {
        const why = got.ok ? 'PipelineDefinition is not readable JSON' : got.message;
        ctx.inv.asset(ctx.scope, { ...asset, facts: unknownFacts(names, 'DescribePipeline', why) });
        if (got.ok) assumes(ctx, id, got.value.RoleArn, 'DescribePipeline', 'RoleArn');
        return;
      }
      const at = 'DescribePipeline.PipelineDefinition';
      ctx.inv.asset(ctx.scope, {
        ...asset,
        facts: {
          networkIsolated: def.steps === 0 ? byDefault(false, at) : explicit(def.isolated, at),
          privateNetwork: explicit(def.vpc, at),
          customerManagedKey: explicit(def.kms, at),
        },
      });
      assumes(ctx, id, got.value.RoleArn, 'DescribePipeline', 'RoleArn');
      const evidence = (note: string) => fromApi(id, 'DescribePipeline', 'PipelineDefinition', note);
      const [api, field] = ['DescribePipeline', 'PipelineDefinition'];
      for (const uri of def.inputs) toBucket(ctx, 'train-on', id, uri, api, field, `input ${uri}`);
      for (const uri of def.outputs) {
        toBucket(ctx, 'produce-artifact', id, uri, api, field, `output ${uri}`);
        ctx.outputs.push({ pipeline: id, uri });
      }
      for (const role of def.roles) ctx.inv.flow('assume-identity', id, role, evidence(`RoleArn ${role}`));
    }),
  );
}

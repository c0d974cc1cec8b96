import { parseS3Location } from '../../terraform/aws/common.js';
import { fromApi } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import type { Ctx } from './sagemaker-common.js';
import { pipelines, processingJobs, trainingJobs, transformJobs } from './sagemaker-jobs.js';
import { featureGroups, modelPackageGroups } from './sagemaker-registry.js';
import { endpoints } from './sagemaker-serving.js';
import { domains, notebooks } from './sagemaker-studio.js';

export { keyArn } from './sagemaker-common.js';

/**
 * SageMaker, with the facts and flows of the Terraform SageMaker mapper: serving (sagemaker-serving.ts), jobs and
 * pipelines (sagemaker-jobs.ts), notebooks and Studio (sagemaker-studio.ts), registries and feature groups
 * (sagemaker-registry.ts).
 */

export interface SageMakerOptions {
  /** Training, processing and transform jobs created at or after this instant are read. */
  readonly since: Date;
}

export async function collectSageMaker(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  options: SageMakerOptions,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-sagemaker');
  const client = rt.client(scope, 'sagemaker', (c) => new sdk.SageMakerClient(c));
  const ctx: Ctx = {
    rt,
    inv,
    scope,
    client,
    sdk,
    configs: new Map(),
    models: new Map(),
    artifacts: [],
    outputs: [],
  };
  await Promise.all([
    endpoints(ctx),
    notebooks(ctx),
    trainingJobs(ctx, options.since),
    processingJobs(ctx, options.since),
    transformJobs(ctx, options.since),
    pipelines(ctx),
    domains(ctx),
    modelPackageGroups(ctx),
    featureGroups(ctx),
  ]);
  deployFlows(ctx);
  rt.progress(`${scope.account.id} ${scope.region}: SageMaker read`);
}

/** A pipeline deploys the models whose artifact lies under one of its outputs, as the Terraform mapper says. */
function deployFlows(ctx: Ctx): void {
  for (const out of ctx.outputs) {
    const o = parseS3Location(out.uri);
    if (o === undefined) continue;
    const prefix = o.key.replace(/\/?$/, o.key === '' ? '' : '/');
    for (const a of ctx.artifacts) {
      const m = parseS3Location(a.uri);
      if (m?.bucket === o.bucket && m.key.startsWith(prefix))
        ctx.inv.flow(
          'deploy',
          out.pipeline,
          a.model,
          fromApi(
            out.pipeline,
            'DescribePipeline',
            'PipelineDefinition',
            `the model loads its artifact from ${out.uri}`,
          ),
        );
    }
  }
}

import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import type { Ctx } from './sagemaker-common.js';
import { trainingJobs } from './sagemaker-jobs.js';
import { endpoints } from './sagemaker-serving.js';
import { domains, notebooks } from './sagemaker-studio.js';

export { keyArn } from './sagemaker-common.js';

/**
 * SageMaker, with the facts and flows of the Terraform SageMaker mapper: serving (sagemaker-serving.ts), jobs and
 * pipelines (sagemaker-jobs.ts), notebooks and Studio (sagemaker-studio.ts), registries and feature groups
 * (sagemaker-registry.ts).
 */

export interface SageMakerOptions {
  /** Training jobs created at or after this instant are read. */
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
  const ctx: Ctx = { rt, inv, scope, client, sdk, configs: new Map(), models: new Map() };
  await Promise.all([endpoints(ctx), notebooks(ctx), trainingJobs(ctx, options.since), domains(ctx)]);
  rt.progress(`${scope.account.id} ${scope.region}: SageMaker read`);
}

import type { Evidence } from '../../../src/model/index.js';
import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { sameProject, serviceAccountsAt } from './common.js';
import { grantsOf, grantsOn } from './iam.js';
import { projectRoleTargets, roleFlows } from './roles.js';
import { BUCKET } from './storage.js';

const BUCKET_IAM = [
  'google_storage_bucket_iam_member',
  'google_storage_bucket_iam_binding',
  'google_storage_bucket_iam_policy',
];
const PROJECT_IAM = ['google_project_iam_member', 'google_project_iam_binding'];

/** Training workloads and the attribute naming the service account they run as. */
const TRAINING_WORKLOADS: readonly (readonly [string, string])[] = [
  ['google_vertex_ai_persistent_resource', 'resource_runtime_spec.0.service_account_spec.0.service_account'],
];

/** Service accounts that can write objects into the bucket, with the grant as evidence. */
function writersOf(ctx: MapperContext, bucket: TfResource): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  const grants = grantsOn(ctx, bucket, BUCKET_IAM, {
    targetPath: 'bucket',
    targetTypes: BUCKET,
    matchOn: ['name', 'id'],
  });
  for (const type of PROJECT_IAM) {
    for (const r of ctx.resources(type))
      if (sameProject(r, bucket))
        grants.push(
          ...grantsOf(ctx, r, false).filter((g) => projectRoleTargets(g.role).includes(bucket.type)),
        );
  }
  for (const g of grants) {
    if (!roleFlows(g.role).includes('write')) continue;
    for (const h of g.holders)
      out.set(
        h.resource.address,
        ctx.evidence(g.source, g.rolePath, `${g.role} on ${bucket.address} via ${h.via}`),
      );
  }
  return out;
}

/**
 * `deploy` flows to `consumer` from every training workload whose service account can write the bucket the
 * consumer loads its model from: the pipeline writes the artifact that the model serves.
 */
export function deployFromTrainingWriters(
  ctx: MapperContext,
  bucket: TfResource,
  consumer: string,
  load: Evidence,
): void {
  const writers = writersOf(ctx, bucket);
  if (writers.size === 0) return;
  for (const [type, path] of TRAINING_WORKLOADS) {
    for (const w of ctx.resources(type)) {
      if (w.action === 'delete') continue;
      for (const sa of serviceAccountsAt(ctx, w, path)) {
        const grant = writers.get(sa.resource.address);
        if (grant !== undefined) ctx.flow(w.address, consumer, 'deploy', [load, grant]);
      }
    }
  }
}

import type { MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { assumeIdentities, linkFirst } from './common.js';

const WORKSPACE = ['azurerm_machine_learning_workspace'] as const;

/**
 * An AKS cluster attached to an Azure ML workspace for real-time inference (the serving side of Azure ML). Its
 * managed identity (system- or user-assigned) is what the attached compute uses to reach workspace resources,
 * so role assignments to it are the serving workload's grants. Exposure and isolation live on the AKS cluster,
 * which is not modelled, so no facts are set.
 */
export function mapMlInferenceCluster(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, { kind: 'inference-endpoint', facts: {} });
  assumeIdentities(r, ctx, id);
  if (linkFirst(r, ctx, ['machine_learning_workspace_id'], WORKSPACE, ['id']) === undefined)
    ctx.note(
      'unresolved-link',
      'machine_learning_workspace_id could not be linked to an azurerm_machine_learning_workspace',
      r.address,
    );
}

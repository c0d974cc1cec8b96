import type { Inventory } from '../../src/model/index.js';
import { awsMappers } from './aws.js';
import { azurermMappers } from './azurerm.js';
import { mapResources, type MapperTable } from './context.js';
import { googleMappers } from './google.js';
import { readSourceDir, type SourceOptions } from './hcl.js';
import { readPlanFile, type PlanDocument } from './plan.js';

export const TERRAFORM_MAPPERS: MapperTable = Object.freeze({
  ...awsMappers,
  ...azurermMappers,
  ...googleMappers,
});

/** Maps a read plan to an inventory of assets, flows and coverage notes. */
export function planToInventory(plan: PlanDocument, mappers: MapperTable = TERRAFORM_MAPPERS): Inventory {
  const mapped = mapResources(plan.info.path, plan.resources, plan.references, mappers);
  const notes = [
    ...mapped.notes,
    ...plan.deleted.map((d) => ({
      kind: 'deleted' as const,
      message: `${d.type} is deleted by this plan and not part of the resulting system`,
      input: plan.info.path,
      address: d.address,
    })),
  ];
  return { inputs: [plan.info], assets: mapped.assets, flows: mapped.flows, notes };
}

/** Reads `terraform show -json` output and maps it to an inventory. */
export function collectPlanFile(file: string): Inventory {
  return planToInventory(readPlanFile(file));
}

/** Reads a Terraform root module from source and maps it to an inventory. */
export function collectSourceDir(dir: string, options: SourceOptions = {}): Inventory {
  const source = readSourceDir(dir, options);
  const mapped = mapResources(dir, source.resources, source.references, TERRAFORM_MAPPERS);
  return {
    inputs: [
      {
        path: dir,
        sha256: source.sha256,
        format: 'terraform-source',
        formatVersion: 'hcl2',
        resources: source.resources.length,
      },
    ],
    assets: mapped.assets,
    flows: mapped.flows,
    notes: [...source.notes, ...mapped.notes],
  };
}

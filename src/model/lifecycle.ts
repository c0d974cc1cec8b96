/** AICM lifecycle stages, grouped as in the AI Controls Matrix. */
export const LIFECYCLE_GROUPS = {
  preparation: ['data-collection', 'data-curation', 'data-storage', 'resource-provisioning'],
  development: ['design', 'training', 'guardrails'],
  'evaluation-validation': ['evaluation', 'validation-red-teaming', 're-evaluation'],
  deployment: ['orchestration', 'ai-services-supply-chain', 'ai-applications'],
  delivery: ['operations', 'maintenance', 'continuous-monitoring', 'continuous-improvement'],
  'service-retirement': ['archiving', 'data-deletion', 'model-disposal'],
} as const;

export type LifecycleGroup = keyof typeof LIFECYCLE_GROUPS;
export type LifecycleStage = (typeof LIFECYCLE_GROUPS)[LifecycleGroup][number];

export const LIFECYCLE_STAGES: readonly LifecycleStage[] = Object.values(LIFECYCLE_GROUPS).flat();

export function groupOf(stage: LifecycleStage): LifecycleGroup {
  for (const [group, stages] of Object.entries(LIFECYCLE_GROUPS) as [LifecycleGroup, readonly string[]][]) {
    if (stages.includes(stage)) return group;
  }
  throw new Error(`unknown lifecycle stage ${stage}`);
}

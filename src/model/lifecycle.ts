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

/** Display names of the groups, as the AI Controls Matrix writes them. */
export const LIFECYCLE_GROUP_NAMES: Readonly<Record<LifecycleGroup, string>> = {
  preparation: 'Preparation',
  development: 'Development',
  'evaluation-validation': 'Evaluation/Validation',
  deployment: 'Deployment',
  delivery: 'Delivery',
  'service-retirement': 'Service Retirement',
};

/** Display names of the stages, as the AI Controls Matrix and the seed's Lifecycle list write them. */
export const LIFECYCLE_STAGE_NAMES: Readonly<Record<LifecycleStage, string>> = {
  'data-collection': 'Data collection',
  'data-curation': 'Data curation',
  'data-storage': 'Data storage',
  'resource-provisioning': 'Resource provisioning',
  design: 'Design',
  training: 'Training',
  guardrails: 'Guardrails',
  evaluation: 'Evaluation',
  'validation-red-teaming': 'Validation/Red Teaming',
  're-evaluation': 'Re-evaluation',
  orchestration: 'Orchestration',
  'ai-services-supply-chain': 'AI Services supply chain',
  'ai-applications': 'AI applications',
  operations: 'Operations',
  maintenance: 'Maintenance',
  'continuous-monitoring': 'Continuous monitoring',
  'continuous-improvement': 'Continuous improvement',
  archiving: 'Archiving',
  'data-deletion': 'Data deletion',
  'model-disposal': 'Model disposal',
};

/**
 * The lifecycle stages the seed control applies to: the "Lifecycle" list of AICM "Threat Analysis and
 * Modelling" (v1.1.0 TVM-04, v1.0.3 TVM-12), transcribed from
 * ../shared/seeds/aicm-threat-analysis-and-modelling.txt. It leaves out Resource provisioning, Orchestration,
 * Archiving and Model disposal. The seed states applicability per stage and ownership per SSRM layer
 * (LAYER_OWNERS) separately, not per stage and layer; `aicmRole` in ssrm.ts combines the two.
 */
export const SEED_LIFECYCLE_STAGES: readonly LifecycleStage[] = [
  'data-collection',
  'data-curation',
  'data-storage',
  'design',
  'training',
  'guardrails',
  'evaluation',
  'validation-red-teaming',
  're-evaluation',
  'ai-services-supply-chain',
  'ai-applications',
  'operations',
  'maintenance',
  'continuous-monitoring',
  'continuous-improvement',
  'data-deletion',
];

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const autoModelUpgrade: Rule = {
  id: 'TG-MODEL-004',
  title: 'Model version changes without re-evaluation',
  family: 'ai/model',
  description:
    'The deployment follows the provider’s default model version and upgrades automatically. The model behind the application changes without the organisation re-running its evaluations, red-team tests and guardrail checks, so regressions in safety or accuracy reach users unnoticed. Not checked on AWS: no Terraform attribute of Bedrock or SageMaker selects automatic model upgrades.',
  message: '{asset} upgrades its model version automatically',
  stride: ['T'],
  atlas: { techniques: ['AML.T0031'], mitigations: ['AML.M0008'] },
  owasp: { llm: ['LLM09:2025'], ml: ['ML08:2023'] },
  lifecycle: ['re-evaluation', 'evaluation', 'maintenance'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('CCC-02', 'MDS-10', 'CCC-07'),
    iso42001: ['A.6.2.6'],
    euAiAct: ['Article 15(1)'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['A pinned model version removes the threat.'],
  evidence: { facts: ['autoModelUpgrade'], flows: [] },
  clouds: ['azure', 'gcp'],
  remediation: {
    azure:
      'Set version_upgrade_option = "NoAutoUpgrade" and pin model.version on azurerm_cognitive_deployment; upgrade after evaluation.',
    gcp: 'Deploy pinned model versions, not -latest aliases.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['model', 'inference-endpoint', 'agent'],
      when: [{ fact: 'autoModelUpgrade', is: true }],
    }),
};

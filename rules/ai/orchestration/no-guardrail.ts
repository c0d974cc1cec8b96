import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const noGuardrail: Rule = {
  id: 'TG-ORCH-001',
  title: 'LLM path without a guardrail',
  family: 'ai/orchestration',
  description:
    'An agent or model deployment that handles user input has no guardrail or content filter attached. Direct and indirect prompt injection, jailbreaks, harmful output and leaked system prompts pass between users, tools and the model without any screening the organisation controls.',
  message: '{asset} has no guardrail or content filter attached',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0051.000', 'AML.T0051.001', 'AML.T0054', 'AML.T0056'],
    mitigations: ['AML.M0020', 'AML.M0021'],
  },
  owasp: { llm: ['LLM01:2025', 'LLM05:2025', 'LLM07:2025'], ml: [] },
  lifecycle: ['guardrails', 'ai-applications'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('TVM-13', 'AIS-09', 'AIS-10'),
    iso42001: ['A.6.2.6'],
    euAiAct: ['Article 15(4)', 'Article 15(5)'],
  },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: ['Input screening by the agent itself lowers likelihood.'],
  evidence: { facts: ['guardrailAttached', 'inputScreening'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Create an aws_bedrock_guardrail and reference it in guardrail_configuration of aws_bedrockagent_agent (or pass guardrailIdentifier on InvokeModel).',
    azure:
      'In the azurerm_cognitive_account_rai_policy that rai_policy_name of azurerm_cognitive_deployment names, set filter_enabled and block_enabled on the Prompt filters (Hate, Sexual, Violence, SelfHarm, Jailbreak, Indirect Attack). Without rai_policy_name the built-in Microsoft.DefaultV2 applies, which screens harm categories and jailbreaks but not indirect attacks.',
    gcp: 'Create a google_model_armor_template with pi_and_jailbreak_filter_settings enforced and apply it (or a floor setting) to the Vertex AI application.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['agent', 'model', 'inference-endpoint', 'foundation-model-service'],
      when: [{ fact: 'guardrailAttached', is: false }],
      controls: [{ fact: 'inputScreening', is: true, control: 'agent input screening' }],
    }),
};

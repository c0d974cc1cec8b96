import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const guardrailHarmfulOutput: Rule = {
  id: 'TG-MODEL-011',
  title: 'Guardrail lets harmful model output through',
  family: 'ai/model',
  description:
    'The guardrail or content filter on the model path does not block every harmful-content category in model output (hate, sexual content, violence, self-harm or misconduct, insults or harassment): a Bedrock content filter is missing for a category or has output_strength NONE, an Azure RAI policy does not block a harm category on Completion (or filters asynchronously, after the completion has streamed), a Model Armor template has no Responsible AI filter for a category. A user who jailbreaks the model, or a prompt that merely steers it there, receives that content unfiltered, with harm to users and to the organisation that serves it. This is the Model layer: the harmful-content safety of completions is the output safety of the model, which AICM assigns to the Model Provider (here configured through the provider’s filter); screening prompt attacks and sensitive data in the orchestration is TG-ORCH-002 and TG-ORCH-003 at the Orchestrated layer.',
  message: 'Guardrail {asset} does not block harmful content in model output',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0054', 'AML.T0048.001', 'AML.T0048.003'],
    mitigations: ['AML.M0020'],
  },
  owasp: { llm: ['LLM01:2025', 'LLM05:2025'], ml: [] },
  lifecycle: ['guardrails', 'operations'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('AIS-10', 'TVM-13'), euAiAct: ['Article 15(5)'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'A prompt-attack filter on the same guardrail lowers likelihood: fewer jailbreaks reach the model.',
  ],
  evidence: { facts: ['harmfulContentFilter', 'promptAttackFilter'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add content_policy_config.filters_config entries of type HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT with output_strength other than "NONE" to aws_bedrock_guardrail.',
    azure:
      'Add content_filter entries with source = "Completion" for Hate, Sexual, Violence and Selfharm with filter_enabled = true and block_enabled = true to azurerm_cognitive_account_rai_policy, and do not use mode = "Asynchronous_filter".',
    gcp: 'Add filter_config.rai_settings.rai_filters of filter_type SEXUALLY_EXPLICIT, HATE_SPEECH, HARASSMENT and DANGEROUS to google_model_armor_template.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['guardrail'],
      when: [{ fact: 'harmfulContentFilter', is: false }],
      controls: [{ fact: 'promptAttackFilter', is: true, control: 'prompt-attack filter' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const guardrailNoPromptAttack: Rule = {
  id: 'TG-ORCH-002',
  title: 'Guardrail does not screen prompt attacks',
  family: 'ai/orchestration',
  description:
    'A guardrail exists but its prompt-attack / jailbreak filter is off, not blocking, or set to its lowest strength. Injected instructions in user input or retrieved documents reach the model, which can then ignore its instructions, leak its system prompt or misuse its tools.',
  message: 'Guardrail {asset} does not block prompt attacks',
  stride: ['T', 'E'],
  atlas: { techniques: ['AML.T0051', 'AML.T0054', 'AML.T0068'], mitigations: ['AML.M0020'] },
  owasp: { llm: ['LLM01:2025'], ml: [] },
  lifecycle: ['guardrails'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('TVM-13', 'AIS-15'), euAiAct: ['Article 15(5)'] },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: [],
  evidence: { facts: ['promptAttackFilter'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add filters_config { type = "PROMPT_ATTACK", input_strength = "HIGH", output_strength = "NONE" } to content_policy_config of aws_bedrock_guardrail.',
    azure:
      'Enable the Jailbreak and Indirect Attack content_filter entries with block_enabled = true in azurerm_cognitive_account_rai_policy.',
    gcp: 'Set filter_config.pi_and_jailbreak_filter_settings.filter_enforcement = "ENABLED" on google_model_armor_template.',
  },
  match: (view) =>
    matchAttributes(view, { kinds: ['guardrail'], when: [{ fact: 'promptAttackFilter', is: false }] }),
};

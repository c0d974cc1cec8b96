import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const guardrailNoPii: Rule = {
  id: 'TG-ORCH-003',
  title: 'Guardrail does not filter sensitive data',
  family: 'ai/orchestration',
  description:
    'The guardrail has no sensitive-information (PII) policy. Personal data in prompts, retrieved documents or model outputs is neither masked nor blocked, so the application can disclose one user’s data to another or reproduce memorised training records.',
  message: 'Guardrail {asset} has no sensitive-data filter',
  stride: ['I'],
  atlas: { techniques: ['AML.T0057', 'AML.T0024.000'], mitigations: ['AML.M0020', 'AML.M0002'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML03:2023', 'ML04:2023'] },
  lifecycle: ['guardrails'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('DSP-17', 'DSP-22', 'LOG-16'),
    iso27001: ['A.8.11', 'A.8.12'],
    euAiAct: ['Article 10(5)'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: ['sensitiveDataFilter'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add sensitive_information_policy_config with pii_entities_config (action BLOCK or ANONYMIZE) to aws_bedrock_guardrail.',
    azure:
      'Enable protected material and PII filters in the content filter policy, or screen outputs with Azure AI Language PII detection.',
    gcp: 'Configure filter_config.sdp_settings on google_model_armor_template.',
  },
  match: (view) =>
    matchAttributes(view, { kinds: ['guardrail'], when: [{ fact: 'sensitiveDataFilter', is: false }] }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const agentNoInputScreening: Rule = {
  id: 'TG-ORCH-013',
  title: 'Agent input screening (pre-processing) disabled',
  family: 'ai/orchestration',
  description:
    'The agent’s pre-processing step, which classifies and rejects malicious or out-of-scope user input before the orchestration prompt runs, is switched off. Jailbreaks and injected instructions then go straight into the reasoning loop that picks tools and arguments. This is a setting of Amazon Bedrock agents; Azure and Google agents screen input through attached content filters and Model Armor, which the guardrail rules check.',
  message: 'Agent {asset} has input screening disabled',
  stride: ['T', 'E'],
  atlas: { techniques: ['AML.T0051.000', 'AML.T0054'], mitigations: ['AML.M0020'] },
  owasp: { llm: ['LLM01:2025'], ml: [] },
  lifecycle: ['guardrails', 'orchestration'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('AIS-09', 'TVM-13') },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['A guardrail with prompt-attack filtering attached to the agent lowers likelihood.'],
  evidence: { facts: ['guardrailAttached', 'inputScreening'], flows: [] },
  clouds: ['aws'],
  remediation: {
    aws: 'Set prompt_state = "ENABLED" for the PRE_PROCESSING prompt_configurations of aws_bedrockagent_agent.prompt_override_configuration (or remove the override).',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['agent'],
      when: [{ fact: 'inputScreening', is: false }],
      controls: [{ fact: 'guardrailAttached', is: true, control: 'guardrail attached' }],
    }),
};

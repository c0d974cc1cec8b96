import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const guardrailDraft: Rule = {
  id: 'TG-ORCH-014',
  title: 'Agent uses the draft version of its guardrail: changes go live unevaluated',
  family: 'ai/orchestration',
  description:
    'The agent applies its guardrail as the working draft (guardrail_version "DRAFT", or the version attribute of the aws_bedrock_guardrail, which is always the draft) instead of a published version. The draft is edited in place: every change to the guardrail, a loosened filter or a deleted denied topic, reaches users at once, without the evaluation and red-team run the change process asks for, and the version that was evaluated is not the one that is running. Anyone who may update the guardrail can switch its screening off for the live agent. Bedrock guardrails are the only ones with versions: Azure RAI policies and Google Model Armor templates change in place by design and have no version to pin, so the rule applies to AWS only.',
  message: 'Agent {asset} applies the working draft of its guardrail',
  stride: ['T'],
  atlas: { techniques: ['AML.T0081', 'AML.T0054'], mitigations: ['AML.M0020'] },
  owasp: { llm: ['LLM01:2025'], ml: [] },
  lifecycle: ['guardrails', 'evaluation', 're-evaluation', 'maintenance', 'continuous-improvement'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('CCC-02', 'CCC-04', 'TVM-13'),
    iso42001: ['A.6.2.4'],
    iso27001: ['A.8.32'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'Restricting bedrock:UpdateGuardrail to the deployment pipeline lowers likelihood; what the draft filters today does not, as the draft can change.',
  ],
  evidence: { facts: ['guardrailDraft'], flows: [] },
  clouds: ['aws'],
  remediation: {
    aws: 'Publish the evaluated guardrail with aws_bedrock_guardrail_version and set guardrail_configuration[].guardrail_version = aws_bedrock_guardrail_version.<name>.version on aws_bedrockagent_agent, not "DRAFT" or aws_bedrock_guardrail.<name>.version.',
  },
  match: (view) => matchAttributes(view, { kinds: ['agent'], when: [{ fact: 'guardrailDraft', is: true }] }),
};

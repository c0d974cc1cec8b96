import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const inferenceNoIsolation: Rule = {
  id: 'TG-INF-004',
  title: 'Inference container can reach the network: input and output exfiltration',
  family: 'ai/inference',
  description:
    'The container serving the model can open outbound connections. A malicious model artifact, a compromised serving image or a prompt-triggered tool call can send prompts, completions and the weights themselves to an attacker-controlled host.',
  message: '{asset} ({kind}) serves a model without network isolation',
  stride: ['I'],
  atlas: { techniques: ['AML.T0025', 'AML.T0057'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['operations', 'ai-applications'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('I&S-06', 'AIS-13'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['Placement in a private subnet lowers likelihood.'],
  evidence: { facts: ['networkIsolated', 'privateNetwork'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set enable_network_isolation = true and vpc_config on aws_sagemaker_model.',
    azure:
      'Set outbound_network_access_restricted = true with an fqdns allow-list on azurerm_cognitive_account; use approved-outbound-only managed networks for online endpoints.',
    gcp: 'Deploy to private (PSC) endpoints and restrict egress with VPC Service Controls.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['model', 'inference-endpoint', 'foundation-model-service'],
      when: [{ fact: 'networkIsolated', is: false }],
      controls: [{ fact: 'privateNetwork', is: true, control: 'private network placement' }],
    }),
};

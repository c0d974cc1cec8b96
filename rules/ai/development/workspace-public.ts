import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const workspacePublic: Rule = {
  id: 'TG-DEV-003',
  title: 'ML workspace reachable from the internet',
  family: 'ai/development',
  description:
    'The machine-learning workspace (Studio domain, Azure ML workspace, AI hub) accepts connections from the public internet. Its data, models, compute and stored credentials are one stolen token away, and notebooks in it can exfiltrate directly. Not checked on Google Cloud: Vertex AI has no workspace resource whose network access Terraform sets.',
  message: 'ML workspace {asset} is reachable from the internet',
  stride: ['I', 'S'],
  atlas: { techniques: ['AML.T0049', 'AML.T0025'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['resource-provisioning', 'design'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-03', 'I&S-06'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Private endpoints or a managed network that allows only approved outbound lower likelihood.',
  ],
  evidence: { facts: ['internetReachable', 'networkIsolated', 'privateNetwork'], flows: [] },
  clouds: ['aws', 'azure'],
  remediation: {
    aws: 'Set app_network_access_type = "VpcOnly" on aws_sagemaker_domain.',
    azure:
      'Set public_network_access_enabled = false on azurerm_machine_learning_workspace and add a private endpoint.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['ml-workspace'],
      when: [{ fact: 'internetReachable', is: true }],
      controls: [
        { fact: 'networkIsolated', is: true, control: 'approved-outbound-only managed network' },
        { fact: 'privateNetwork', is: true, control: 'private endpoint' },
      ],
    }),
};

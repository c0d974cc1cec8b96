import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const notebookTerminal: Rule = {
  id: 'TG-DEV-008',
  title: 'Notebook accepts SSH logins',
  family: 'ai/development',
  description:
    'An Azure ML compute instance accepts SSH logins with a public key. SSH is a network entry point of its own, beside the authenticated studio proxy: a leaked or shared key gives a shell with the instance’s managed identity, every dataset mounted into it and the ability to plant code in shared environments, outside the audit trail of notebook executions. SageMaker notebook instances have no SSH, and a Vertex AI Workbench terminal opens through the same authenticated proxy as the notebook itself (whose kernels already run arbitrary code), so the rule applies to Azure only.',
  message: 'Notebook {asset} accepts SSH logins',
  stride: ['E', 'T', 'R'],
  atlas: { techniques: ['AML.T0011.001', 'AML.T0055'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM03:2025'], ml: ['ML06:2023'] },
  lifecycle: ['design', 'maintenance'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-10', 'LOG-13', 'I&S-04'), iso27001: ['A.8.2', 'A.8.18'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['No public IP and private network placement lower likelihood.'],
  evidence: { facts: ['directInternetAccess', 'privateNetwork', 'shellAccess'], flows: [] },
  clouds: ['azure'],
  remediation: {
    azure: 'Remove the ssh block from azurerm_machine_learning_compute_instance.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['notebook'],
      // On Google Cloud shellAccess is the Workbench terminal, reached through the authenticated proxy.
      where: (a) => a.provider === 'azure',
      when: [{ fact: 'shellAccess', is: true }],
      controls: [
        { fact: 'directInternetAccess', is: false, control: 'no public IP' },
        { fact: 'privateNetwork', is: true, control: 'private network placement' },
      ],
    }),
};

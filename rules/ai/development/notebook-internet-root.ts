import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const notebookInternetRoot: Rule = {
  id: 'TG-DEV-001',
  title: 'Notebook with direct internet access and root',
  family: 'ai/development',
  description:
    'A data-science notebook has a direct route to the internet and its user has root. Malicious packages, notebooks or extensions pulled from the internet run as root next to the training data and the execution role’s credentials: a foothold to steal data and weights or to tamper with models before they are registered.',
  message: 'Notebook {asset} has direct internet access and root',
  stride: ['E', 'T', 'I'],
  atlas: { techniques: ['AML.T0049', 'AML.T0011.001', 'AML.T0018.000'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM03:2025'], ml: ['ML06:2023'] },
  lifecycle: ['design', 'training'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-04', 'I&S-06', 'IAM-10'), iso27001: ['A.8.20', 'A.8.2'] },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: ['Placement in a private subnet and IMDSv2 lower likelihood.'],
  evidence: {
    facts: ['directInternetAccess', 'metadataTokensRequired', 'privateNetwork', 'rootAccess'],
    flows: [],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set direct_internet_access = "Disabled" (with subnet_id and security_groups) and root_access = "Disabled" on aws_sagemaker_notebook_instance.',
    azure:
      'Set node_public_ip_enabled = false with subnet_resource_id on azurerm_machine_learning_compute_instance and use a managed network.',
    gcp: 'Set gce_setup.disable_public_ip = true and metadata notebook-disable-root = "true" on google_workbench_instance.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['notebook'],
      when: [
        { fact: 'directInternetAccess', is: true },
        { fact: 'rootAccess', is: true },
      ],
      controls: [
        { fact: 'privateNetwork', is: true, control: 'private network placement' },
        { fact: 'metadataTokensRequired', is: true, control: 'IMDSv2' },
      ],
    }),
};

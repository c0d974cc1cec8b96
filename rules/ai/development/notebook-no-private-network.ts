import { isTrue, type Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const notebookNoPrivateNetwork: Rule = {
  id: 'TG-DEV-004',
  title: 'Notebook runs outside the customer network',
  family: 'ai/development',
  description:
    'A notebook instance is not placed in a subnet of the organisation’s own VPC or VNet (nor, on Azure, in an isolated managed workspace network). Its traffic to training data, model registries and internal services cannot be inspected, restricted by security groups or kept on private endpoints, and data scientists’ copies of sensitive data leave through paths the network team does not control.',
  message: 'Notebook {asset} is not placed in a customer subnet',
  stride: ['I'],
  atlas: { techniques: ['AML.T0025', 'AML.T0037'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['design', 'resource-provisioning'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-06', 'I&S-03'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['Disabled direct internet access lowers likelihood.'],
  evidence: { facts: ['directInternetAccess', 'networkIsolated', 'privateNetwork'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set subnet_id and security_groups on aws_sagemaker_notebook_instance.',
    azure: 'Set subnet_resource_id on azurerm_machine_learning_compute_instance.',
    gcp: 'Set gce_setup.network_interfaces.subnet on google_workbench_instance.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['notebook'],
      // An Azure compute instance without a subnet runs in the workspace's managed network when it is isolated.
      where: (a) => !isTrue(a.facts.networkIsolated),
      when: [{ fact: 'privateNetwork', is: false }],
      controls: [{ fact: 'directInternetAccess', is: false, control: 'no direct internet access' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const trainingComputePublicIp: Rule = {
  id: 'TG-DEV-006',
  title: 'Training compute nodes have public IP addresses',
  family: 'ai/development',
  description:
    'The nodes of a training cluster or persistent training resource get public IP addresses (or run outside any customer network). GPU nodes with public addresses are scanned and attacked directly; a compromised node can alter the training run (backdoor, poisoned checkpoints) and exfiltrate data and weights over its own internet route.',
  message: 'Training compute {asset} has public IP addresses',
  stride: ['T', 'E', 'I'],
  atlas: {
    techniques: ['AML.T0049', 'AML.T0018.000', 'AML.T0025'],
    mitigations: ['AML.M0005'],
  },
  owasp: { llm: ['LLM04:2025'], ml: ['ML10:2023'] },
  lifecycle: ['resource-provisioning', 'training'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-03', 'I&S-09', 'I&S-04'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['A network security group that denies inbound internet traffic lowers likelihood.'],
  evidence: { facts: ['directInternetAccess'], flows: [] },
  clouds: ['azure', 'gcp'],
  remediation: {
    azure:
      'Set node_public_ip_enabled = false and subnet_resource_id on azurerm_machine_learning_compute_cluster.',
    gcp: 'Set resource_runtime_spec network (or psc_interface_config) on google_vertex_ai_persistent_resource so nodes run in a private VPC.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['ml-compute', 'training-job', 'ml-pipeline'],
      when: [{ fact: 'directInternetAccess', is: true }],
    }),
};

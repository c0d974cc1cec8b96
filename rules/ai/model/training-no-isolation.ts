import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const trainingNoIsolation: Rule = {
  id: 'TG-TRAIN-001',
  title: 'Training runs without network isolation',
  family: 'ai/model',
  description:
    'Training jobs or the training pipeline can open outbound connections and run outside a private network. Training code, dependencies or a poisoned sample that triggers code execution can exfiltrate the data set and the weights being produced, or fetch payloads during training.',
  message: '{asset} trains without network isolation',
  stride: ['I', 'T'],
  atlas: { techniques: ['AML.T0025', 'AML.T0010.001'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025', 'LLM03:2025'], ml: ['ML06:2023'] },
  lifecycle: ['training'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('MDS-01', 'I&S-06', 'I&S-03'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['Placement in a private subnet without a NAT route lowers likelihood.'],
  evidence: { facts: ['networkIsolated', 'privateNetwork'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Run training with EnableNetworkIsolation and a VpcConfig (pipeline step NetworkConfig); use VPC endpoints for S3.',
    azure:
      'Use a managed network with isolation_mode = "AllowOnlyApprovedOutbound" and node_public_ip_enabled = false on compute clusters.',
    gcp: 'Set network (or psc_interface_config) on google_vertex_ai_persistent_resource and custom jobs; use VPC Service Controls.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['training-job', 'ml-pipeline', 'ml-compute'],
      when: [{ fact: 'networkIsolated', is: false }],
      controls: [{ fact: 'privateNetwork', is: true, control: 'private network placement' }],
    }),
};

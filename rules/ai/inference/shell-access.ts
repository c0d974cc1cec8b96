import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const shellAccess: Rule = {
  id: 'TG-INF-007',
  title: 'Interactive shell into model hosts',
  family: 'ai/inference',
  description:
    'Operators can open an interactive shell (SSM, SSH, remote debug, web terminal) on hosts that serve or train models. A stolen operator credential gives direct access to weights in memory, to every request passing through, and to the host’s role.',
  message: 'Shell access is enabled on {asset}',
  stride: ['T', 'I', 'E'],
  atlas: { techniques: ['AML.T0035', 'AML.T0044'], mitigations: ['AML.M0005'] },
  owasp: { llm: [], ml: ['ML05:2023'] },
  lifecycle: ['maintenance', 'operations'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-10', 'LOG-13'), iso27001: ['A.8.2', 'A.8.18'] },
  impact: 4,
  likelihood: 2,
  likelihoodModifiers: ['Private network placement lowers likelihood.'],
  evidence: { facts: ['privateNetwork', 'shellAccess'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove enable_ssm_access from production_variants of aws_sagemaker_endpoint_configuration.',
    azure:
      'Set ssh_public_access_enabled = false and remove ssh blocks on azurerm_machine_learning_compute_* resources.',
    gcp: 'Disable web access on custom jobs and OS Login/SSH on model hosts.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['inference-endpoint', 'model', 'ml-compute', 'compute-instance', 'training-job'],
      when: [{ fact: 'shellAccess', is: true }],
      controls: [{ fact: 'privateNetwork', is: true, control: 'private network placement' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const notebookNoCmk: Rule = {
  id: 'TG-DEV-005',
  title: 'Notebook storage not encrypted with a customer-managed key',
  family: 'ai/development',
  description:
    'The volume of a notebook instance, where data scientists keep extracts of training data, credentials and intermediate models, is encrypted only with provider-managed keys. Access to those copies cannot be revoked by disabling a key, and no key log shows who decrypted them. Azure ML compute instances take their encryption from the workspace.',
  message: 'Notebook {asset} is not encrypted with a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036', 'AML.T0037'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['design'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('CEK-03', 'DSP-17'), iso27001: ['A.8.24'] },
  impact: 2,
  likelihood: 2,
  likelihoodModifiers: ['Notebooks that never hold copies of sensitive data make the impact lower.'],
  evidence: { facts: ['customerManagedKey'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set kms_key_id on aws_sagemaker_notebook_instance.',
    gcp: 'Set gce_setup.boot_disk.disk_encryption = "CMEK" with kms_key (and data_disks) on google_workbench_instance.',
  },
  match: (view) =>
    matchAttributes(view, { kinds: ['notebook'], when: [{ fact: 'customerManagedKey', is: false }] }),
};

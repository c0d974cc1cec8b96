import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isTrainingData, matchAttributes } from '../../lib.js';

export const trainingDataNoCmk: Rule = {
  id: 'TG-DATA-005',
  title: 'Training data not encrypted with a customer-managed key',
  family: 'ai/data',
  description:
    'Training data is encrypted only with provider-managed keys. The organisation cannot revoke access to the data set by disabling a key, cannot separate duties between storage and key administrators, and cannot prove from key logs who decrypted the training records.',
  message: '{asset} holds training data without a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['data-storage'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('CEK-03', 'CEK-08', 'DSP-17'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['Stores that hold no personal or confidential data make the impact lower; tag them.'],
  evidence: { facts: ['customerManagedKey'], flows: ['train-on'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id.',
    azure: 'Add customer_managed_key (or azurerm_storage_account_customer_managed_key) with a Key Vault key.',
    gcp: 'Set encryption { default_kms_key_name } on google_storage_bucket and encryption_spec on google_vertex_ai_dataset.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'dataset'],
      where: isTrainingData,
      when: [{ fact: 'customerManagedKey', is: false }],
    }),
};

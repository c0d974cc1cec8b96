import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const featureStoreNoCmk: Rule = {
  id: 'TG-DATA-009',
  title: 'Feature store not encrypted with a customer-managed key',
  family: 'ai/data',
  description:
    'The online or offline store of a feature store, which holds the features models are trained on and read at inference, is encrypted only with provider-managed keys. The organisation cannot revoke access to the feature records by disabling a key, cannot separate storage and key administration, and has no key log of who decrypted them. Azure ML feature stores are workspaces and are covered by the workspace encryption rules.',
  message: 'Feature store {asset} is not encrypted with a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-storage', 'operations'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('CEK-03', 'CEK-08', 'DSP-17'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['Feature groups without personal or confidential attributes make the impact lower.'],
  evidence: { facts: ['customerManagedKey'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set online_store_config.security_config.kms_key_id and offline_store_config.s3_storage_config.kms_key_id on aws_sagemaker_feature_group.',
    gcp: 'Set encryption_spec.kms_key_name on google_vertex_ai_feature_online_store and google_vertex_ai_featurestore.',
  },
  match: (view) =>
    matchAttributes(view, { kinds: ['feature-store'], when: [{ fact: 'customerManagedKey', is: false }] }),
};

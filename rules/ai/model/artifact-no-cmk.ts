import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isArtifactStore, matchAttributes } from '../../lib.js';

export const artifactNoCmk: Rule = {
  id: 'TG-MODEL-005',
  title: 'Model artifacts not encrypted with a customer-managed key',
  family: 'ai/model',
  description:
    'The store that holds trained weights and checkpoints (written by training or loaded by a model) is encrypted only with provider-managed keys. Weights are the organisation’s most valuable AI asset: without a customer-managed key their access cannot be revoked by disabling the key, key administration cannot be separated from storage administration, and no key log shows who decrypted them.',
  message: 'Model artifacts in {asset} are not encrypted with a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0035', 'AML.T0048.004'], mitigations: ['AML.M0012'] },
  owasp: { llm: [], ml: ['ML05:2023'] },
  lifecycle: ['training', 'data-storage'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('CEK-03', 'MDS-08'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['Open-weight models whose artifacts are public anyway make the impact lower.'],
  evidence: { facts: ['customerManagedKey'], flows: ['produce-artifact', 'read'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id on the artifact bucket (and OutputDataConfig.KmsKeyId in the training job).',
    azure: 'Add customer_managed_key to the storage account that holds the model artifacts.',
    gcp: 'Set encryption { default_kms_key_name } on the google_storage_bucket that holds the model artifacts.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store'],
      where: isArtifactStore,
      when: [{ fact: 'customerManagedKey', is: false }],
    }),
};

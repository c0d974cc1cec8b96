import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const trainingOutputNoCmk: Rule = {
  id: 'TG-MODEL-007',
  title: 'Training job or custom model not encrypted with a customer-managed key',
  family: 'ai/model',
  description:
    'A training or fine-tuning job (its volumes, checkpoints and the resulting custom model) is encrypted only with provider-managed keys. The fine-tuned weights embed the training data; without a customer-managed key their access cannot be revoked by disabling the key and no key log shows who decrypted them. Azure ML compute clusters take their encryption from the workspace, which the workspace rules cover.',
  message: 'Training {asset} does not use a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0035', 'AML.T0048.004'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML05:2023'] },
  lifecycle: ['training'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('CEK-03', 'MDS-08'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['Training on public data only makes the impact lower.'],
  evidence: { facts: ['customerManagedKey'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set custom_model_kms_key_id on aws_bedrock_custom_model (and OutputDataConfig.KmsKeyId / ResourceConfig.VolumeKmsKeyId in SageMaker training steps).',
    gcp: 'Set encryption_spec.kms_key_name on google_vertex_ai_persistent_resource and on custom jobs and training pipelines.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['training-job', 'ml-pipeline', 'ml-compute'],
      when: [{ fact: 'customerManagedKey', is: false }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isArtifactStore, isTrainingData, matchAttributes } from '../../lib.js';

export const trainingDataNoVersioning: Rule = {
  id: 'TG-DATA-004',
  title: 'Training data or model artifacts cannot be rolled back',
  family: 'ai/data',
  description:
    'The store holding training data or model artifacts keeps no object versions and no immutability. A poisoned or deleted dataset, or a swapped model file, overwrites the only copy: the change cannot be detected by comparing versions nor rolled back, and the model that was trained on it cannot be traced to the data it saw.',
  message: '{asset} holds {role} without versioning or immutability',
  stride: ['T', 'R'],
  atlas: { techniques: ['AML.T0020', 'AML.T0031'], mitigations: ['AML.M0025', 'AML.M0014'] },
  owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-storage', 'data-curation'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('DSP-23', 'BCR-08', 'CCC-09'),
    iso42001: ['A.7.2', 'A.7.5'],
    iso27001: ['A.8.13'],
    euAiAct: ['Article 10', 'Article 12'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'Object lock or a locked retention policy counts as immutability and lowers likelihood.',
  ],
  evidence: { facts: ['immutability', 'versioning'], flows: ['produce-artifact', 'read', 'train-on'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" } (and aws_s3_bucket_object_lock_configuration for artifacts).',
    azure:
      'Set blob_properties { versioning_enabled = true, delete_retention_policy { days = 30 } } on azurerm_storage_account.',
    gcp: 'Set versioning { enabled = true } and a soft_delete_policy or retention_policy on google_storage_bucket.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'dataset'],
      where: (a, v) => isTrainingData(a, v) || isArtifactStore(a, v),
      when: [{ fact: 'versioning', is: false }],
      controls: [{ fact: 'immutability', is: true, control: 'object lock / immutability' }],
      params: (a, v) => ({ role: isTrainingData(a, v) ? 'training data' : 'model artifacts' }),
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isTrainingData, matchAttributes } from '../../lib.js';

export const trainingDataPublicRead: Rule = {
  id: 'TG-DATA-001',
  title: 'Training data readable by anyone',
  family: 'ai/data',
  description:
    'A store that feeds training grants read access to anonymous principals. Anyone can copy the training set: personal data in it is disclosed, and an attacker learns exactly what the model was trained on, which makes membership inference, model inversion and targeted poisoning cheaper.',
  message: '{asset} feeds training and is readable anonymously',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036', 'AML.T0025'], mitigations: ['AML.M0005', 'AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML03:2023', 'ML04:2023'] },
  lifecycle: ['data-storage', 'data-collection'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('DSP-17', 'DSP-07', 'CEK-03', 'I&S-03'),
    iso42001: ['A.7.2'],
    iso27001: ['A.5.15', 'A.8.3'],
    euAiAct: ['Article 10', 'Article 15(5)'],
  },
  impact: 4,
  likelihood: 5,
  likelihoodModifiers: [
    'A provider-level block on public access (S3 public access block, GCS public access prevention) lowers likelihood.',
  ],
  evidence: { facts: ['anonymousRead', 'publicAccessBlocked'], flows: ['train-on'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove Principal "*" read statements from aws_s3_bucket_policy and public ACLs; add aws_s3_bucket_public_access_block with all four settings true.',
    azure:
      'Set allow_nested_items_to_be_public = false on azurerm_storage_account and container_access_type = "private" on its containers.',
    gcp: 'Remove allUsers/allAuthenticatedUsers from google_storage_bucket_iam_*; set public_access_prevention = "enforced".',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'dataset'],
      where: isTrainingData,
      when: [{ fact: 'anonymousRead', is: true }],
      controls: [{ fact: 'publicAccessBlocked', is: true, control: 'public access blocked at the provider' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isTrainingData, matchAttributes } from '../../lib.js';

export const trainingDataNoAccessLogging: Rule = {
  id: 'TG-DATA-006',
  title: 'Writes to training data are not audited',
  family: 'ai/data',
  description:
    'Reads and writes of the training data store are not logged. If the data set is poisoned, no record says who changed which objects and when, so the poisoning cannot be attributed, scoped or proven absent during an incident or an audit.',
  message: '{asset} feeds training but its data access is not logged',
  stride: ['R'],
  atlas: { techniques: ['AML.T0020'], mitigations: ['AML.M0024'] },
  owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-storage', 'continuous-monitoring'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('LOG-12', 'LOG-07', 'DSP-21'),
    iso27001: ['A.8.15'],
    euAiAct: ['Article 12'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'Versioning lowers likelihood: changed objects can still be found, though not attributed.',
  ],
  evidence: { facts: ['accessLogging', 'versioning'], flows: ['train-on'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_s3_bucket_logging (or a CloudTrail data-event selector for AWS::S3::Object on the bucket).',
    azure:
      'Add azurerm_monitor_diagnostic_setting on the storage account blob service with StorageRead/StorageWrite logs.',
    gcp: 'Add google_project_iam_audit_config for storage.googleapis.com with DATA_READ and DATA_WRITE, or logging { log_bucket } on the bucket.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'dataset'],
      where: isTrainingData,
      when: [{ fact: 'accessLogging', is: false }],
      controls: [{ fact: 'versioning', is: true, control: 'object versioning' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isArtifactStore, matchAttributes } from '../../lib.js';

export const artifactNoAccessLogging: Rule = {
  id: 'TG-MODEL-006',
  title: 'Reads and writes of model artifacts are not audited',
  family: 'ai/model',
  description:
    'The store that holds trained weights records no data-plane access log. A copy of the weights (model theft) or a replaced artifact (model tampering) leaves no trace: the incident cannot be detected, scoped or attributed, and the organisation cannot show which principal last wrote the model production loads.',
  message: 'Access to model artifacts in {asset} is not logged',
  stride: ['R'],
  atlas: { techniques: ['AML.T0035', 'AML.T0018.000'], mitigations: ['AML.M0024'] },
  owasp: { llm: ['LLM03:2025'], ml: ['ML05:2023', 'ML10:2023'] },
  lifecycle: ['continuous-monitoring', 'ai-services-supply-chain'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('LOG-13', 'LOG-03', 'MDS-09'), iso27001: ['A.8.15'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'CloudTrail data events or audit logs configured outside this plan lower likelihood.',
  ],
  evidence: { facts: ['accessLogging'], flows: ['produce-artifact', 'read'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_s3_bucket_logging for the artifact bucket, or an aws_cloudtrail advanced_event_selector on AWS::S3::Object for it.',
    azure:
      'Add azurerm_monitor_diagnostic_setting on the blob service (…/blobServices/default) of the artifact storage account with StorageRead and StorageWrite.',
    gcp: 'Add google_project_iam_audit_config for storage.googleapis.com with DATA_READ and DATA_WRITE.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store'],
      where: isArtifactStore,
      when: [{ fact: 'accessLogging', is: false }],
    }),
};

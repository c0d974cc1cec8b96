import {
  isTrue,
  isUnknown,
  type Asset,
  type Fact,
  type Finding,
  type Flow,
  type GraphView,
  type Rule,
  type UnknownInput,
} from '../../../src/model/index.js';
import { aicmControls, factEvidence, flowEvidence, unknownInput } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const job of view.assets(['training-job', 'ml-pipeline', 'ml-compute'])) {
    // Training inputs first: a wildcard write grant makes every member of its set an output of the job, and
    // those are looked at only for a job that trains on data the organisation expires.
    const inputs: { input: Flow; data: Asset; expires: Fact }[] = [];
    for (const input of view.flowsFrom(job.id, ['train-on'])) {
      const data = view.asset(input.to);
      const expires = data?.facts.deletionLifecycle;
      // Only data the organisation expires: keeping everything is TG-DATA-007's finding.
      if (data !== undefined && expires !== undefined && (isTrue(expires) || isUnknown(expires)))
        inputs.push({ input, data, expires });
    }
    if (inputs.length === 0) continue;
    const outputs = view.flowsFrom(job.id, ['produce-artifact']);
    for (const { input, data, expires } of inputs) {
      for (const output of outputs) {
        const artifacts = view.asset(output.to);
        const kept = artifacts?.facts.deletionLifecycle;
        // The same store expires its artifacts with the data; an absent fact is not modelled.
        if (artifacts === undefined || artifacts.id === data.id || kept === undefined || isTrue(kept))
          continue;
        const unknowns: UnknownInput[] = [
          ...(isUnknown(expires) ? [unknownInput(data, 'deletionLifecycle')] : []),
          ...(isUnknown(kept) ? [unknownInput(artifacts, 'deletionLifecycle')] : []),
        ];
        yield {
          assets: [artifacts.id, data.id],
          path: [data.id, job.id, artifacts.id],
          params: { asset: artifacts.name, data: data.name, job: job.name },
          evidence: [
            factEvidence(data, 'deletionLifecycle'),
            factEvidence(artifacts, 'deletionLifecycle'),
            ...flowEvidence(input),
            ...flowEvidence(output),
          ],
          unknowns,
        };
      }
    }
  }
}

export const deletedDataInArtifacts: Rule = {
  id: 'TG-MODEL-010',
  title: 'Deleted training data lives on in model artifacts kept forever',
  family: 'ai/model',
  description:
    'A training job learns from a store whose lifecycle rule expires its data, and writes the resulting model artifacts to a store with no deletion lifecycle. The organisation deletes the records, but every model trained on them is kept: the weights memorise parts of their training set, so membership inference, model inversion or plain prompting of an old model version recovers personal data long after it was deleted from the data store, and a deletion request is never fully honoured.',
  message: '{asset} keeps models trained by {job} on {data}, whose data expires, with no deletion lifecycle',
  stride: ['I'],
  atlas: {
    techniques: ['AML.T0024.000', 'AML.T0024.001', 'AML.T0057'],
    mitigations: ['AML.M0005', 'AML.M0019'],
  },
  owasp: { llm: ['LLM02:2025'], ml: ['ML03:2023', 'ML04:2023'] },
  lifecycle: ['data-deletion', 'training'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('DSP-16', 'DSP-11'),
    iso42001: ['A.7.2'],
    iso27001: ['A.8.10'],
  },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: [
    'Training on data without personal information lowers the impact; retraining after deletions and expiring superseded model versions removes the threat.',
  ],
  evidence: { facts: ['deletionLifecycle'], flows: ['produce-artifact', 'train-on'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add an aws_s3_bucket_lifecycle_configuration to the artifact bucket with expiration (and noncurrent_version_expiration) aligned with the data retention, and retrain models after the data expires.',
    azure:
      'Add an azurerm_storage_management_policy to the artifact storage account whose actions delete base blobs and versions (delete_after_days_since_modification_greater_than, version.delete_after_days_since_creation) in line with the data retention.',
    gcp: 'Add a lifecycle_rule { action { type = "Delete" } } to the artifact google_storage_bucket (age, or num_newer_versions for superseded models) in line with the data retention.',
  },
  match: findings,
};

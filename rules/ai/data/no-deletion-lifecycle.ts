import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isTrainingData, matchAttributes, nameList } from '../../lib.js';

export const noDeletionLifecycle: Rule = {
  id: 'TG-DATA-007',
  title: 'AI data kept forever: no deletion lifecycle',
  family: 'ai/data',
  description:
    'Training data, captured prompts and completions, and inference logs are kept with no expiry. Personal data outlives its purpose, deletion requests cannot be honoured systematically, and every old capture stays available to whoever later gains read access.',
  message: '{asset} holds {role} with no rule that expires or deletes it',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['data-deletion', 'archiving'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('DSP-16', 'DSP-11'),
    iso42001: ['A.7.2'],
    iso27001: ['A.8.10'],
    euAiAct: ['Article 10'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['Stores that hold no personal data lower the impact.'],
  evidence: { facts: ['deletionLifecycle'], flows: ['log-to', 'train-on', 'write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_s3_bucket_lifecycle_configuration with an expiration rule; set retention_in_days on aws_cloudwatch_log_group.',
    azure:
      'Add azurerm_storage_management_policy with a delete action; set retention_in_days on azurerm_log_analytics_workspace.',
    gcp: 'Add lifecycle_rule { action { type = "Delete" } condition { age = N } } to google_storage_bucket; set retention_days on logging buckets.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'dataset', 'log-sink', 'knowledge-base'],
      where: (a, v) =>
        isTrainingData(a, v) ||
        v.hasSource(
          a.id,
          ['log-to', 'write'],
          ['inference-endpoint', 'foundation-model-service', 'agent', 'model'],
        ),
      when: [{ fact: 'deletionLifecycle', is: false }],
      params: (a, v) => ({
        role: isTrainingData(a, v)
          ? 'training data'
          : a.kind === 'log-sink'
            ? 'inference logs'
            : `data written by ${nameList(v.sources(a.id, ['log-to', 'write']).filter((s) => s.kind !== 'identity'))}`,
      }),
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { INFERENCE_KINDS, aicmControls, matchAttributes } from '../../lib.js';

export const logSinkWeak: Rule = {
  id: 'TG-LOG-002',
  title: 'AI logs stored without a customer-managed key',
  family: 'cloud/logging',
  description:
    'A log sink that receives logs of models, endpoints or agents is encrypted only with provider keys. Those logs hold prompts, completions, identities and error traces; anyone with broad log-read permissions reads them, and the organisation cannot revoke access by key.',
  message: 'Log sink {asset} receives AI logs without a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036', 'AML.T0057'], mitigations: ['AML.M0012', 'AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['continuous-monitoring'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('LOG-02', 'LOG-10', 'LOG-08', 'DSP-16'), iso27001: ['A.8.15', 'A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['A retention limit lowers how much is exposed.'],
  evidence: { facts: ['customerManagedKey', 'deletionLifecycle'], flows: ['log-to'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set kms_key_id and retention_in_days on aws_cloudwatch_log_group.',
    azure: 'Use a Log Analytics workspace linked to a cluster with customer-managed keys.',
    gcp: 'Use a logging bucket with cmek_settings (google_logging_project_bucket_config).',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['log-sink'],
      where: (a, v) => v.hasSource(a.id, ['log-to'], INFERENCE_KINDS),
      when: [{ fact: 'customerManagedKey', is: false }],
      controls: [{ fact: 'deletionLifecycle', is: true, control: 'log retention limit' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const noInvocationLogging: Rule = {
  id: 'TG-LOG-001',
  title: 'Model invocations are not logged',
  family: 'cloud/logging',
  description:
    'Calls to the model, endpoint or agent leave no invocation log. Abuse (extraction, jailbreak attempts, denial of wallet) cannot be detected or investigated, a user cannot be tied to what the model answered them, and the continuous-monitoring evidence an auditor asks for does not exist.',
  message: 'Invocations of {asset} are not logged',
  stride: ['R'],
  atlas: { techniques: ['AML.T0024', 'AML.T0034', 'AML.T0040'], mitigations: ['AML.M0024'] },
  owasp: { llm: ['LLM10:2025'], ml: ['ML05:2023'] },
  lifecycle: ['continuous-monitoring', 'operations'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('LOG-12', 'LOG-15', 'LOG-16', 'MDS-10'),
    iso42001: ['A.6.2.6'],
    iso27001: ['A.8.15', 'A.8.16'],
    euAiAct: ['Article 12', 'Article 19'],
  },
  impact: 3,
  likelihood: 4,
  likelihoodModifiers: ['Access logs at the fronting gateway give partial coverage.'],
  evidence: { facts: ['invocationLogging'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_bedrock_model_invocation_logging_configuration for the region; enable data capture or CloudWatch logging on SageMaker endpoints.',
    azure:
      'Add azurerm_monitor_diagnostic_setting on the Azure OpenAI / AI Services account with Audit and RequestResponse categories.',
    gcp: 'Enable predict_request_response_logging_config on google_vertex_ai_endpoint and DATA_READ audit logs for aiplatform.googleapis.com.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['inference-endpoint', 'foundation-model-service', 'agent'],
      when: [{ fact: 'invocationLogging', is: false }],
    }),
};

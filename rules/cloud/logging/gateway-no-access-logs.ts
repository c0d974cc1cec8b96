import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, matchAttributes } from '../../lib.js';

export const gatewayNoAccessLogs: Rule = {
  id: 'TG-LOG-004',
  title: 'AI entry point without access logs',
  family: 'cloud/logging',
  description:
    'The internet-facing gateway in front of the model keeps no access log. Who called the AI application, when, from where and how often cannot be reconstructed: abuse goes unnoticed and incidents cannot be scoped.',
  message: 'Entry point {asset} keeps no access log',
  stride: ['R'],
  atlas: { techniques: ['AML.T0040', 'AML.T0034'], mitigations: ['AML.M0024'] },
  owasp: { llm: ['LLM10:2025'], ml: [] },
  lifecycle: ['continuous-monitoring', 'ai-applications'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('LOG-12', 'LOG-03'), iso27001: ['A.8.15'], euAiAct: ['Article 12'] },
  impact: 2,
  likelihood: 4,
  likelihoodModifiers: [],
  evidence: { facts: ['invocationLogging'], flows: ['invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set access_log_settings { destination_arn, format } on aws_api_gateway_stage / aws_apigatewayv2_stage.',
    azure: 'Add azurerm_monitor_diagnostic_setting on API Management with the GatewayLogs category.',
    gcp: 'Enable logging on the backend service (log_config) or rely on API Gateway request logs in Cloud Logging.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway', 'load-balancer'],
      where: (a, v) => v.zone(a.id).zone === 'dmz' && frontsModel(v, a.id),
      when: [{ fact: 'invocationLogging', is: false }],
    }),
};

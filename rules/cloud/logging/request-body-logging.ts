import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const requestBodyLogging: Rule = {
  id: 'TG-LOG-003',
  title: 'Full prompts and responses written to gateway logs',
  family: 'cloud/logging',
  description:
    'The gateway logs full request and response bodies. Prompts and completions, with whatever personal data and secrets they contain, are copied into general-purpose logs that many people and tools can read and that are rarely sanitised or deleted. Not checked on Google Cloud: API Gateway and the load balancers have no Terraform setting that logs bodies.',
  message: '{asset} logs full request and response bodies',
  stride: ['I'],
  atlas: { techniques: ['AML.T0057'], mitigations: ['AML.M0024'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['continuous-monitoring'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('LOG-08', 'DSP-17'), iso27001: ['A.8.11', 'A.8.15'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: ['requestBodyLogging'], flows: [] },
  clouds: ['aws', 'azure'],
  remediation: {
    aws: 'Set data_trace_enabled = false in aws_api_gateway_method_settings (and in default_route_settings of aws_apigatewayv2_stage).',
    azure:
      'Set body bytes to 0 in azurerm_api_management_diagnostic frontend/backend request and response settings.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway', 'load-balancer'],
      when: [{ fact: 'requestBodyLogging', is: true }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, matchAttributes } from '../../lib.js';

export const noThrottling: Rule = {
  id: 'TG-INF-002',
  title: 'Model-backed API without rate or token limits: denial of wallet',
  family: 'ai/inference',
  description:
    'An internet-facing entry point forwards requests to a model with no rate limit, quota or token budget. A single client can run up model and GPU costs without bound, exhaust provisioned capacity for everyone else, and query the model fast enough to extract it.',
  message: '{asset} forwards to a model without rate or token limits',
  stride: ['D'],
  atlas: { techniques: ['AML.T0034', 'AML.T0029', 'AML.T0024.002'], mitigations: ['AML.M0004'] },
  owasp: { llm: ['LLM10:2025'], ml: [] },
  lifecycle: ['operations', 'ai-applications'],
  ssrm: 'Application',
  controls: {
    aicm: aicmControls('I&S-02', 'AIS-08', 'TVM-13'),
    iso27001: ['A.8.6'],
    euAiAct: ['Article 15(4)'],
  },
  impact: 3,
  likelihood: 4,
  likelihoodModifiers: ['Authentication at the entry point and a WAF lower likelihood.'],
  evidence: { facts: ['requiresAuthentication', 'throttling', 'wafProtected'], flows: ['invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_api_gateway_usage_plan with throttle_settings and quota_settings, or throttling_rate_limit in aws_api_gateway_method_settings (default_route_settings on HTTP APIs).',
    azure:
      'Add rate-limit-by-key and azure-openai-token-limit (llm-token-limit) to the API Management policy.',
    gcp: 'Set quota and rate limits in the API Gateway config (x-google-management quotas) or a Cloud Armor rate_limit_options rule.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway', 'load-balancer'],
      where: (a, v) => v.zone(a.id).zone === 'dmz' && frontsModel(v, a.id),
      when: [{ fact: 'throttling', is: false }],
      controls: [
        { fact: 'requiresAuthentication', is: true, control: 'authentication' },
        { fact: 'wafProtected', is: true, control: 'web application firewall' },
      ],
    }),
};

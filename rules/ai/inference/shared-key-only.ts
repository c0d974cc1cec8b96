import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, matchAttributes } from '../../lib.js';

export const sharedKeyOnly: Rule = {
  id: 'TG-INF-012',
  title: 'Model-backed API authenticates callers with an API key only',
  family: 'ai/inference',
  description:
    'An internet-facing API in front of a model accepts a static API key (an APIM subscription key, an API Gateway apiKey security definition) as its only authentication. Keys identify an application, not a user: they are embedded in clients, copied between teams and leak into repositories, and anyone holding one can call the model at the organisation’s expense, extract it, or inject prompts without being attributable. AWS API Gateway API keys are a usage-plan feature, not authentication, and are not mapped as such.',
  message: '{asset} in front of a model accepts API keys as its only authentication',
  stride: ['S', 'R', 'D'],
  atlas: { techniques: ['AML.T0055', 'AML.T0040', 'AML.T0034'], mitigations: ['AML.M0019'] },
  owasp: { llm: ['LLM10:2025'], ml: ['ML05:2023'] },
  lifecycle: ['ai-applications', 'operations'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('IAM-13', 'AIS-08', 'IAM-15'), iso27001: ['A.5.17', 'A.8.5'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['Per-key quotas and short-lived keys lower likelihood.'],
  evidence: { facts: ['authMethod'], flows: ['invoke'] },
  clouds: ['azure', 'gcp'],
  remediation: {
    azure:
      'Add a validate-jwt or validate-azure-ad-token policy to the API (azurerm_api_management_api_policy) in addition to the subscription key.',
    gcp: 'Add an OAuth2 / JWT securityDefinition (x-google-issuer, x-google-jwks_uri) to the OpenAPI document of google_api_gateway_api_config.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway', 'load-balancer'],
      where: (a, v) => v.zone(a.id).zone === 'dmz' && frontsModel(v, a.id),
      when: [{ fact: 'authMethod', is: 'KEY' }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, matchAttributes } from '../../lib.js';

export const noRequestValidation: Rule = {
  id: 'TG-INF-013',
  title: 'Model-backed API accepts requests without validation',
  family: 'ai/inference',
  description:
    'An internet-facing API in front of a model forwards request bodies without validating them: no API Gateway request validator with validate_request_body and a request model on the methods that carry a body, no blocking validate-content policy in API Management. Oversized prompts, malformed documents and fields the application never meant to accept (a system message, a model id, max_tokens, tool definitions) reach the model path unchecked, where they run up cost, inject instructions and change how the model is called. HTTP APIs (API Gateway v2), Google API Gateway and Cloud Run have no request-validation setting in Terraform, so the rule covers REST APIs on AWS and API Management on Azure, not Google Cloud.',
  message: '{asset} forwards request bodies to a model without validating them',
  stride: ['T', 'D'],
  atlas: {
    techniques: ['AML.T0049', 'AML.T0051.000', 'AML.T0034.001'],
    mitigations: ['AML.M0015'],
  },
  owasp: { llm: ['LLM01:2025', 'LLM10:2025'], ml: ['ML01:2023'] },
  lifecycle: ['guardrails', 'ai-applications'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('AIS-09', 'AIS-08'), iso27001: ['A.8.26'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'A web application firewall in front of the API lowers likelihood (managed rule sets cap body sizes); validation in application code is not visible in the infrastructure.',
  ],
  evidence: { facts: ['requestValidation', 'wafProtected'], flows: ['invoke'] },
  clouds: ['aws', 'azure'],
  remediation: {
    aws: 'Add an aws_api_gateway_request_validator with validate_request_body = true and an aws_api_gateway_model (JSON schema with maxLength and additionalProperties = false), and set request_validator_id and request_models on each aws_api_gateway_method that forwards to the model.',
    azure:
      'Add <validate-content unspecified-content-type-action="prevent" max-size="..." size-exceeded-action="prevent"> with <content type="application/json" validate-as="json" action="prevent" /> to the inbound section of the azurerm_api_management_api_policy (or the global azurerm_api_management_policy).',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway'],
      where: (a, v) => v.zone(a.id).zone === 'dmz' && frontsModel(v, a.id),
      when: [{ fact: 'requestValidation', is: false }],
      controls: [{ fact: 'wafProtected', is: true, control: 'web application firewall' }],
    }),
};

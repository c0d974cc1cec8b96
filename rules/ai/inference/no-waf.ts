import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const noWaf: Rule = {
  id: 'TG-INF-003',
  title: 'Internet-facing AI entry point without a web application firewall',
  family: 'ai/inference',
  description:
    'The gateway or load balancer in front of the AI application has no web application firewall. Known injection payloads, bot traffic and request floods reach the application and the model unfiltered; there is no place to block an abusive client quickly.',
  message: '{asset} is internet-facing without a WAF',
  stride: ['T', 'D'],
  atlas: { techniques: ['AML.T0049', 'AML.T0051.000'], mitigations: ['AML.M0015'] },
  owasp: { llm: ['LLM01:2025', 'LLM10:2025'], ml: ['ML01:2023'] },
  lifecycle: ['ai-applications', 'operations'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('I&S-09', 'AIS-08'), iso27001: ['A.8.20', 'A.8.23'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['Throttling at the gateway lowers likelihood of floods.'],
  evidence: { facts: ['throttling', 'wafProtected'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Associate an aws_wafv2_web_acl (with a rate-based rule and AWS managed rule groups) with the API stage or load balancer via aws_wafv2_web_acl_association.',
    azure:
      'Put Application Gateway or Front Door with azurerm_web_application_firewall_policy in front of API Management.',
    gcp: 'Attach a google_compute_security_policy (Cloud Armor) to the backend service in front of the API.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway', 'load-balancer'],
      where: (a, v) => v.zone(a.id).zone === 'dmz',
      when: [{ fact: 'wafProtected', is: false }],
      controls: [{ fact: 'throttling', is: true, control: 'throttling' }],
    }),
};

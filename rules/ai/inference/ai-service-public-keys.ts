import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const aiServicePublicKeys: Rule = {
  id: 'TG-INF-008',
  title: 'AI service reachable from the internet with static keys',
  family: 'ai/inference',
  description:
    'A managed AI service (Azure OpenAI, AI Services, a vector or search service) accepts connections from the internet and authenticates with static API keys. A key that leaks from code, a pipeline log or a laptop gives anyone full use of the models and data behind it from anywhere, with no user identity in the logs.',
  message: '{asset} is reachable from the internet and accepts static keys',
  stride: ['S', 'I', 'D'],
  atlas: { techniques: ['AML.T0055', 'AML.T0012', 'AML.T0040', 'AML.T0034'], mitigations: ['AML.M0019'] },
  owasp: { llm: ['LLM10:2025', 'LLM02:2025'], ml: [] },
  lifecycle: ['ai-services-supply-chain', 'ai-applications'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-13', 'IAM-14', 'I&S-03'), iso27001: ['A.5.17', 'A.8.5'] },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: ['Network ACLs with a Deny default or private endpoints lower likelihood.'],
  evidence: { facts: ['internetReachable', 'keyAuthEnabled', 'privateNetwork'], flows: [] },
  clouds: ['azure', 'gcp'],
  remediation: {
    azure:
      'Set local_auth_enabled = false and public_network_access_enabled = false (or network_acls default_action = "Deny") on azurerm_cognitive_account / local_authentication_enabled = false on azurerm_search_service.',
    gcp: 'Restrict API keys (google_apikeys_key restrictions) or use service-account auth only.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['foundation-model-service', 'vector-store'],
      when: [
        { fact: 'internetReachable', is: true },
        { fact: 'keyAuthEnabled', is: true },
      ],
      controls: [{ fact: 'privateNetwork', is: true, control: 'private endpoint' }],
    }),
};

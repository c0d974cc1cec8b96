import type { Rule } from '../../../src/model/index.js';
import { AI_KINDS, aicmControls, matchAttributes } from '../../lib.js';

export const secretStorePublic: Rule = {
  id: 'TG-NET-003',
  title: 'Key vault of an AI system reachable from the internet',
  family: 'cloud/network',
  description:
    'The Key Vault that holds the AI system’s customer-managed keys, service keys and connection secrets accepts connections from the public internet. Any credential that can read secrets (a leaked service principal secret, a developer token) can then be used from anywhere, and the vault is one step from every model, index and data store it protects. This is an Azure setting: AWS Secrets Manager and Google Secret Manager have no public network switch and are governed by IAM and VPC endpoints or service perimeters.',
  message: 'Key vault {asset} is reachable from the internet',
  stride: ['I', 'E'],
  atlas: { techniques: ['AML.T0055'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['resource-provisioning', 'operations'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('CEK-03', 'I&S-03', 'IAM-14'), iso27001: ['A.8.20', 'A.8.24'] },
  impact: 4,
  likelihood: 2,
  likelihoodModifiers: ['RBAC authorization with narrow secret-reader assignments lowers likelihood.'],
  evidence: { facts: ['internetReachable', 'privateNetwork'], flows: [] },
  clouds: ['azure'],
  remediation: {
    azure:
      'Set public_network_access_enabled = false (or network_acls.default_action = "Deny") on azurerm_key_vault and reach it through an azurerm_private_endpoint.',
  },
  match: (view) =>
    // A property of the system, not of each vault: asked once.
    view.assets(AI_KINDS).length === 0
      ? []
      : matchAttributes(view, {
          kinds: ['secret-store'],
          when: [{ fact: 'internetReachable', is: true }],
          controls: [{ fact: 'privateNetwork', is: true, control: 'private endpoint' }],
        }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const mlStaticKeys: Rule = {
  id: 'TG-DEV-007',
  title: 'ML workspace, compute or AI data store accepts static keys',
  family: 'ai/development',
  description:
    'An ML workspace reaches its storage with the account key, a compute instance or cluster allows local (key) authentication, or a storage account holding training data or model artifacts accepts shared keys. A static key is not bound to a person, bypasses conditional access and RBAC, is rarely rotated and grants full access to everything behind it; one leaked key exposes datasets and weights. This is specific to Azure: AWS has no account keys for these services and Google Cloud HMAC keys are not mapped.',
  message: '{asset} accepts static keys',
  stride: ['S', 'E'],
  atlas: { techniques: ['AML.T0055', 'AML.T0012'], mitigations: ['AML.M0005'] },
  owasp: { llm: [], ml: [] },
  lifecycle: ['data-storage', 'design'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-13', 'IAM-12'), iso27001: ['A.5.17', 'A.8.5'] },
  impact: 4,
  likelihood: 2,
  likelihoodModifiers: [
    'Keys kept in Key Vault with rotation, and private network access, lower likelihood.',
  ],
  evidence: { facts: ['keyAuthEnabled'], flows: ['produce-artifact', 'read', 'train-on'] },
  clouds: ['azure'],
  remediation: {
    azure:
      'Set storage_account_access_type = "Identity" on azurerm_machine_learning_workspace, local_auth_enabled = false on azurerm_machine_learning_compute_*, and shared_access_key_enabled = false on the storage account.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['ml-workspace', 'ml-compute', 'notebook', 'object-store'],
      where: (a, v) =>
        a.kind !== 'object-store' ||
        v.flowsTo(a.id, ['train-on', 'produce-artifact']).length > 0 ||
        v.sources(a.id, ['read']).some((s) => s.kind === 'model'),
      when: [{ fact: 'keyAuthEnabled', is: true }],
    }),
};

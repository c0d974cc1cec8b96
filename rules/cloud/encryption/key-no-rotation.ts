import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const keyNoRotation: Rule = {
  id: 'TG-KEY-001',
  title: 'Key protecting AI data is never rotated',
  family: 'cloud/encryption',
  description:
    'A customer-managed key used by AI data stores, models or logs has no automatic rotation. Key material that leaks stays valid for every object encrypted under it, indefinitely.',
  message: 'Key {asset} is used by AI assets and is not rotated',
  stride: ['I'],
  atlas: { techniques: ['AML.T0055'], mitigations: ['AML.M0012'] },
  owasp: { llm: [], ml: [] },
  lifecycle: ['data-storage'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('CEK-12', 'CEK-03'), iso27001: ['A.8.24'] },
  impact: 2,
  likelihood: 2,
  likelihoodModifiers: [],
  evidence: { facts: ['keyRotation'], flows: ['encrypt-with'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set enable_key_rotation = true on aws_kms_key.',
    azure: 'Add rotation_policy to azurerm_key_vault_key.',
    gcp: 'Set rotation_period on google_kms_crypto_key.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['key'],
      where: (a, v) => v.flowsTo(a.id, ['encrypt-with']).length > 0,
      when: [{ fact: 'keyRotation', is: false }],
    }),
};

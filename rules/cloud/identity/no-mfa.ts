import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const noMfa: Rule = {
  id: 'TG-IAM-004',
  title: 'Users of the AI application sign in without a second factor',
  family: 'cloud/identity',
  description:
    'The authentication system in front of the AI application does not require multi-factor authentication. Stolen or guessed passwords let an attacker act as a legitimate user of the model: read their conversations and data, and abuse the application under their name.',
  message: 'Identity provider {asset} does not require MFA',
  stride: ['S'],
  atlas: { techniques: ['AML.T0012'], mitigations: ['AML.M0019'] },
  owasp: { llm: [], ml: [] },
  lifecycle: ['ai-applications'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('IAM-13', 'IAM-15'), iso27001: ['A.8.5'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: ['mfaRequired'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set mfa_configuration = "ON" with software_token_mfa_configuration on aws_cognito_user_pool.',
    gcp: 'Set mfa { state = "ENABLED" } on google_identity_platform_config.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['identity-provider'],
      where: (a, v) => v.zone(a.id).zone === 'dmz',
      when: [{ fact: 'mfaRequired', is: false }],
    }),
};

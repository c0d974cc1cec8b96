import type { Rule } from '../../../src/model/index.js';
import { AI_KINDS, aicmControls, matchAttributes } from '../../lib.js';

export const externalTrust: Rule = {
  id: 'TG-IAM-002',
  title: 'AI execution identity can be assumed from outside the organisation',
  family: 'cloud/identity',
  description:
    'An identity used by an AI workload trusts principals outside the account or tenant (any principal, a foreign account, an external identity pool) without a restricting condition. Whoever controls that principal acts as the training pipeline, model or agent.',
  message: '{asset} can be assumed by principals outside the account',
  stride: ['S', 'E'],
  atlas: { techniques: ['AML.T0012'], mitigations: ['AML.M0005'] },
  owasp: { llm: [], ml: [] },
  lifecycle: ['resource-provisioning'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-06', 'STA-05'), iso27001: ['A.5.19', 'A.8.2'] },
  impact: 5,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: ['externalTrust'], flows: ['assume-identity'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Restrict assume_role_policy of aws_iam_role to the service principal or named accounts with sts:ExternalId / aws:SourceArn conditions.',
    azure: 'Review azurerm_federated_identity_credential subjects and issuers on the workload identity.',
    gcp: 'Restrict roles/iam.workloadIdentityUser and serviceAccountTokenCreator bindings to your own principals.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['identity'],
      where: (a, v) =>
        v.sources(a.id, ['assume-identity']).some((h) => AI_KINDS.includes(h.kind) || h.kind === 'function'),
      when: [{ fact: 'externalTrust', is: true }],
    }),
};

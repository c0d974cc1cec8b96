import { type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import { AI_KINDS, aicmControls, factEvidence, nameList, unknownInput } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const identity of view.assets('identity')) {
    const admin = identity.facts.adminPrivileges;
    if (admin === undefined || (admin.state !== 'unknown' && !admin.value)) continue;
    const holders = view
      .sources(identity.id, ['assume-identity'])
      .filter((h) => AI_KINDS.includes(h.kind) || h.kind === 'function');
    if (holders.length === 0) continue;
    yield {
      assets: [identity.id],
      params: { asset: identity.name, holders: nameList(holders) },
      evidence: [factEvidence(identity, 'adminPrivileges')],
      unknowns: admin.state === 'unknown' ? [unknownInput(identity, 'adminPrivileges')] : [],
    };
  }
}

export const overprivilegedAiIdentity: Rule = {
  id: 'TG-IAM-001',
  title: 'AI workload runs with administrator or wildcard permissions',
  family: 'cloud/identity',
  description:
    'An identity used by a model, endpoint, agent, training job, notebook or AI function holds administrator, full-access or wildcard permissions. Any compromise of the workload — a malicious model file, an injected prompt that drives a tool, a vulnerable dependency — becomes a compromise of the account.',
  message: '{asset} has administrator or wildcard permissions and is used by {holders}',
  stride: ['E'],
  atlas: { techniques: ['AML.T0012', 'AML.T0055'], mitigations: ['AML.M0005', 'AML.M0026'] },
  owasp: { llm: ['LLM06:2025'], ml: [] },
  lifecycle: ['training', 'ai-applications'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-05', 'IAM-09', 'IAM-10'), iso27001: ['A.8.2', 'A.5.15'] },
  impact: 5,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: ['adminPrivileges'], flows: ['assume-identity'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Replace AdministratorAccess / *FullAccess attachments and "*" actions with statements scoped to the buckets, tables and endpoints the workload uses.',
    azure:
      'Replace Owner/Contributor assignments of the workload identity with data-plane roles scoped to the resources it uses.',
    gcp: 'Replace roles/owner, roles/editor and roles/aiplatform.admin on the service account with narrow roles on the resources it uses.',
  },
  match: findings,
};

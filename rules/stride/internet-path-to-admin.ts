import { isTrue, isUnknown, type Finding, type GraphView, type Rule } from '../../src/model/index.js';
import {
  aicmControls,
  factEvidence,
  flowEvidence,
  names,
  pathControls,
  pathFlows,
  unknownInput,
} from '../lib.js';

const INVOKE = ['invoke'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  const reachable = view.reachableFromZone('internet', INVOKE);
  for (const identity of view.assets('identity')) {
    const admin = identity.facts.adminPrivileges;
    if (!isTrue(admin) && !isUnknown(admin)) continue;
    for (const held of view.flowsTo(identity.id, ['assume-identity'])) {
      const holder = view.asset(held.from);
      if (holder === undefined || !reachable.has(holder.id)) continue;
      const entry = view.pathFromZone('internet', holder.id, INVOKE);
      if (entry === undefined) continue;
      const flows = pathFlows(view, entry, INVOKE);
      const path = [...entry, identity.id];
      yield {
        assets: [holder.id, identity.id],
        path,
        params: { asset: holder.name, identity: identity.name, path: names(view, path) },
        evidence: [
          ...flows.flatMap(flowEvidence),
          ...flowEvidence(held),
          factEvidence(identity, 'adminPrivileges'),
        ],
        unknowns: isUnknown(admin) ? [unknownInput(identity, 'adminPrivileges')] : [],
        controls: pathControls(view, flows),
      };
    }
  }
}

export const internetPathToAdmin: Rule = {
  id: 'TG-STRIDE-004',
  title: 'Internet-reachable AI workload runs with administrator privileges',
  family: 'stride',
  description:
    'A workload that callers on the internet can invoke (a gateway target, an agent, a model-serving function or host) runs as an identity with administrator or wildcard permissions. Elevation of privilege along the seed’s flows a1–a4: one injected prompt that steers a tool, one deserialisation bug in the model server or one leaked credential turns an anonymous request into control of the whole account, including training data, models and logs.',
  message: '{asset}, reachable from the internet, runs as administrator identity {identity}: {path}',
  stride: ['E'],
  atlas: { techniques: ['AML.T0049', 'AML.T0053', 'AML.T0012'], mitigations: ['AML.M0026', 'AML.M0005'] },
  owasp: { llm: ['LLM06:2025'], ml: [] },
  lifecycle: ['ai-applications', 'design'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('IAM-05', 'IAM-09', 'I&S-03'), iso27001: ['A.8.2', 'A.5.15'] },
  impact: 5,
  likelihood: 3,
  likelihoodModifiers: ['Authentication at the entry point lowers likelihood.'],
  evidence: {
    facts: ['adminPrivileges', 'wafProtected'],
    flowFacts: ['authenticated'],
    flows: ['assume-identity', 'invoke'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Replace AdministratorAccess or Action "*" on the workload’s aws_iam_role with a policy that names only the actions and resources it uses.',
    azure:
      'Replace Owner or Contributor role assignments of the workload’s managed identity with data-plane roles scoped to the resources it uses.',
    gcp: 'Replace roles/owner or roles/editor of the workload’s service account with predefined roles on the resources it uses.',
  },
  match: findings,
};

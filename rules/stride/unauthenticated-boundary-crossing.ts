import {
  ZONE_TRUST,
  isFalse,
  isUnknown,
  type Finding,
  type GraphView,
  type Rule,
} from '../../src/model/index.js';
import { aicmControls, flowEvidence } from '../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const asset of view.assets()) {
    // A flow into a resource set is judged once: its members share its kind and its missing authentication.
    for (const flow of view.flowsFrom(asset.id, ['invoke', 'write', 'read', 'train-on', 'deploy'], {
      throughSets: false,
    })) {
      // Known false: confirmed. Unknown (an authorizer or binding known only after apply): possible.
      const auth = flow.authenticated;
      if (!isFalse(auth) && !isUnknown(auth)) continue;
      const from = view.zone(flow.from).zone;
      const to = view.zone(flow.to).zone;
      if (ZONE_TRUST[to] <= ZONE_TRUST[from]) continue;
      const target = view.asset(flow.to);
      if (target === undefined) continue;
      yield {
        assets: [flow.from, flow.to],
        path: [flow.from, flow.to],
        params: { asset: target.name, from: asset.name, fromZone: from, toZone: to, kind: flow.kind },
        evidence: flowEvidence(flow),
        ...(isUnknown(auth)
          ? { unknowns: [{ assetId: flow.to, fact: `authenticated (${flow.id})`, reason: auth.reason }] }
          : {}),
      };
    }
  }
}

export const unauthenticatedBoundaryCrossing: Rule = {
  id: 'TG-STRIDE-001',
  title: 'Unauthenticated flow into a more trusted zone',
  family: 'stride',
  description:
    'A data flow crosses a trust boundary into a more trusted zone without authenticating its source. Anything that can send on that flow can pretend to be a legitimate caller (spoofing) and act with the privileges of the receiving element (elevation of privilege).',
  message: '{kind} from {from} ({fromZone}) into {asset} ({toZone}) is not authenticated',
  stride: ['S', 'E'],
  atlas: { techniques: ['AML.T0049'], mitigations: ['AML.M0019'] },
  owasp: { llm: ['LLM10:2025'], ml: [] },
  lifecycle: ['ai-applications', 'design'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('IAM-13', 'I&S-03'), iso27001: ['A.8.5', 'A.8.20'] },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: [],
  evidence: {
    facts: [],
    flowFacts: ['authenticated'],
    flows: ['deploy', 'invoke', 'read', 'train-on', 'write'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Require IAM, Cognito or a Lambda authorizer on the flow (API Gateway methods, function URLs, bucket policies).',
    azure: 'Require Entra ID tokens or subscription keys on the flow; disable anonymous access.',
    gcp: 'Require IAM on the receiving service; remove allUsers bindings.',
  },
  match: findings,
};

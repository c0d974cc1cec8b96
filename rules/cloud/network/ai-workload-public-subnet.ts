import {
  isFalse,
  isTrue,
  isUnknown,
  type Asset,
  type ExistingControl,
  type Finding,
  type GraphView,
  type Rule,
} from '../../../src/model/index.js';
import { AI_KINDS, aicmControls, factEvidence, flowEvidence, unknownInput } from '../../lib.js';

const WORKLOADS = [...AI_KINDS, 'compute-instance', 'function'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const w of view.assets(WORKLOADS)) {
    if ((w.kind === 'compute-instance' || w.kind === 'function') && !isAiRelated(view, w.id)) continue;
    for (const f of view.flowsFrom(w.id, ['network'])) {
      const subnet = view.asset(f.to);
      if (subnet?.kind !== 'subnet') continue;
      const open = subnet.facts.internetReachable;
      if (!isTrue(open) && !isUnknown(open)) continue;
      yield {
        assets: [w.id, subnet.id],
        path: [subnet.id, w.id],
        params: { asset: w.name, subnet: subnet.name, kind: w.kind },
        evidence: [...flowEvidence(f), factEvidence(subnet, 'internetReachable')],
        unknowns: isUnknown(open) ? [unknownInput(subnet, 'internetReachable')] : [],
        controls: isolation(w),
      };
    }
  }
}

function isolation(w: Asset): ExistingControl[] {
  const fact = isTrue(w.facts.networkIsolated)
    ? 'networkIsolated'
    : isFalse(w.facts.directInternetAccess)
      ? 'directInternetAccess'
      : undefined;
  if (fact === undefined) return [];
  return [{ control: 'no direct internet access', assetId: w.id, evidence: factEvidence(w, fact).attribute }];
}

/** A generic workload counts when it calls a model or agent, or is called by one (an agent tool). */
function isAiRelated(view: GraphView, id: string): boolean {
  const ai = (k: string): boolean => (AI_KINDS as readonly string[]).includes(k) || k === 'agent-tool';
  return (
    view.targets(id, ['invoke']).some((t) => ai(t.kind)) ||
    view.sources(id, ['invoke']).some((s) => ai(s.kind))
  );
}

export const aiWorkloadPublicSubnet: Rule = {
  id: 'TG-NET-001',
  title: 'AI workload placed in a subnet open to the internet',
  family: 'cloud/network',
  description:
    'A model, endpoint, notebook, training job or AI-serving host sits in a subnet that is open to the internet: on AWS a public subnet (public IPs on launch and a default route to an internet gateway), on Azure a subnet whose network security group allows inbound traffic from the internet. Being inside a VPC or VNet then gives none of the isolation it suggests: the workload can be reached from outside and can send data out directly. Google Cloud subnetworks carry no such flag; their firewall rules are network-wide.',
  message: '{kind} {asset} runs in {subnet}, which is open to the internet',
  stride: ['I', 'E'],
  atlas: { techniques: ['AML.T0049', 'AML.T0025'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML05:2023'] },
  lifecycle: ['resource-provisioning', 'operations'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-03', 'I&S-06', 'I&S-09'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Network isolation of the container or disabled direct internet access lowers likelihood.',
  ],
  evidence: {
    facts: ['directInternetAccess', 'internetReachable', 'networkIsolated'],
    flows: ['invoke', 'network'],
  },
  clouds: ['aws', 'azure'],
  remediation: {
    aws: 'Place the workload in a private subnet (map_public_ip_on_launch = false, 0.0.0.0/0 routed to a NAT gateway or nowhere) and reach AWS services through aws_vpc_endpoint.',
    azure:
      'Remove inbound allow rules with source_address_prefix "*" or "Internet" from the network security group associated with the subnet.',
  },
  match: findings,
};

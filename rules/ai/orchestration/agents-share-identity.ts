import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, nameList } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const identity of view.assets('identity')) {
    const agents = view
      .flowsTo(identity.id, ['assume-identity'])
      .map((f) => ({ f, a: view.asset(f.from) }))
      .filter((x) => x.a?.kind === 'agent');
    const distinct = [...new Map(agents.map((x) => [x.a?.id ?? '', x])).values()];
    if (distinct.length < 2) continue;
    yield {
      assets: [identity.id, ...distinct.map((x) => x.a?.id ?? '')],
      params: {
        asset: identity.name,
        agents: nameList(distinct.flatMap((x) => x.a ?? [])),
        count: String(distinct.length),
      },
      evidence: distinct.flatMap((x) => flowEvidence(x.f)),
    };
  }
}

export const agentsShareIdentity: Rule = {
  id: 'TG-ORCH-011',
  title: 'Several agents share one execution identity',
  family: 'ai/orchestration',
  description:
    'Two or more agents run as the same role or service account. Each agent then holds the union of the permissions all of them need, so a prompt injection against the least protected agent acts with the data access of the most privileged one; in a multi-agent setup a collaborator can do what the supervisor was meant to gate, and logs cannot tell which agent acted.',
  message: '{count} agents ({agents}) run as {asset}',
  stride: ['E', 'R', 'S'],
  atlas: { techniques: ['AML.T0053', 'AML.T0012'], mitigations: ['AML.M0026', 'AML.M0029'] },
  owasp: { llm: ['LLM06:2025'], ml: [] },
  lifecycle: ['orchestration', 'design'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('IAM-18', 'AIS-11', 'LOG-12'), iso27001: ['A.5.15', 'A.5.18'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['Agents with identical, read-only permissions make the impact lower.'],
  evidence: { facts: [], flows: ['assume-identity'] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Give each aws_bedrockagent_agent its own agent_resource_role_arn scoped to the foundation model, knowledge bases and action groups it uses.',
    gcp: 'Give each google_vertex_ai_reasoning_engine its own spec.service_account with only the roles it needs.',
  },
  match: findings,
};

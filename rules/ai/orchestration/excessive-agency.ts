import { type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, names, pathControls, pathFlows } from '../../lib.js';

const INVOKE = ['invoke'] as const;
const STORES = [
  'object-store',
  'database',
  'vector-store',
  'dataset',
  'knowledge-base',
  'feature-store',
] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const agent of view.assets('agent')) {
    const entry = view.pathFromZone('internet', agent.id, INVOKE);
    if (entry === undefined) continue;
    // Tools the agent can call (directly or through an action group), and what they can write.
    const tools = [...view.targets(agent.id, ['invoke'])];
    for (const t of [...tools]) tools.push(...view.targets(t.id, ['invoke']));
    for (const tool of tools) {
      for (const w of view.flowsFrom(tool.id, ['write'])) {
        const store = view.asset(w.to);
        if (store === undefined || !(STORES as readonly string[]).includes(store.kind)) continue;
        const path = [
          ...entry,
          ...(tool.id === agent.id ? [] : pathBetween(view, agent.id, tool.id)),
          store.id,
        ];
        const flows = pathFlows(view, entry, INVOKE);
        yield {
          assets: [agent.id, store.id],
          path,
          params: { asset: agent.name, tool: tool.name, store: store.name, path: names(view, path) },
          evidence: [...flows.flatMap(flowEvidence), ...flowEvidence(w)],
          controls: pathControls(view, flows),
        };
      }
    }
  }
}

function pathBetween(view: GraphView, from: string, to: string): string[] {
  if (view.targets(from, ['invoke']).some((t) => t.id === to)) return [to];
  const middle = view
    .targets(from, ['invoke'])
    .find((t) => view.targets(t.id, ['invoke']).some((u) => u.id === to));
  return middle === undefined ? [to] : [middle.id, to];
}

export const excessiveAgency: Rule = {
  id: 'TG-ORCH-004',
  title: 'Internet-reachable agent has a tool that writes to a data store',
  family: 'ai/orchestration',
  description:
    'Users on the internet reach an agent whose tools can write to a data store. A prompt injection, direct or hidden in retrieved content, can make the agent call the tool with attacker-chosen arguments: records are altered or deleted, and data can be staged for exfiltration, all under the tool’s identity. Not checked on Azure yet: the azurerm provider has no agent resource (Foundry agents are azapi resources).',
  message: 'Agent {asset} reachable from the internet can write to {store} through {tool}: {path}',
  stride: ['E', 'T', 'I'],
  atlas: {
    techniques: ['AML.T0053', 'AML.T0051.001', 'AML.T0086'],
    mitigations: ['AML.M0026', 'AML.M0028', 'AML.M0029'],
  },
  owasp: { llm: ['LLM06:2025', 'LLM01:2025'], ml: [] },
  lifecycle: ['orchestration', 'ai-applications'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('IAM-18', 'AIS-11', 'IAM-05'),
    iso42001: ['A.6.2.3'],
    euAiAct: ['Article 14', 'Article 15(5)'],
  },
  impact: 5,
  likelihood: 4,
  likelihoodModifiers: [
    'Authentication at the entry point, a guardrail on the agent and human confirmation of tool calls lower likelihood.',
  ],
  evidence: { facts: ['wafProtected'], flowFacts: ['authenticated'], flows: ['invoke', 'write'] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Give the action-group Lambda role read-only access, or require user confirmation (parent_action_group_signature AMAZON.UserInput / RETURN_CONTROL); attach a guardrail to the agent.',
    gcp: 'Give the reasoning engine service account read-only roles on the data store.',
  },
  match: findings,
};

import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, names } from '../../lib.js';
import { agentsRetrievingFrom, retrievalSources, toolsOf } from './retrieval-corpus.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const { store } of retrievalSources(view)) {
    const agents = [...agentsRetrievingFrom(view, store.id)].sort();
    for (const agentId of agents) {
      const agent = view.asset(agentId);
      if (agent === undefined) continue;
      const writers = [agent, ...toolsOf(view, agentId)];
      const write = writers
        .flatMap((w) => view.flowsFrom(w.id, ['write']).filter((f) => f.to === store.id))
        .at(0);
      if (write === undefined) continue;
      const writer = view.asset(write.from);
      const path = [agent.id, ...(write.from === agent.id ? [] : [write.from]), store.id];
      yield {
        assets: [agent.id, store.id],
        path,
        params: {
          asset: agent.name,
          store: store.name,
          writer: writer?.name ?? write.from,
          path: names(view, path),
        },
        evidence: flowEvidence(write),
      };
    }
  }
}

export const agentWritesOwnCorpus: Rule = {
  id: 'TG-ORCH-008',
  title: 'Agent can write to the corpus it retrieves from: persistent prompt injection',
  family: 'ai/orchestration',
  description:
    'An agent (itself or through one of its tools) can write into a store that its own knowledge base retrieves from. One successful prompt injection, direct or hidden in a retrieved document, can make the agent store attacker text in the corpus, where it is retrieved again for every later conversation of every user: a one-off injection becomes persistent, self-propagating poisoning of the agent’s context.',
  message: 'Agent {asset} can write to its own retrieval source {store} through {writer}: {path}',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0070', 'AML.T0051.001', 'AML.T0080.000'],
    mitigations: ['AML.M0026', 'AML.M0028', 'AML.M0031'],
  },
  owasp: { llm: ['LLM01:2025', 'LLM04:2025', 'LLM06:2025', 'LLM08:2025'], ml: [] },
  lifecycle: ['orchestration', 'data-curation'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('IAM-18', 'AIS-11', 'DSP-21'),
    iso42001: ['A.6.2.3'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Human review before ingestion (a separate staging store synced by a reviewed job) and a guardrail on the agent lower likelihood.',
  ],
  evidence: { facts: [], flows: ['invoke', 'retrieve-from', 'write'] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Remove s3:PutObject on the data source bucket (data_source_configuration.s3_configuration.bucket_arn) from the agent_resource_role_arn and from the action-group Lambda role; stage writes in a separate bucket that a reviewed job syncs.',
    gcp: 'Remove write roles on the retrieval bucket (contents_delta_uri) from the reasoning engine service_account; stage writes separately.',
  },
  match: findings,
};

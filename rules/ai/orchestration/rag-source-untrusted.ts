import { isTrue, isUnknown, type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import { aicmControls, factEvidence, flowEvidence, unknownInput } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  const fromInternet = view.reachableFromZone('internet', ['invoke', 'write']);
  for (const kb of view.assets(['knowledge-base', 'vector-store', 'agent'])) {
    for (const f of view.flowsFrom(kb.id, ['retrieve-from', 'read'])) {
      const source = view.asset(f.to);
      if (source === undefined || source.kind === 'identity' || source.kind === 'key') continue;
      const untrusted = source.facts.untrustedSource;
      const anonymous = source.facts.anonymousWrite;
      const writable = fromInternet.has(source.id) && view.flowsTo(source.id, ['write']).length > 0;
      const confirmed =
        isTrue(untrusted) || (isTrue(anonymous) && !isTrue(source.facts.publicAccessBlocked)) || writable;
      const possible = !confirmed && (isUnknown(untrusted) || isUnknown(anonymous));
      if (!confirmed && !possible) continue;
      yield {
        assets: [kb.id, source.id],
        path: [source.id, kb.id],
        params: {
          asset: kb.name,
          source: source.name,
          why: isTrue(untrusted) ? 'content from outside the organisation' : 'writable from the internet',
        },
        evidence: [
          ...flowEvidence(f),
          factEvidence(source, isTrue(untrusted) ? 'untrustedSource' : 'anonymousWrite'),
        ],
        unknowns: possible
          ? [unknownInput(source, isUnknown(untrusted) ? 'untrustedSource' : 'anonymousWrite')]
          : [],
      };
    }
  }
}

export const ragSourceUntrusted: Rule = {
  id: 'TG-ORCH-005',
  title: 'Retrieval source anyone can write: RAG poisoning and indirect prompt injection',
  family: 'ai/orchestration',
  description:
    'A knowledge base, vector store or agent retrieves from a source that people outside the organisation can write (a public web crawl, a SaaS connector, an internet-writable bucket). Planted documents are embedded and later returned as trusted context: they carry indirect prompt injections and false answers to every user.',
  message: '{asset} retrieves from {source} ({why})',
  stride: ['T'],
  atlas: {
    techniques: ['AML.T0070', 'AML.T0066', 'AML.T0051.001', 'AML.T0071'],
    mitigations: ['AML.M0005', 'AML.M0025', 'AML.M0030'],
  },
  owasp: { llm: ['LLM01:2025', 'LLM04:2025', 'LLM08:2025'], ml: ['ML02:2023'] },
  lifecycle: ['orchestration', 'data-collection'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('DSP-21', 'DSP-20', 'AIS-09'),
    iso42001: ['A.7.4'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: ['A guardrail with prompt-attack filtering on the consuming agent lowers likelihood.'],
  evidence: {
    facts: ['anonymousWrite', 'publicAccessBlocked', 'untrustedSource'],
    flows: ['invoke', 'read', 'retrieve-from', 'write'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Ingest only from buckets written by reviewed pipelines (no anonymous or application writes); avoid WEB data sources or scope them to owned domains.',
    azure:
      'Index only containers without anonymous or application write access; review indexer data sources.',
    gcp: 'Restrict write access to the contents_delta_uri bucket of google_vertex_ai_index.',
  },
  match: findings,
};

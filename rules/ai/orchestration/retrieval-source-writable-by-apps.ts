import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, nameList } from '../../lib.js';
import { agentsRetrievingFrom, retrievalSources, toolsOf } from './retrieval-corpus.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const { store, retrievers } of retrievalSources(view)) {
    // Writes by the agents that read the store (or their tools) are TG-ORCH-008.
    const own = new Set<string>();
    for (const a of agentsRetrievingFrom(view, store.id)) {
      own.add(a);
      for (const t of toolsOf(view, a)) own.add(t.id);
    }
    for (const w of view.flowsTo(store.id, ['write'])) {
      const writer = view.asset(w.from);
      if (writer === undefined || writer.kind === 'identity' || own.has(writer.id)) continue;
      const zone = view.zone(writer.id).zone;
      if (zone !== 'dmz' && zone !== 'internal-interface') continue;
      yield {
        assets: [store.id, writer.id],
        path: [writer.id, store.id, ...retrievers.slice(0, 1).map((r) => r.id)],
        params: { asset: store.name, writer: writer.name, zone, retrievers: nameList(retrievers) },
        evidence: flowEvidence(w),
      };
    }
  }
}

export const retrievalSourceWritableByApps: Rule = {
  id: 'TG-ORCH-009',
  title: 'Application workload can write a retrieval source',
  family: 'ai/orchestration',
  description:
    'A workload that serves users (in the DMZ or the internal interface zone) holds write access to a store that a knowledge base or vector store ingests. A compromise of that application, or input it passes through unchecked, becomes a channel for planting documents that are later retrieved as trusted context: indirect prompt injection and false answers for every user, bypassing whatever review the corpus normally gets.',
  message: '{writer} ({zone}) can write {asset}, which {retrievers} retrieves from',
  stride: ['T'],
  atlas: {
    techniques: ['AML.T0070', 'AML.T0051.001', 'AML.T0066'],
    mitigations: ['AML.M0005', 'AML.M0025'],
  },
  owasp: { llm: ['LLM01:2025', 'LLM04:2025', 'LLM08:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-curation', 'orchestration'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('DSP-21', 'DSP-20', 'IAM-05'), iso42001: ['A.7.4'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['Versioning and a review step between upload and ingestion lower likelihood.'],
  evidence: { facts: [], flows: ['invoke', 'retrieve-from', 'write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove s3:PutObject on the knowledge-base data source bucket from application roles; let a reviewed ingestion job write it.',
    azure: 'Remove Storage Blob Data Contributor on the indexed container from application identities.',
    gcp: 'Remove roles/storage.objectCreator on the index contents bucket from application service accounts.',
  },
  match: findings,
};

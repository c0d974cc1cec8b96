import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, isTrainingData } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const store of view.assets(['object-store', 'dataset', 'database', 'feature-store'])) {
    if (!isTrainingData(store, view)) continue;
    const writes = view.flowsTo(store.id, ['write']).filter((f) => {
      const zone = view.asset(f.from) !== undefined ? view.zone(f.from).zone : undefined;
      return zone === 'dmz' || zone === 'internal-interface';
    });
    for (const w of writes) {
      const writer = view.asset(w.from);
      if (writer === undefined) continue;
      yield {
        assets: [store.id, writer.id],
        path: [writer.id, store.id],
        params: { asset: store.name, writer: writer.name, zone: view.zone(writer.id).zone },
        evidence: flowEvidence(w),
      };
    }
  }
}

export const trainingDataWritableByApps: Rule = {
  id: 'TG-DATA-003',
  title: 'Application workload can write training data',
  family: 'ai/data',
  description:
    'A workload that serves users (in the DMZ or the internal interface zone) holds write access to data the model is trained on. A compromise of that application, or a prompt that steers it, becomes a poisoning channel into the next model version, bypassing any curation step.',
  message: '{writer} ({zone}) can write training data in {asset}',
  stride: ['T', 'E'],
  atlas: { techniques: ['AML.T0020', 'AML.T0012'], mitigations: ['AML.M0005', 'AML.M0025'] },
  owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-curation', 'data-storage'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-05', 'IAM-04', 'DSP-21'), iso27001: ['A.5.15', 'A.8.2'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Write access limited to a prefix that training does not read would lower likelihood (not modelled).',
  ],
  evidence: { facts: [], flows: ['train-on', 'write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Give the application role no s3:PutObject on the training bucket; write user feedback to a separate bucket reviewed before it enters training.',
    azure:
      'Scope the application identity to Storage Blob Data Reader or to another container; review data before it is copied into the training container.',
    gcp: 'Grant the application service account no objectCreator/objectAdmin on the training bucket.',
  },
  match: findings,
};

import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, isTrainingData, names } from '../../lib.js';

const SERVING = ['inference-endpoint', 'model', 'foundation-model-service', 'agent', 'agent-tool'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const store of view.assets(['object-store', 'dataset', 'database', 'feature-store'])) {
    if (!isTrainingData(store, view)) continue;
    const trainers = view.flowsTo(store.id, ['train-on']).map((f) => f.from);
    for (const w of view.flowsTo(store.id, ['write'])) {
      const writer = view.asset(w.from);
      if (writer === undefined || !(SERVING as readonly string[]).includes(writer.kind)) continue;
      const path = [writer.id, store.id, ...trainers.slice(0, 1)];
      yield {
        assets: [store.id, writer.id],
        path,
        params: { asset: store.name, writer: writer.name, path: names(view, path) },
        evidence: [
          ...flowEvidence(w),
          ...view.flowsTo(store.id, ['train-on']).slice(0, 1).flatMap(flowEvidence),
        ],
      };
    }
  }
}

export const inferenceFeedsTraining: Rule = {
  id: 'TG-DATA-010',
  title: 'Inference traffic flows back into training data: feedback-loop poisoning',
  family: 'ai/data',
  description:
    'A serving component (endpoint, model, agent or tool) writes into a store that a training pipeline reads: captured prompts, completions or user feedback become the next training set without a curation step in between. Users on the other side of the serving path choose that content, so a coordinated campaign can steer what the retrained model learns (bias, backdoor triggers, degraded answers) and personal data in prompts ends up in model weights.',
  message: '{writer} writes into training data {asset}: {path}',
  stride: ['T', 'I'],
  atlas: {
    techniques: ['AML.T0020', 'AML.T0059', 'AML.T0031'],
    mitigations: ['AML.M0007', 'AML.M0025', 'AML.M0008'],
  },
  owasp: { llm: ['LLM04:2025', 'LLM02:2025'], ml: ['ML02:2023', 'ML08:2023'] },
  lifecycle: ['continuous-improvement', 'data-curation', 'training'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('DSP-21', 'DSP-20', 'MDS-10'),
    iso42001: ['A.7.4', 'A.6.2.6'],
    euAiAct: ['Article 10(2)', 'Article 15(4)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'A curation or sanitisation job that copies captured data into a separate training store (instead of training on the capture store) removes the threat; versioning of the store lowers impact.',
  ],
  evidence: { facts: [], flows: ['train-on', 'write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Point data_capture_config.destination_s3_uri (or the model role’s s3:PutObject grant) at a bucket the training pipeline does not read; promote reviewed samples into the training bucket with a curation job.',
    azure:
      'Give the serving identity no Storage Blob Data Contributor role on the training storage account; write feedback to a separate container and curate it into the training data.',
    gcp: 'Remove roles/storage.objectCreator on the training bucket from the serving service account; write feedback to a separate bucket and curate it.',
  },
  match: findings,
};

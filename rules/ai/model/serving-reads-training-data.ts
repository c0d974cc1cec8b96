import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, flowEvidence, isTrainingData } from '../../lib.js';

const SERVING = ['inference-endpoint', 'model', 'agent', 'agent-tool'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const store of view.assets(['object-store', 'dataset', 'database', 'feature-store'])) {
    if (!isTrainingData(store, view)) continue;
    const seen = new Set<string>();
    for (const r of view.flowsTo(store.id, ['read', 'retrieve-from'])) {
      const reader = view.asset(r.from);
      if (reader === undefined || !(SERVING as readonly string[]).includes(reader.kind)) continue;
      if (seen.has(reader.id)) continue;
      seen.add(reader.id);
      yield {
        assets: [reader.id, store.id],
        path: [reader.id, store.id],
        params: { asset: reader.name, store: store.name },
        evidence: flowEvidence(r),
      };
    }
  }
}

export const servingReadsTrainingData: Rule = {
  id: 'TG-MODEL-008',
  title: 'Serving workload can read the training data',
  family: 'ai/model',
  description:
    'A model, endpoint, agent or agent tool that answers users holds read access to the raw training data. The serving path is the most exposed part of the system: a compromised container, a prompt that steers a tool or a model that is asked to reproduce its inputs can then return whole training records, far beyond what memorisation in the weights would leak. Serving needs the model artifact, not the data it was trained on.',
  message: '{asset} can read training data in {store}',
  stride: ['I'],
  atlas: {
    techniques: ['AML.T0025', 'AML.T0057', 'AML.T0036'],
    mitigations: ['AML.M0005'],
  },
  owasp: { llm: ['LLM02:2025', 'LLM06:2025'], ml: ['ML03:2023'] },
  lifecycle: ['operations', 'ai-applications'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('IAM-05', 'DSP-17', 'IAM-04'), iso27001: ['A.5.15', 'A.8.3'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Network isolation of the serving container lowers likelihood; a shared bucket prefix (training data next to artifacts) is the usual cause.',
  ],
  evidence: { facts: [], flows: ['read', 'retrieve-from', 'train-on'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Scope the execution_role_arn policy of the model to the artifact prefix (s3:GetObject on the model_data_url object) instead of the training bucket.',
    azure:
      'Remove Storage Blob Data Reader on the training storage account from the serving identity; keep artifacts in a separate container.',
    gcp: 'Grant the serving service account roles/storage.objectViewer on the artifact bucket only, not on the training bucket.',
  },
  match: findings,
};

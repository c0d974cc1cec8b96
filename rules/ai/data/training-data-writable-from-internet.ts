import { isTrue, type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import {
  aicmControls,
  factEvidence,
  flowEvidence,
  isTrainingData,
  names,
  pathControls,
  pathFlows,
  unknownInput,
} from '../../lib.js';

const KINDS = ['invoke', 'write'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const store of view.assets(['object-store', 'dataset', 'database', 'feature-store'])) {
    if (!isTrainingData(store, view)) continue;
    const path = view.pathFromZone('internet', store.id, KINDS);
    if (path !== undefined && path.length >= 2) {
      const flows = pathFlows(view, path, KINDS);
      const controls = pathControls(view, flows);
      if (isTrue(store.facts.versioning)) {
        controls.push({
          control: 'object versioning',
          assetId: store.id,
          evidence: 'poisoned objects can be rolled back',
        });
      }
      yield {
        assets: [store.id],
        path,
        params: { asset: store.name, path: names(view, path) },
        evidence: flows.flatMap(flowEvidence),
        controls,
      };
    } else if (store.facts.anonymousWrite?.state === 'unknown') {
      yield {
        assets: [store.id],
        params: { asset: store.name, path: `internet → ${store.name} (if anonymous writes are allowed)` },
        evidence: [factEvidence(store, 'anonymousWrite')],
        unknowns: [unknownInput(store, 'anonymousWrite')],
      };
    }
  }
}

export const trainingDataWritableFromInternet: Rule = {
  id: 'TG-DATA-002',
  title: 'Training data can be written from the internet: data poisoning',
  family: 'ai/data',
  description:
    'A path of invocations and writes leads from the internet to a store the training pipeline learns from: anonymously, or through an internet-facing gateway and the workloads behind it. Whoever can walk that path can plant poisoned or backdoored samples that the next training run absorbs into the model.',
  message: 'Training data in {asset} is writable from the internet: {path}',
  stride: ['T'],
  atlas: {
    techniques: ['AML.T0020', 'AML.T0059', 'AML.T0010.002'],
    mitigations: ['AML.M0005', 'AML.M0007', 'AML.M0025'],
  },
  owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023', 'ML10:2023'] },
  lifecycle: ['data-storage', 'data-curation', 'training'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('DSP-21', 'DSP-23', 'DSP-20', 'IAM-05'),
    iso42001: ['A.7.2', 'A.7.4'],
    iso27001: ['A.8.20', 'A.5.15'],
    euAiAct: ['Article 10', 'Article 15(5)'],
    nistAi600: ['MS-2.7-001'],
  },
  impact: 5,
  likelihood: 4,
  likelihoodModifiers: [
    'Each authenticated hop on the path lowers likelihood (an attacker needs an account).',
    'A WAF on the entry point and versioning on the store lower likelihood.',
  ],
  evidence: {
    facts: ['anonymousWrite', 'versioning', 'wafProtected'],
    flowFacts: ['authenticated'],
    flows: ['invoke', 'train-on', 'write'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove write grants on the training bucket from internet-facing roles (aws_iam_role_policy s3:PutObject) and anonymous bucket policy statements; route new data through a reviewed ingestion pipeline.',
    azure:
      'Remove Storage Blob Data Contributor assignments on the training account from application identities; disable anonymous containers and shared keys.',
    gcp: 'Remove roles/storage.objectCreator/objectAdmin on the training bucket from application service accounts and allUsers.',
  },
  match: findings,
};

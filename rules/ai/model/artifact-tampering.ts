import { isTrue, type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import {
  aicmControls,
  factEvidence,
  flowEvidence,
  isArtifactStore,
  names,
  pathControls,
  pathFlows,
} from '../../lib.js';

const KINDS = ['invoke', 'write'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const store of view.assets(['object-store', 'model-registry'])) {
    if (store.kind === 'object-store' && !isArtifactStore(store, view)) continue;
    const path = view.pathFromZone('internet', store.id, KINDS);
    const appWriters = view.flowsTo(store.id, ['write']).filter((f) => {
      const zone = view.asset(f.from) !== undefined ? view.zone(f.from).zone : undefined;
      return zone === 'dmz' || zone === 'internal-interface';
    });
    if (path === undefined && appWriters.length === 0) continue;
    const flows = path === undefined ? appWriters : pathFlows(view, path, KINDS);
    const controls = pathControls(view, flows);
    for (const fact of ['versioning', 'immutability'] as const) {
      if (isTrue(store.facts[fact]))
        controls.push({ control: fact, assetId: store.id, evidence: factEvidence(store, fact).attribute });
    }
    const route = path ?? [appWriters[0]?.from ?? store.id, store.id];
    yield {
      assets: [store.id],
      path: route,
      params: { asset: store.name, path: names(view, route) },
      evidence: flows.flatMap(flowEvidence),
      controls,
    };
  }
}

export const artifactTampering: Rule = {
  id: 'TG-MODEL-002',
  title: 'Model artifacts writable from outside the pipeline: model tampering',
  family: 'ai/model',
  description:
    'The model artifact store or registry can be written from the internet or by application workloads, not only by the training pipeline. An attacker who reaches it can replace the weights with a backdoored model (or a malicious serialized file that executes on load) that production then serves.',
  message: 'Model artifacts in {asset} can be replaced: {path}',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0018.000', 'AML.T0010.003', 'AML.T0011.000'],
    mitigations: ['AML.M0005', 'AML.M0014', 'AML.M0013'],
  },
  owasp: { llm: ['LLM03:2025', 'LLM04:2025'], ml: ['ML10:2023', 'ML06:2023'] },
  lifecycle: ['ai-services-supply-chain', 'training'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('MDS-08', 'MDS-09', 'CCC-04'),
    iso42001: ['A.6.2.3'],
    iso27001: ['A.5.15', 'A.8.32'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 5,
  likelihood: 4,
  likelihoodModifiers: ['Authenticated hops, versioning and object lock on the store lower likelihood.'],
  evidence: {
    facts: ['immutability', 'versioning', 'wafProtected'],
    flowFacts: ['authenticated'],
    flows: ['invoke', 'produce-artifact', 'read', 'write'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Allow s3:PutObject on the artifact bucket only to the pipeline role; sign models and verify before deployment; enable versioning and object lock.',
    azure:
      'Limit Storage Blob Data Contributor on the workspace storage to the training identity; use a model registry with approval.',
    gcp: 'Limit objectCreator/objectAdmin on the model bucket to the training service account; enable versioning.',
  },
  match: findings,
};

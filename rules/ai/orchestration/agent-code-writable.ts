import {
  isTrue,
  isUnknown,
  type Asset,
  type Evidence,
  type Finding,
  type GraphView,
  type Rule,
  type UnknownInput,
} from '../../../src/model/index.js';
import { aicmControls, factEvidence, flowEvidence, nameList, unknownInput } from '../../lib.js';
import { toolsOf } from './retrieval-corpus.js';

/** Zones whose workloads are not part of the agent's deployment: the internet and the application tiers. */
const OUTSIDE = ['internet', 'dmz', 'internal-interface'];

interface Exposure {
  readonly why: string;
  readonly writers: readonly Asset[];
  readonly evidence: readonly Evidence[];
  readonly unknowns: readonly UnknownInput[];
}

/** Who other than the agent's own deployment can write the store: workloads, other accounts, maybe anyone. */
function writableByOthers(view: GraphView, store: Asset, own: ReadonlySet<string>): Exposure | undefined {
  const writes = view.flowsTo(store.id, ['write']).filter((w) => {
    const writer = view.asset(w.from);
    return (
      writer !== undefined &&
      writer.kind !== 'identity' &&
      !own.has(writer.id) &&
      OUTSIDE.includes(view.zone(writer.id).zone)
    );
  });
  const writers = writes.flatMap((w) => view.asset(w.from) ?? []);
  if (writers.length > 0) {
    const anyone = writers.some((w) => view.zone(w.id).zone === 'internet');
    return {
      why: anyone ? 'anyone on the internet can write' : `${nameList(writers)} can write`,
      writers,
      evidence: writes.flatMap(flowEvidence),
      unknowns: [],
    };
  }
  if (isTrue(store.facts.crossAccountWrite))
    return {
      why: 'principals of other accounts can write',
      writers: [],
      evidence: [factEvidence(store, 'crossAccountWrite')],
      unknowns: [],
    };
  // A public access guard blocks anonymous grants, not grants to other accounts.
  const open = (['anonymousWrite', 'crossAccountWrite'] as const).filter(
    (f) =>
      isUnknown(store.facts[f]) && (f === 'crossAccountWrite' || !isTrue(store.facts.publicAccessBlocked)),
  );
  if (open.length === 0) return undefined;
  return {
    why: 'others may be able to write',
    writers: [],
    evidence: open.map((f) => factEvidence(store, f)),
    unknowns: open.map((f) => unknownInput(store, f)),
  };
}

function* findings(view: GraphView): Iterable<Finding> {
  for (const agent of view.assets('agent')) {
    const loaders = [agent, ...toolsOf(view, agent.id)];
    const own = new Set(loaders.map((l) => l.id));
    const seen = new Set<string>();
    for (const loader of loaders) {
      for (const load of view.flowsFrom(loader.id, ['load-code'])) {
        const store = view.asset(load.to);
        if (store === undefined || seen.has(store.id)) continue;
        seen.add(store.id);
        const exposure = writableByOthers(view, store, own);
        if (exposure === undefined) continue;
        const [writer] = exposure.writers;
        yield {
          assets: [agent.id, store.id],
          path: [...(writer === undefined ? [] : [writer.id]), store.id, loader.id],
          params: {
            asset: agent.name,
            store: store.name,
            via: loader.id === agent.id ? '' : ` through ${loader.name}`,
            why: exposure.why,
          },
          evidence: [...flowEvidence(load), ...exposure.evidence],
          unknowns: exposure.unknowns,
        };
      }
    }
  }
}

export const agentCodeWritable: Rule = {
  id: 'TG-ORCH-016',
  title: 'Agent tools or code loaded from a store others can write',
  family: 'ai/orchestration',
  description:
    'An agent takes its code or tool definitions from an object store that principals outside its own deployment can write: anyone on the internet, other accounts, or an application workload. The Vertex AI Agent Engine installs the pickled agent (code that runs when it is unpickled), its requirements and dependency packages from Cloud Storage; a Bedrock action group reads its OpenAPI schema from S3 and its Lambda function is deployed from an S3 object. Whoever replaces the object decides, on the next deployment or preparation, which operations the agent believes its tools offer and what code runs under the agent’s identity: tool poisoning and code execution with every permission the agent holds. Not checked on Azure: the azurerm provider has no agent resource (Foundry agents and their tools are azapi resources).',
  message: '{asset} loads its code or tool definitions{via} from {store}, which {why}',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0010.005', 'AML.T0110', 'AML.T0011.000', 'AML.T0081'],
    mitigations: ['AML.M0005', 'AML.M0014', 'AML.M0013'],
  },
  owasp: { llm: ['LLM03:2025', 'LLM06:2025'], ml: ['ML06:2023'] },
  lifecycle: ['ai-services-supply-chain', 'orchestration', 'maintenance'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('CCC-04', 'AIS-12', 'AIS-11', 'IAM-05'),
    iso27001: ['A.8.32', 'A.5.15'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 5,
  likelihood: 3,
  likelihoodModifiers: [
    'Object versioning and a release step that deploys or prepares the agent only from a reviewed object version lower likelihood.',
  ],
  evidence: {
    facts: ['anonymousWrite', 'crossAccountWrite', 'publicAccessBlocked'],
    flows: ['invoke', 'load-code', 'write'],
  },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Keep the bucket of aws_bedrockagent_agent_action_group.api_schema[0].s3[0].s3_bucket_name and of aws_lambda_function.s3_bucket writable only by the release pipeline: remove s3:PutObject from application roles and other accounts in aws_s3_bucket_policy, block public access, and pin the Lambda code with s3_object_version.',
    gcp: 'Keep the bucket of google_vertex_ai_reasoning_engine.spec[0].package_spec[0].pickle_object_gcs_uri (and requirements_gcs_uri, dependency_files_gcs_uri) writable only by the deployment pipeline: remove roles/storage.objectCreator and objectAdmin from application service accounts and allUsers (google_storage_bucket_iam_member), and enforce public_access_prevention.',
  },
  match: findings,
};

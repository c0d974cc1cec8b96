import {
  isFalse,
  isTrue,
  isUnknown,
  type AssetKind,
  type Finding,
  type GraphView,
  type Rule,
} from '../../../src/model/index.js';
import { aicmControls, flowEvidence, isTrainingData, names, pathControls, pathFlows } from '../../lib.js';

const INVOKE = ['invoke'] as const;
const STORES: readonly AssetKind[] = ['object-store', 'dataset', 'database', 'feature-store'];
/** Workloads that serve requests; a write by one of them carries whatever its caller sent. */
const APP_KINDS: readonly AssetKind[] = [
  'function',
  'compute-instance',
  'agent',
  'agent-tool',
  'inference-endpoint',
  'model',
  'api-gateway',
  'load-balancer',
];

function* findings(view: GraphView): Iterable<Finding> {
  for (const store of view.assets(STORES)) {
    if (!isTrainingData(store, view)) continue;
    const trainer = view.flowsTo(store.id, ['train-on'])[0];
    const seen = new Set<string>();
    for (const w of view.flowsTo(store.id, ['write'])) {
      const writer = view.asset(w.from);
      if (writer === undefined || !APP_KINDS.includes(writer.kind) || seen.has(writer.id)) continue;
      seen.add(writer.id);
      const entry = view.pathFromZone('internet', writer.id, INVOKE);
      if (entry === undefined || entry.length < 2) continue;
      const flows = pathFlows(view, entry, INVOKE);
      // As for model access: one authenticated hop means only account holders reach the writer; hops that say
      // nothing about authentication are service-internal.
      if (flows.some((f) => isTrue(f.authenticated))) continue;
      const open = flows.filter((f) => isFalse(f.authenticated));
      const undecided = flows.filter((f) => isUnknown(f.authenticated));
      if (open.length === 0 && undecided.length === 0) continue;
      const path = [...entry, store.id, ...(trainer === undefined ? [] : [trainer.from])];
      yield {
        assets: [store.id, writer.id],
        path,
        params: { asset: store.name, writer: writer.name, path: names(view, path) },
        evidence: [
          ...flows.flatMap(flowEvidence),
          ...flowEvidence(w),
          ...(trainer === undefined ? [] : flowEvidence(trainer)),
        ],
        unknowns:
          open.length > 0
            ? []
            : undecided.map((f) => ({
                assetId: f.to,
                fact: `authenticated (${f.id})`,
                reason: isUnknown(f.authenticated) ? f.authenticated.reason : 'not known',
              })),
        controls: pathControls(view, flows),
      };
    }
  }
}

export const anonymousTrainingInput: Rule = {
  id: 'TG-DATA-011',
  title: 'Anonymous internet users choose what the model is trained on',
  family: 'ai/data',
  description:
    'An entry point that does not authenticate its callers leads from the internet to an application workload that writes into a store a training job learns from. Whoever can send a request decides what lands in the next training set: without an account, and so without being identified, rate-limited per user or banned, an attacker can flood the feedback or upload path with poisoned samples, plant backdoor triggers or skew the model towards chosen answers. Distinct from TG-DATA-002 (any path, or an anonymously writable store), TG-DATA-003 (any application identity with write access) and TG-DATA-010 (serving components writing back): the cause here is the application’s unauthenticated front door.',
  message: 'Anonymous callers reach {writer}, which writes training data in {asset}: {path}',
  stride: ['T', 'S'],
  atlas: {
    techniques: ['AML.T0020', 'AML.T0059'],
    mitigations: ['AML.M0019', 'AML.M0007', 'AML.M0025'],
  },
  owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023'] },
  lifecycle: ['data-collection', 'data-curation', 'training', 'continuous-improvement'],
  ssrm: 'Application',
  controls: {
    aicm: aicmControls('IAM-13', 'AIS-08', 'DSP-21', 'DSP-20'),
    iso42001: ['A.7.4'],
    iso27001: ['A.8.5'],
    euAiAct: ['Article 10(2)', 'Article 15(5)'],
  },
  impact: 4,
  likelihood: 4,
  likelihoodModifiers: [
    'A WAF on the entry point lowers likelihood; a curation job between the written store and the training data (instead of training on it directly) removes the threat.',
  ],
  evidence: {
    facts: ['wafProtected'],
    flowFacts: ['authenticated'],
    flows: ['invoke', 'train-on', 'write'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Require authentication on the entry point: authorization_type = "AWS_IAM" on aws_lambda_function_url, authorization = "COGNITO_USER_POOLS"/"AWS_IAM"/"CUSTOM" on aws_api_gateway_method (authorization_type on aws_apigatewayv2_route); or let the function write to a staging bucket the training pipeline does not read.',
    azure:
      'Set auth_settings_v2 { require_authentication = true } on the azurerm_linux_web_app / azurerm_linux_function_app (or validate-jwt in front of it); or grant its identity Storage Blob Data Contributor on a staging container instead of the training data.',
    gcp: 'Remove allUsers / allAuthenticatedUsers from the roles/run.invoker (or roles/cloudfunctions.invoker) binding of the service; or grant its service account roles/storage.objectCreator on a staging bucket instead of the training bucket.',
  },
  match: findings,
};

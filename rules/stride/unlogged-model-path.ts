import { isTrue, isUnknown, type Finding, type GraphView, type Rule } from '../../src/model/index.js';
import { aicmControls, factEvidence, INFERENCE_KINDS, names, unknownInput } from '../lib.js';

const INVOKE = ['invoke'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  const reachable = view.reachableFromZone('internet', INVOKE);
  for (const target of view.assets(INFERENCE_KINDS)) {
    if (!reachable.has(target.id)) continue;
    // Report the deepest model of a chain once: skip a target that itself invokes a reachable model.
    if (view.targets(target.id, INVOKE).some((t) => INFERENCE_KINDS.includes(t.kind))) continue;
    const path = view.pathFromZone('internet', target.id, INVOKE);
    if (path === undefined) continue;
    const hops = path
      .flatMap((id) => view.asset(id) ?? [])
      .filter((a) => a.facts.invocationLogging !== undefined);
    if (hops.length === 0) continue;
    if (hops.some((a) => isTrue(a.facts.invocationLogging))) continue;
    const unknown = hops.filter((a) => isUnknown(a.facts.invocationLogging));
    yield {
      assets: [target.id],
      path,
      params: { asset: target.name, path: names(view, path) },
      evidence: hops.map((a) => factEvidence(a, 'invocationLogging')),
      unknowns: unknown.map((a) => unknownInput(a, 'invocationLogging')),
    };
  }
}

export const unloggedModelPath: Rule = {
  id: 'TG-STRIDE-003',
  title: 'No hop of an internet path to a model keeps an audit trail',
  family: 'stride',
  description:
    'Requests from the internet reach a model through gateways, functions, agents and endpoints none of which logs its invocations. Repudiation on the seed’s flow a1–a3: abuse (prompt injection, extraction, denial of wallet) cannot be attributed to a caller, reconstructed after the fact or even noticed, and a user can deny having sent a harmful prompt. One logged hop with caller identity is enough to close the gap.',
  message: 'No hop on {path} logs invocations',
  stride: ['R'],
  atlas: { techniques: ['AML.T0040', 'AML.T0024'], mitigations: ['AML.M0024'] },
  owasp: { llm: ['LLM10:2025'], ml: ['ML05:2023'] },
  lifecycle: ['continuous-monitoring', 'ai-applications'],
  ssrm: 'Application',
  controls: {
    aicm: aicmControls('LOG-12', 'LOG-15', 'LOG-16'),
    iso27001: ['A.8.15', 'A.8.16'],
    euAiAct: ['Article 12', 'Article 19'],
  },
  impact: 3,
  likelihood: 4,
  likelihoodModifiers: ['Application-level logging outside the infrastructure code lowers likelihood.'],
  evidence: { facts: ['invocationLogging'], flows: ['invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Enable access logging on the API stage (access_log_settings), aws_bedrock_model_invocation_logging_configuration, or data capture on the endpoint.',
    azure:
      'Add azurerm_api_management_diagnostic and an azurerm_monitor_diagnostic_setting (RequestResponse, Audit) on the cognitive account.',
    gcp: 'Enable predict_request_response_logging_config on the Vertex endpoint or DATA_READ audit logs for aiplatform.googleapis.com; keep gateway logs.',
  },
  match: findings,
};

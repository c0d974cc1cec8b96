import { isTrue, type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import { INFERENCE_KINDS, aicmControls, factEvidence, flowEvidence, unknownInput } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const source of view.assets(INFERENCE_KINDS)) {
    if (!isTrue(source.facts.dataCapture) && !isTrue(source.facts.invocationLogging)) continue;
    // Captures are written by the model service itself; log sinks receive invocation logs.
    const kinds = isTrue(source.facts.dataCapture) ? (['write', 'log-to'] as const) : (['log-to'] as const);
    for (const flow of view.flowsFrom(source.id, kinds)) {
      const store = view.asset(flow.to);
      if (store === undefined) continue;
      const cmk = store.facts.customerManagedKey;
      const weakCmk = cmk !== undefined && cmk.state !== 'unknown' && !cmk.value;
      const anon = isTrue(store.facts.anonymousRead) && !isTrue(store.facts.publicAccessBlocked);
      const unknownCmk = cmk?.state === 'unknown';
      if (!weakCmk && !anon && !unknownCmk) continue;
      yield {
        assets: [store.id, source.id],
        path: [source.id, store.id],
        params: {
          asset: store.name,
          source: source.name,
          weakness: anon ? 'anonymously readable' : 'not encrypted with a customer-managed key',
        },
        evidence: [...flowEvidence(flow), factEvidence(store, anon ? 'anonymousRead' : 'customerManagedKey')],
        unknowns: !weakCmk && !anon ? [unknownInput(store, 'customerManagedKey')] : [],
      };
    }
  }
}

export const captureStoreWeak: Rule = {
  id: 'TG-INF-005',
  title: 'Captured prompts and completions stored unprotected',
  family: 'ai/inference',
  description:
    'Requests and responses of a model are captured or logged to a store that is anonymously readable or not encrypted with a customer-managed key. Prompts carry personal data, secrets pasted by users and proprietary context; the capture store becomes the richest target of the system.',
  message: 'Prompts and completions of {source} land in {asset}, which is {weakness}',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036', 'AML.T0057'], mitigations: ['AML.M0012', 'AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML03:2023'] },
  lifecycle: ['continuous-monitoring', 'operations'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('DSP-17', 'LOG-08', 'CEK-03'),
    iso27001: ['A.8.24', 'A.8.15'],
    euAiAct: ['Article 10(5)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['A deletion lifecycle on the store limits how much is exposed.'],
  evidence: {
    facts: ['anonymousRead', 'customerManagedKey', 'dataCapture', 'invocationLogging'],
    flows: ['log-to', 'write'],
  },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set data_capture_config.kms_key_id on aws_sagemaker_endpoint_configuration and SSE-KMS on the capture bucket; block public access.',
    azure: 'Send diagnostics to a Log Analytics workspace or storage account with customer-managed keys.',
    gcp: 'Use a CMEK-protected BigQuery dataset for predict request/response logging with narrow IAM.',
  },
  match: findings,
};

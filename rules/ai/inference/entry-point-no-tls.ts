import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, matchAttributes } from '../../lib.js';

export const entryPointNoTls: Rule = {
  id: 'TG-INF-010',
  title: 'Model-backed entry point accepts plaintext HTTP',
  family: 'ai/inference',
  description:
    'An internet-facing gateway or load balancer in front of a model listens without TLS. Prompts, completions, session cookies and bearer tokens cross the internet in clear text: anyone on the path can read the conversation, replay the credentials, or alter prompts and answers in transit. Azure API Management always terminates TLS on its gateway, so the rule has nothing to check there.',
  message: '{asset} accepts unencrypted traffic in front of a model',
  stride: ['I', 'T', 'S'],
  atlas: { techniques: ['AML.T0057', 'AML.T0055'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['ai-applications', 'operations'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('CEK-03', 'I&S-03'), iso27001: ['A.8.24', 'A.8.20'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['An HTTP listener that only redirects to HTTPS lowers likelihood.'],
  evidence: { facts: ['encryptedInTransit'], flows: ['invoke'] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Use protocol = "HTTPS" with a certificate_arn on aws_lb_listener (and an HTTP listener whose default_action only redirects).',
    gcp: 'Serve the model through an HTTPS target proxy (google_compute_target_https_proxy) or the API Gateway default hostname.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['api-gateway', 'load-balancer'],
      where: (a, v) => v.zone(a.id).zone === 'dmz' && frontsModel(v, a.id),
      when: [{ fact: 'encryptedInTransit', is: false }],
    }),
};

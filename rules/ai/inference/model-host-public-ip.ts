import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, INFERENCE_KINDS, matchAttributes } from '../../lib.js';

export const modelHostPublicIp: Rule = {
  id: 'TG-INF-011',
  title: 'Self-hosted model server with a public IP address',
  family: 'ai/inference',
  description:
    'A virtual machine that serves a model (a GPU instance, or a host that calls the model for an application) has a public IP address. Model servers such as vLLM, TGI, Triton or Ollama often listen without authentication; with a public address anyone who finds the host can query or extract the model, run up GPU cost, or exploit the server to reach the host’s credentials. Managed endpoints are covered by the endpoint rules; Azure virtual machines are not mapped yet.',
  message: 'Model host {asset} has a public IP address',
  stride: ['S', 'I', 'D'],
  atlas: {
    techniques: ['AML.T0040', 'AML.T0049', 'AML.T0034'],
    mitigations: ['AML.M0019', 'AML.M0005'],
  },
  owasp: { llm: ['LLM10:2025'], ml: ['ML05:2023'] },
  lifecycle: ['resource-provisioning', 'ai-applications'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-03', 'I&S-09', 'AIS-08'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['Firewall rules that admit only a load balancer or a VPN range lower likelihood.'],
  evidence: { facts: ['directInternetAccess', 'internetReachable'], flows: ['invoke'] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set associate_public_ip_address = false on aws_instance (subnet map_public_ip_on_launch = false) and put the model server behind an internal load balancer or API Gateway with authentication.',
    gcp: 'Remove network_interface.access_config from google_compute_instance and expose the model through an authenticated load balancer or Cloud Run.',
  },
  match: (view) => [
    ...matchAttributes(view, {
      kinds: ['inference-endpoint'],
      when: [{ fact: 'directInternetAccess', is: true }],
    }),
    ...matchAttributes(view, {
      kinds: ['compute-instance'],
      where: (a, v) =>
        frontsModel(v, a.id) || v.targets(a.id, ['invoke']).some((t) => INFERENCE_KINDS.includes(t.kind)),
      when: [{ fact: 'internetReachable', is: true }],
    }),
  ],
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const vectorStorePublic: Rule = {
  id: 'TG-ORCH-007',
  title: 'Vector store or search index reachable from the internet',
  family: 'ai/orchestration',
  description:
    'The vector store or search index behind retrieval-augmented generation accepts connections from the public internet. Anyone who obtains a key or token can query the embedded corpus directly (bypassing the application’s access checks), invert embeddings back to text, or insert and alter documents that every user then receives as trusted context. Amazon OpenSearch Serverless network policies are not mapped yet.',
  message: 'Vector store {asset} is reachable from the internet',
  stride: ['I', 'T'],
  atlas: {
    techniques: ['AML.T0085.000', 'AML.T0070', 'AML.T0024.001'],
    mitigations: ['AML.M0005'],
  },
  owasp: { llm: ['LLM08:2025', 'LLM02:2025'], ml: ['ML03:2023'] },
  lifecycle: ['orchestration', 'data-storage'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('DSP-17', 'I&S-03', 'IAM-16'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Key-less (Entra ID / IAM) authentication and IP allow-lists lower likelihood; a private endpoint removes the exposure.',
  ],
  evidence: { facts: ['internetReachable', 'keyAuthEnabled'], flows: [] },
  clouds: ['azure', 'gcp'],
  remediation: {
    azure:
      'Set public_network_access_enabled = false on azurerm_search_service (with an azurerm_private_endpoint), or restrict allowed_ips.',
    gcp: 'Set public_endpoint_enabled = false on google_vertex_ai_index_endpoint and use network or private_service_connect_config.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['vector-store'],
      when: [{ fact: 'internetReachable', is: true }],
      controls: [{ fact: 'keyAuthEnabled', is: false, control: 'no static keys' }],
    }),
};

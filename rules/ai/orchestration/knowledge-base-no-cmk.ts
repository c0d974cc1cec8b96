import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const knowledgeBaseNoCmk: Rule = {
  id: 'TG-ORCH-012',
  title: 'Knowledge base or vector index not encrypted with a customer-managed key',
  family: 'ai/orchestration',
  description:
    'The knowledge base or vector index that holds the embedded corpus (often internal documents, tickets or customer records) is encrypted only with provider-managed keys. The organisation cannot revoke access to the corpus by disabling a key, cannot separate the index administrator from the key administrator, and has no key log of who decrypted it; embeddings can be inverted back to much of the source text.',
  message: '{asset} stores embedded content without a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0085', 'AML.T0024.001'], mitigations: ['AML.M0012'] },
  owasp: { llm: ['LLM08:2025', 'LLM02:2025'], ml: [] },
  lifecycle: ['data-storage', 'orchestration'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('CEK-03', 'CEK-08', 'DSP-17'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 2,
  likelihoodModifiers: ['A corpus of public documents only makes the impact lower.'],
  evidence: { facts: ['customerManagedKey'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set server_side_encryption_configuration.kms_key_arn on aws_bedrockagent_data_source and encrypt the vector collection with a customer-managed key.',
    azure:
      'Set customer_managed_key_enforcement_enabled = true on azurerm_search_service and encrypt indexes with a Key Vault key.',
    gcp: 'Set encryption_spec.kms_key_name on google_vertex_ai_index and google_vertex_ai_index_endpoint.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['knowledge-base', 'vector-store'],
      when: [{ fact: 'customerManagedKey', is: false }],
    }),
};

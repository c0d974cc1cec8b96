import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const agentMemoryNoCmk: Rule = {
  id: 'TG-ORCH-006',
  title: 'Agent memory persisted without a customer-managed key',
  family: 'ai/orchestration',
  description:
    'The agent keeps memory across sessions and its data is encrypted only with provider-owned keys. Conversation summaries accumulate personal and business data beyond the session, and a poisoned memory entry influences later sessions of the same user.',
  message: 'Agent {asset} keeps memory without a customer-managed key',
  stride: ['I', 'T'],
  atlas: { techniques: ['AML.T0080.000'], mitigations: ['AML.M0031', 'AML.M0012'] },
  owasp: { llm: ['LLM02:2025', 'LLM01:2025'], ml: [] },
  lifecycle: ['operations', 'orchestration'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('AIS-14', 'DSP-16', 'CEK-03'), iso27001: ['A.8.24'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: ['customerManagedKey', 'memoryEnabled'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set customer_encryption_key_arn on aws_bedrockagent_agent and a short memory_configuration.storage_days.',
    gcp: 'Set encryption_spec on google_vertex_ai_reasoning_engine and a TTL on the memory bank.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['agent'],
      when: [
        { fact: 'memoryEnabled', is: true },
        { fact: 'customerManagedKey', is: false },
      ],
    }),
};

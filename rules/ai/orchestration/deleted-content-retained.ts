import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const deletedContentRetained: Rule = {
  id: 'TG-ORCH-015',
  title: 'Deleted source content stays retrievable',
  family: 'ai/orchestration',
  description:
    'A data source of the knowledge base keeps what it ingested when the data source is deleted (data_deletion_policy = RETAIN). Deleting the data source is how a corpus is withdrawn: a connector found to ingest poisoned documents, outdated or recalled content, personal data under an erasure request. With RETAIN its chunks (text and embeddings) stay in the vector store that the knowledge base queries, outside every later deletion process, and can still come back as trusted context: poisoned content keeps shaping answers and erased personal data stays disclosed. Only Amazon Bedrock knowledge bases have this setting: Azure AI Search drops deleted documents through the data deletion detection policy of an indexer’s data source, which azurerm does not manage, and Vertex AI Vector Search removes datapoints only when they are deleted explicitly, with no Terraform setting to read.',
  message: 'A deleted data source of {asset} leaves its content in the vector store ({policy} = RETAIN)',
  stride: ['I', 'T'],
  atlas: { techniques: ['AML.T0070', 'AML.T0085.000'], mitigations: ['AML.M0025', 'AML.M0005'] },
  owasp: { llm: ['LLM08:2025', 'LLM02:2025', 'LLM04:2025'], ml: [] },
  lifecycle: ['data-deletion', 'orchestration'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('DSP-16', 'DSP-11'), iso27001: ['A.8.10'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'A corpus without personal data, or a runbook that deletes the vector index with the data source, lowers the impact.',
  ],
  evidence: { facts: ['deletionLifecycle'], flows: [] },
  clouds: ['aws'],
  remediation: {
    aws: 'Set data_deletion_policy = "DELETE" on every aws_bedrockagent_data_source of the knowledge base (the API default when the attribute is left out).',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['knowledge-base'],
      when: [{ fact: 'deletionLifecycle', is: false }],
      params: (a) => ({ policy: a.facts.deletionLifecycle?.attribute ?? 'data_deletion_policy' }),
    }),
};

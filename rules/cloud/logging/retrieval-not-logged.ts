import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const retrievalNotLogged: Rule = {
  id: 'TG-LOG-005',
  title: 'Retrieval queries and ingestion are not logged',
  family: 'cloud/logging',
  description:
    'The knowledge base, vector index or search service that agents and models retrieve context from keeps no log of what is ingested into it or queried from it. Documents planted in the corpus (RAG poisoning, hidden prompt injections), queries that page through the corpus to exfiltrate it, and retrieval by identities that should not be there go unseen; after an incident nobody can tell which documents entered the corpus when, or what a poisoned answer was built from. On AWS the evidence is the knowledge base’s vended log delivery (APPLICATION_LOGS, which records the ingestion of each document); on Azure the OperationLogs of the search service (queries and indexing); on Google Cloud the Data Access audit logs (DATA_READ) of aiplatform.googleapis.com, which record the queries of index endpoints (batch index updates are Admin Activity logs, always on).',
  message: 'Ingestion into and retrieval from {asset} are not logged',
  stride: ['R'],
  atlas: {
    techniques: ['AML.T0070', 'AML.T0071', 'AML.T0085.000'],
    mitigations: ['AML.M0024', 'AML.M0025'],
  },
  owasp: { llm: ['LLM08:2025', 'LLM04:2025'], ml: [] },
  lifecycle: ['continuous-monitoring', 'operations'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('LOG-07', 'LOG-12', 'LOG-13', 'DSP-20'),
    iso42001: ['A.6.2.6'],
    iso27001: ['A.8.15', 'A.8.16'],
    euAiAct: ['Article 12'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'CloudTrail data events for AWS::Bedrock::KnowledgeBase (Retrieve calls), or Data Access audit logs enabled at the folder or organisation, give partial coverage from outside the plan.',
  ],
  evidence: { facts: ['accessLogging'], flows: [] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add aws_cloudwatch_log_delivery_source (log_type = "APPLICATION_LOGS", resource_arn = the knowledge base arn), an aws_cloudwatch_log_delivery_destination and an aws_cloudwatch_log_delivery joining them.',
    azure:
      'Add azurerm_monitor_diagnostic_setting on the azurerm_search_service with enabled_log { category = "OperationLogs" } (or category_group = "allLogs").',
    gcp: 'Add google_project_iam_audit_config for service = "aiplatform.googleapis.com" with audit_log_config { log_type = "DATA_READ" } (and DATA_WRITE).',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['knowledge-base', 'vector-store'],
      when: [{ fact: 'accessLogging', is: false }],
    }),
};

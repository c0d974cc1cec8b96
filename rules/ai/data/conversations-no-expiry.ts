import {
  isTrue,
  isUnknown,
  type Asset,
  type AssetKind,
  type Finding,
  type GraphView,
  type Rule,
} from '../../../src/model/index.js';
import {
  INFERENCE_KINDS,
  aicmControls,
  factEvidence,
  flowEvidence,
  frontsModel,
  nameList,
  unknownInput,
} from '../../lib.js';

/** Application workloads whose writes are AI application data once they also call a model. */
const APP_KINDS: readonly AssetKind[] = ['function', 'compute-instance', 'agent-tool'];

/** The model path itself, or an application workload that calls it: what it stores came through the AI system. */
function isAiWriter(view: GraphView, writer: Asset): boolean {
  return (
    INFERENCE_KINDS.includes(writer.kind) || (APP_KINDS.includes(writer.kind) && frontsModel(view, writer.id))
  );
}

function* findings(view: GraphView): Iterable<Finding> {
  for (const db of view.assets('database')) {
    const expiry = db.facts.deletionLifecycle;
    if (expiry === undefined || isTrue(expiry)) continue;
    const writes = view.flowsTo(db.id, ['write']).filter((f) => {
      const writer = view.asset(f.from);
      return writer !== undefined && isAiWriter(view, writer);
    });
    const first = writes[0];
    if (first === undefined) continue;
    const writers = writes.flatMap((f) => view.asset(f.from) ?? []);
    yield {
      assets: [db.id],
      params: { asset: db.name, writer: nameList(writers) },
      evidence: [factEvidence(db, 'deletionLifecycle'), ...flowEvidence(first)],
      unknowns: isUnknown(expiry) ? [unknownInput(db, 'deletionLifecycle')] : [],
    };
  }
}

export const conversationsNoExpiry: Rule = {
  id: 'TG-DATA-012',
  title: 'AI application keeps user conversations with no expiry',
  family: 'ai/data',
  description:
    'A database written by the AI application (the model or agent itself, or a function or tool that also calls a model) has no TTL or expiry. What users type, the answers they get and what they upload accumulate for as long as the table exists: deletion and retention duties for personal data cannot be met by design, and anyone who later gains read access to the table (a compromised application role, a prompt that steers a tool into querying it, a leaked backup) collects every conversation ever held. Distinct from TG-DATA-007, which covers training data, captures and logs in object stores.',
  message: '{asset} stores what {writer} collects (conversations, prompts, uploads) with no TTL or expiry',
  stride: ['I'],
  atlas: { techniques: ['AML.T0036'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['data-collection', 'data-deletion', 'operations'],
  ssrm: 'Application',
  controls: {
    aicm: aicmControls('DSP-16', 'DSP-11', 'DSP-12'),
    iso27001: ['A.8.10'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'A table that holds only business records the application must keep (orders, accounts) lowers the impact; the rule cannot tell them from chat history.',
  ],
  evidence: { facts: ['deletionLifecycle'], flows: ['invoke', 'write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Add ttl { attribute_name = "expires_at", enabled = true } to the aws_dynamodb_table and have the application set expires_at on every item it writes.',
    azure:
      'Set default_ttl (seconds, a positive number; -1 or absent never expires) on the azurerm_cosmosdb_sql_container.',
    gcp: 'Add a google_firestore_field with ttl_config {} on the timestamp field of each collection the application writes, in the database it writes.',
  },
  match: findings,
};

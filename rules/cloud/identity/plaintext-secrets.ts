import type { GraphView, Rule } from '../../../src/model/index.js';
import { AI_KINDS, aicmControls, frontsModel, matchAttributes } from '../../lib.js';

/** A function or service counts when it fronts a model, calls one, or is an agent's tool. */
function aiRelated(id: string, view: GraphView): boolean {
  if (frontsModel(view, id)) return true;
  const ai = (k: string): boolean => (AI_KINDS as readonly string[]).includes(k) || k === 'agent-tool';
  return (
    view.targets(id, ['invoke']).some((t) => ai(t.kind)) ||
    view.sources(id, ['invoke']).some((s) => ai(s.kind))
  );
}

export const plaintextSecrets: Rule = {
  id: 'TG-IAM-005',
  title: 'Credentials in plain configuration of an AI workload',
  family: 'cloud/identity',
  description:
    'An agent, AI-serving function, inference service or ML workspace carries an API key, token or password as a literal configuration value (an environment variable, a workspace connection). The value is stored in Terraform state and plans, visible to anyone who can read the function or agent configuration, and usually never rotated; a third-party LLM key leaked this way lets anyone run up cost or read conversation history under the organisation’s account.',
  message: '{asset} has credentials in plain configuration',
  stride: ['I', 'S'],
  atlas: { techniques: ['AML.T0055', 'AML.T0083'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025', 'LLM07:2025'], ml: [] },
  lifecycle: ['design', 'ai-applications'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('IAM-14', 'IAM-02', 'DSP-17'), iso27001: ['A.5.17', 'A.8.4'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['Restricted access to Terraform state and function configuration lowers likelihood.'],
  evidence: { facts: ['plaintextSecrets'], flows: ['invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Move the value from environment.variables of aws_lambda_function to aws_secretsmanager_secret and read it at runtime.',
    azure:
      'Use Key Vault references in app_settings and managed identities instead of keys in azurerm_machine_learning_workspace connections.',
    gcp: 'Use secret_key_ref / secret_environment_variables (Secret Manager) instead of env values on Cloud Run, Cloud Functions and deployment_spec.secret_env on the reasoning engine.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['agent', 'function', 'inference-endpoint', 'ml-workspace', 'compute-instance'],
      where: (a, v) => (a.kind !== 'function' && a.kind !== 'compute-instance') || aiRelated(a.id, v),
      when: [{ fact: 'plaintextSecrets', is: true }],
    }),
};

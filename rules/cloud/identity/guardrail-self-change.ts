import type { Asset, Finding, Flow, GraphView, Rule } from '../../../src/model/index.js';
import { APPLICATION_KINDS, INFERENCE_KINDS, aicmControls, flowEvidence, frontsModel } from '../../lib.js';

/** Agents and models themselves, application code that calls a model, and the functions behind agent tools. */
function onModelPath(view: GraphView, asset: Asset): boolean {
  if (INFERENCE_KINDS.includes(asset.kind)) return true;
  return frontsModel(view, asset.id) || view.hasSource(asset.id, ['invoke'], ['agent-tool']);
}

function* findings(view: GraphView): Iterable<Finding> {
  for (const holder of view.assets([...INFERENCE_KINDS, ...APPLICATION_KINDS])) {
    const writes = new Map<string, Flow>();
    for (const w of view.flowsFrom(holder.id, ['write'])) {
      if (view.asset(w.to)?.kind === 'guardrail' && !writes.has(w.to)) writes.set(w.to, w);
    }
    if (writes.size === 0 || !onModelPath(view, holder)) continue;
    for (const [id, w] of writes) {
      yield {
        assets: [holder.id, id],
        path: [holder.id, id],
        params: { asset: holder.name, guardrail: view.asset(id)?.name ?? id },
        evidence: flowEvidence(w),
      };
    }
  }
}

export const guardrailSelfChange: Rule = {
  id: 'TG-IAM-006',
  title: 'AI workload can change or delete its own guardrail',
  family: 'cloud/identity',
  description:
    'A workload on a model path (an agent, a model server, application code that calls a model, the function behind an agent tool) runs as an identity that may change or delete a guardrail or content filter of the system (a Bedrock guardrail, an Azure OpenAI content filter, a Model Armor template). A prompt injection that steers a tool, or any code running in the compromised workload, can switch the prompt-attack and sensitive-data filters off, point the deployment at a weaker filter or delete the guardrail: from then on every conversation runs unscreened, and the control is in the hands of what it is meant to screen.',
  message: '{asset} can change or delete guardrail {guardrail}',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0081', 'AML.T0053', 'AML.T0054'],
    mitigations: ['AML.M0026', 'AML.M0028'],
  },
  owasp: { llm: ['LLM06:2025', 'LLM01:2025'], ml: [] },
  lifecycle: ['guardrails', 'maintenance'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('TVM-13', 'IAM-05', 'IAM-04', 'CCC-04'),
    iso27001: ['A.5.15', 'A.8.2', 'A.8.32'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'A numbered guardrail version pinned on the agent limits bedrock:UpdateGuardrail to the working draft (deletion still removes the guardrail).',
    'Alerts on guardrail and content-filter changes in the control-plane audit log shorten the time the system runs unscreened.',
  ],
  evidence: { facts: [], flows: ['invoke', 'write'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove bedrock:UpdateGuardrail, bedrock:DeleteGuardrail and bedrock:* from the roles of agents, action-group Lambdas and model-calling functions (aws_iam_role_policy); change aws_bedrock_guardrail from the deployment pipeline only and pin guardrail_version in guardrail_configuration of aws_bedrockagent_agent.',
    azure:
      'Give application identities Cognitive Services OpenAI User, not Cognitive Services (OpenAI) Contributor, Contributor or Owner, on the azurerm_cognitive_account (azurerm_role_assignment); change azurerm_cognitive_account_rai_policy and rai_policy_name only from the deployment pipeline.',
    gcp: 'Remove roles/modelarmor.admin and roles/modelarmor.editor (google_project_iam_member) from the service accounts of model servers, agents and AI services; change google_model_armor_template from the deployment pipeline only.',
  },
  match: findings,
};

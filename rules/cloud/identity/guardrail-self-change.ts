import type { Asset, AssetKind, Finding, GraphView, Rule } from '../../../src/model/index.js';
import { APPLICATION_KINDS, INFERENCE_KINDS, aicmControls, flowEvidence, frontsModel } from '../../lib.js';

/** Agents and models themselves, application code that calls a model, and the functions behind agent tools. */
function onModelPath(view: GraphView, asset: Asset): boolean {
  if (INFERENCE_KINDS.includes(asset.kind)) return true;
  return frontsModel(view, asset.id) || view.hasSource(asset.id, ['invoke'], ['agent-tool']);
}

/** Asked from the guardrails' side: they are few, while a wildcard grant gives a workload a write to every asset. */
function* findings(view: GraphView): Iterable<Finding> {
  const holderKinds: readonly AssetKind[] = [...INFERENCE_KINDS, ...APPLICATION_KINDS];
  const onPath = new Map<string, boolean>();
  for (const guardrail of view.assets('guardrail')) {
    const seen = new Set<string>();
    for (const w of view.flowsTo(guardrail.id, ['write'])) {
      const holder = view.asset(w.from);
      if (holder === undefined || seen.has(holder.id) || !holderKinds.includes(holder.kind)) continue;
      seen.add(holder.id);
      let ok = onPath.get(holder.id);
      if (ok === undefined) onPath.set(holder.id, (ok = onModelPath(view, holder)));
      if (!ok) continue;
      // The write as seen at the guardrail (a grant to a set of resources names the set).
      const flow = view.flowsBetween(holder.id, guardrail.id, ['write'])[0] ?? w;
      yield {
        assets: [holder.id, guardrail.id],
        path: [holder.id, guardrail.id],
        params: { asset: holder.name, guardrail: guardrail.name },
        evidence: flowEvidence(flow),
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

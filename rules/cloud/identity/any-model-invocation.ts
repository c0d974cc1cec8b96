import { isTrue, isUnknown, type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import { aicmControls, applicationWorkloads, factEvidence, frontsModel, unknownInput } from '../../lib.js';

function* findings(view: GraphView): Iterable<Finding> {
  for (const app of applicationWorkloads(view)) {
    // The workload's own managed identity (Azure system-assigned) and the identities it assumes.
    const identities = [app, ...view.targets(app.id, ['assume-identity'])];
    const granted =
      identities.find((i) => isTrue(i.facts.wildcardModelAccess)) ??
      identities.find((i) => isUnknown(i.facts.wildcardModelAccess));
    if (granted === undefined) continue;
    const open = isUnknown(granted.facts.wildcardModelAccess);
    // An unknown grant matters for code that is known to call a model.
    if (open && !frontsModel(view, app.id)) continue;
    yield {
      assets: [app.id],
      params: { asset: app.name, identity: granted.name },
      evidence: [factEvidence(granted, 'wildcardModelAccess')],
      unknowns: open ? [unknownInput(granted, 'wildcardModelAccess')] : [],
    };
  }
}

export const anyModelInvocation: Rule = {
  id: 'TG-IAM-008',
  title: 'AI application can invoke any model, not only the one it was evaluated with',
  family: 'cloud/identity',
  description:
    'An application workload runs as an identity that may invoke every model or endpoint of the account, subscription or project (a wildcard resource such as foundation-model/*, a Cognitive Services role at resource-group or subscription scope, roles/aiplatform.user on the project), not only the model the application was evaluated and red-teamed with. A changed configuration parameter, a prompt-driven tool or a compromised function can switch to an unevaluated, more expensive or less safe model, and the evaluation no longer describes what users get.',
  message: '{asset} may invoke any model of the account as {identity}',
  stride: ['T', 'E'],
  atlas: { techniques: ['AML.T0040', 'AML.T0034', 'AML.T0012'], mitigations: ['AML.M0019', 'AML.M0005'] },
  owasp: { llm: ['LLM06:2025', 'LLM10:2025'], ml: [] },
  lifecycle: ['evaluation', 'validation-red-teaming', 're-evaluation', 'ai-applications'],
  ssrm: 'Application',
  controls: { aicm: aicmControls('IAM-05', 'IAM-16', 'CCC-04'), iso27001: ['A.5.15', 'A.8.2'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'An organisation-level restriction of the models that may be used (an AWS service control policy on bedrock:InvokeModel, Azure Policy on deployments, a Model Garden organization policy on GCP) lowers likelihood; it is outside the plan.',
  ],
  evidence: { facts: ['wildcardModelAccess'], flows: ['assume-identity', 'invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Name the model in the Resource of bedrock:InvokeModel / InvokeModelWithResponseStream (arn:aws:bedrock:<region>::foundation-model/<model id> or the inference profile ARN) and the endpoint in sagemaker:InvokeEndpoint, instead of * or foundation-model/*, in the application role policy.',
    azure:
      'Assign Cognitive Services OpenAI User on the one azurerm_cognitive_account the application uses (scope = its id), not on the resource group or subscription.',
    gcp: 'Replace roles/aiplatform.user on the project (google_project_iam_member) with a role granted on the one google_vertex_ai_endpoint (google_vertex_ai_endpoint_iam_member); for publisher models such as Gemini, restrict the allowed models with a Model Garden organization policy.',
  },
  match: findings,
};

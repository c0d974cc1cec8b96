import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, applicationWorkloads, flowEvidence } from '../../lib.js';

const SERVED = ['inference-endpoint', 'model'];

function* findings(view: GraphView): Iterable<Finding> {
  for (const app of applicationWorkloads(view)) {
    const seen = new Set<string>();
    for (const d of view.flowsFrom(app.id, ['deploy'])) {
      const target = view.asset(d.to);
      if (target === undefined || target.id === app.id || !SERVED.includes(target.kind)) continue;
      if (seen.has(target.id)) continue;
      seen.add(target.id);
      yield {
        assets: [app.id, target.id],
        path: [app.id, target.id],
        params: { asset: app.name, model: target.name },
        evidence: flowEvidence(d),
      };
    }
  }
}

export const appRedeploysModel: Rule = {
  id: 'TG-IAM-007',
  title: 'Application identity can replace the production model, bypassing evaluation',
  family: 'cloud/identity',
  description:
    'An application workload (a function, container service, virtual machine or API integration, not the training or deployment pipeline) runs as an identity that may update or redeploy the inference endpoint or model deployment users are served from: change its endpoint configuration, shift traffic to another variant, deploy another model or version. Whoever compromises the application, or steers it through its inputs, puts a model into production that never passed evaluation, validation or red teaming, a backdoored or weaker one, without touching the artifact store the pipeline guards (that is TG-MODEL-002).',
  message: '{asset} can redeploy or replace the served model {model}',
  stride: ['T', 'E'],
  atlas: {
    techniques: ['AML.T0018', 'AML.T0010.003', 'AML.T0012'],
    mitigations: ['AML.M0005', 'AML.M0008', 'AML.M0014'],
  },
  owasp: { llm: ['LLM03:2025', 'LLM04:2025'], ml: ['ML10:2023'] },
  lifecycle: ['evaluation', 'validation-red-teaming', 're-evaluation', 'continuous-improvement'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('IAM-04', 'IAM-05', 'CCC-04', 'MDS-08'),
    iso27001: ['A.5.3', 'A.5.15', 'A.8.32'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 5,
  likelihood: 3,
  likelihoodModifiers: [
    'Deployment approval outside the identity (a model registry approval gate checked by the pipeline, change alerts on the endpoint) shortens the exposure but does not stop the direct update.',
  ],
  evidence: { facts: [], flows: ['deploy', 'invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove sagemaker:UpdateEndpoint, sagemaker:UpdateEndpointWeightsAndCapacities, sagemaker:CreateEndpoint*, sagemaker:CreateModel and sagemaker:* from application roles (aws_iam_role_policy); keep sagemaker:InvokeEndpoint on the endpoint ARN and let only the deployment pipeline change aws_sagemaker_endpoint.',
    azure:
      'Give application identities Cognitive Services OpenAI User, not Cognitive Services (OpenAI) Contributor, Contributor or Owner, on the azurerm_cognitive_account (azurerm_role_assignment); change azurerm_cognitive_deployment only from the deployment pipeline.',
    gcp: 'Remove roles/aiplatform.user and roles/aiplatform.admin on the endpoint or project, and roles/run.developer or roles/run.admin on model-serving Cloud Run services, from application service accounts; grant a custom role with aiplatform.endpoints.predict only, or roles/run.invoker.',
  },
  match: findings,
};

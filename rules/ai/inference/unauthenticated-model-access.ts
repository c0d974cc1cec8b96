import {
  isFalse,
  isTrue,
  isUnknown,
  type Finding,
  type GraphView,
  type Rule,
} from '../../../src/model/index.js';
import { INFERENCE_KINDS, aicmControls, flowEvidence, names, pathFlows } from '../../lib.js';

const KINDS = ['invoke'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const target of view.assets(INFERENCE_KINDS)) {
    const path = view.pathFromZone('internet', target.id, KINDS);
    if (path === undefined || path.length < 2) continue;
    const flows = pathFlows(view, path, KINDS);
    // One authenticated hop stops anonymous callers; hops that say nothing about authentication are
    // service-internal (an endpoint serving its model) and neither open nor close the path.
    if (flows.some((f) => isTrue(f.authenticated))) continue;
    const open = flows.filter((f) => isFalse(f.authenticated));
    const unknown = flows.filter((f) => isUnknown(f.authenticated));
    if (open.length === 0 && unknown.length === 0) continue;
    yield {
      assets: [target.id],
      path,
      params: { asset: target.name, path: names(view, path) },
      evidence: flows.flatMap(flowEvidence),
      unknowns:
        open.length > 0
          ? []
          : unknown.map((f) => ({
              assetId: f.to,
              fact: 'authenticated',
              reason: isUnknown(f.authenticated)
                ? f.authenticated.reason
                : `whether ${f.from} authenticates callers is not known`,
            })),
    };
  }
}

export const unauthenticatedModelAccess: Rule = {
  id: 'TG-INF-001',
  title: 'Model reachable from the internet without authentication',
  family: 'ai/inference',
  description:
    'A chain of invocations leads from the internet to a model, inference endpoint or agent with at least one hop that does not authenticate the caller. Anyone can query the model at the organisation’s expense (denial of wallet), harvest outputs to train a copy (model extraction), probe for membership and training data, and inject prompts without being identified.',
  message: '{asset} can be invoked from the internet without authentication: {path}',
  stride: ['S', 'I', 'D'],
  atlas: {
    techniques: ['AML.T0040', 'AML.T0024.002', 'AML.T0034', 'AML.T0024.000', 'AML.T0051.000'],
    mitigations: ['AML.M0019', 'AML.M0004'],
  },
  owasp: { llm: ['LLM10:2025', 'LLM01:2025', 'LLM02:2025'], ml: ['ML05:2023', 'ML03:2023'] },
  lifecycle: ['ai-applications', 'operations'],
  ssrm: 'Application',
  controls: {
    aicm: aicmControls('AIS-08', 'IAM-13', 'IAM-15'),
    iso27001: ['A.8.5', 'A.5.15'],
    euAiAct: ['Article 15(5)'],
    nistAi600: ['MS-2.7-001'],
  },
  impact: 4,
  likelihood: 5,
  likelihoodModifiers: [
    'Throttling and a WAF at the entry point limit the damage but do not identify callers.',
  ],
  evidence: { facts: [], flowFacts: ['authenticated'], flows: ['invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set authorization = "COGNITO_USER_POOLS"/"AWS_IAM"/"CUSTOM" on aws_api_gateway_method (authorization_type on aws_apigatewayv2_route, AWS_IAM on aws_lambda_function_url).',
    azure:
      'Set subscription_required = true and add validate-jwt / validate-azure-ad-token to the API policy of azurerm_api_management_api.',
    gcp: 'Remove allUsers from run.invoker / aiplatform.user bindings; require JWT security definitions in the API Gateway OpenAPI config.',
  },
  match: findings,
};

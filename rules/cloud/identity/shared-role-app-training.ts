import type { Finding, GraphView, Rule } from '../../../src/model/index.js';
import { aicmControls, nameList } from '../../lib.js';

const TRAINING = ['training-job', 'ml-pipeline', 'ml-compute'];

function* findings(view: GraphView): Iterable<Finding> {
  for (const identity of view.assets('identity')) {
    const holders = view.sources(identity.id, ['assume-identity']);
    const training = holders.filter((h) => TRAINING.includes(h.kind));
    const apps = holders.filter((h) => {
      const zone = view.zone(h.id).zone;
      return !TRAINING.includes(h.kind) && (zone === 'dmz' || zone === 'internal-interface');
    });
    if (training.length === 0 || apps.length === 0) continue;
    yield {
      assets: [identity.id],
      path: [apps[0]?.id ?? identity.id, identity.id, training[0]?.id ?? identity.id],
      params: {
        asset: identity.name,
        apps: nameList(apps),
        training: nameList(training),
      },
      evidence: [...view.flowsTo(identity.id, ['assume-identity']).flatMap((f) => f.evidence)],
    };
  }
}

export const sharedRoleAppTraining: Rule = {
  id: 'TG-IAM-003',
  title: 'One identity shared by an application and the training pipeline',
  family: 'cloud/identity',
  description:
    'The same role or service account is used by a workload that serves users and by the training pipeline. Compromising the application yields the pipeline’s permissions on training data and model artifacts — a direct route to poisoning and model tampering — and actions in logs cannot be told apart.',
  message: '{asset} is used by {apps} and by the training workload {training}',
  stride: ['E', 'R', 'T'],
  atlas: { techniques: ['AML.T0012', 'AML.T0020'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM04:2025'], ml: ['ML02:2023'] },
  lifecycle: ['training', 'ai-applications'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('IAM-04', 'IAM-05'), iso27001: ['A.5.3', 'A.8.2'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [],
  evidence: { facts: [], flows: ['assume-identity'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Give the pipeline (role_arn of aws_sagemaker_pipeline) and the application (Lambda role / model execution role) separate aws_iam_role resources.',
    azure: 'Use separate user-assigned identities for the compute cluster and the application.',
    gcp: 'Use separate google_service_account resources for the training cluster and the serving workload.',
  },
  match: findings,
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const hubModelNoGate: Rule = {
  id: 'TG-MODEL-009',
  title: 'Third-party hub model deployed without a provenance gate',
  family: 'ai/model',
  description:
    'A model of a public hub or another party is deployed straight into production: a Hugging Face model pulled at start-up (HF_MODEL_ID of a SageMaker Hugging Face container, a Model Garden deployment of a Hugging Face or partner model), or a SageMaker model package of another account, as AWS Marketplace sells them. No registry of the organisation, malware scan or evaluation sits between the publisher and the endpoint, so a poisoned or backdoored upload, a hijacked or typo-squatted repository, or a new revision of the same id is served as soon as the deployment next pulls it, and the organisation cannot say which weights it runs. Models Google publishes in Model Garden and the managed foundation-model services are provider models, not counted here. Not checked on Azure: Azure ML online deployments of registry models have no azurerm resource, and the third-party models of azurerm_cognitive_deployment are served by Microsoft from its catalogue.',
  message: '{asset} serves a model pulled straight from a public hub or another party',
  stride: ['T'],
  atlas: {
    techniques: ['AML.T0010.003', 'AML.T0058', 'AML.T0018.000'],
    mitigations: ['AML.M0008', 'AML.M0014', 'AML.M0023'],
  },
  owasp: { llm: ['LLM03:2025', 'LLM04:2025'], ml: ['ML06:2023', 'ML07:2023'] },
  lifecycle: ['design', 'ai-services-supply-chain', 'evaluation', 'validation-red-teaming'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('MDS-12', 'MDS-02', 'MDS-09', 'STA-09'),
    iso42001: ['A.10.3'],
    iso27001: ['A.5.21', 'A.5.19'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'A pinned revision of a model from a well-known publisher lowers likelihood; copying the weights into an artifact store of the organisation after a scan and an evaluation removes the threat.',
  ],
  evidence: { facts: ['externalModelSource'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Deploy from the organisation’s own artifacts: point aws_sagemaker_model.primary_container[].model_data_url (or model_package_name of an own-account model package group with approval) at weights copied, scanned and evaluated into your S3 bucket, instead of a Hugging Face id in environment.HF_MODEL_ID or another account’s model package.',
    gcp: 'Replace google_vertex_ai_endpoint_with_model_garden_deployment.hugging_face_model_id (or a partner publisher_model_name) with a model uploaded to your Vertex AI Model Registry from weights you copied, scanned and evaluated into your own bucket, served by google_vertex_ai_endpoint.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['model', 'inference-endpoint'],
      when: [{ fact: 'externalModelSource', is: true }],
    }),
};

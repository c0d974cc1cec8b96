import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const hostingNoCmk: Rule = {
  id: 'TG-INF-006',
  title: 'Model hosting storage not encrypted with a customer-managed key',
  family: 'ai/inference',
  description:
    'The volumes and service-side storage of the model host are encrypted only with provider keys. The organisation cannot cut off access to the hosted weights and cached inputs by revoking a key, nor audit key use. Not checked on Azure: the model hosts Terraform describes there (Azure OpenAI, AI Services) are provider-managed services, which this rule leaves out.',
  message: '{asset} hosts a model without a customer-managed key',
  stride: ['I'],
  atlas: { techniques: ['AML.T0035'], mitigations: ['AML.M0012'] },
  owasp: { llm: [], ml: ['ML05:2023'] },
  lifecycle: ['operations'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('CEK-03', 'CEK-08'), iso27001: ['A.8.24'] },
  impact: 2,
  likelihood: 2,
  likelihoodModifiers: [],
  evidence: { facts: ['customerManagedKey', 'providerManaged'], flows: [] },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Set kms_key_arn on aws_sagemaker_endpoint_configuration.',
    gcp: 'Set encryption_spec.kms_key_name on google_vertex_ai_endpoint.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['inference-endpoint', 'foundation-model-service'],
      when: [
        { fact: 'customerManagedKey', is: false },
        { fact: 'providerManaged', is: false, absent: 'bad' },
      ],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const registryShared: Rule = {
  id: 'TG-MODEL-003',
  title: 'Model registry shared with other accounts',
  family: 'ai/model',
  description:
    'The model registry grants access to principals of other accounts, tenants or projects. Models can be pulled (theft) or, with write access, pushed (tampering) by parties outside the organisation, and their provenance no longer ends at the organisation boundary. Not checked on Azure and Google Cloud yet: the Azure ML registry has no azurerm resource, and Vertex Model Registry none in the google provider.',
  message: 'Model registry {asset} grants access to other accounts',
  stride: ['I', 'T'],
  atlas: { techniques: ['AML.T0035', 'AML.T0010.003'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM03:2025'], ml: ['ML05:2023'] },
  lifecycle: ['ai-services-supply-chain'],
  ssrm: 'Model',
  controls: { aicm: aicmControls('IAM-05', 'STA-14'), iso27001: ['A.5.19', 'A.5.15'] },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: ['Grants limited to named partner accounts with conditions lower likelihood.'],
  evidence: { facts: ['crossAccountAccess'], flows: ['read'] },
  clouds: ['aws'],
  remediation: {
    aws: 'Restrict aws_sagemaker_model_package_group_policy.resource_policy to your own account, or to named accounts with aws:PrincipalOrgID conditions.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['model-registry', 'object-store'],
      where: (a, v) =>
        a.kind === 'model-registry' || v.sources(a.id, ['read']).some((s) => s.kind === 'model'),
      when: [{ fact: 'crossAccountAccess', is: true }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const notebookImdsV1: Rule = {
  id: 'TG-DEV-002',
  title: 'Notebook credentials exposed through instance metadata v1',
  family: 'ai/development',
  description:
    'The notebook instance answers instance-metadata requests without a session token (IMDSv1). Any server-side request forgery in notebook code, extensions or served apps can read the execution role’s temporary credentials and use them against training data and models. Token-less instance metadata is an AWS concept: the Azure and Google metadata services always require a request header, so the rule applies to AWS only.',
  message: '{asset} ({kind}) allows IMDSv1',
  stride: ['I', 'E'],
  atlas: { techniques: ['AML.T0055'], mitigations: ['AML.M0005'] },
  owasp: { llm: [], ml: [] },
  lifecycle: ['design'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-04', 'IAM-14'), iso27001: ['A.8.9'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['No direct internet access lowers likelihood.'],
  evidence: { facts: ['directInternetAccess', 'metadataTokensRequired'], flows: [] },
  clouds: ['aws'],
  remediation: {
    aws: 'Set instance_metadata_service_configuration { minimum_instance_metadata_service_version = "2" } on aws_sagemaker_notebook_instance.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['notebook', 'compute-instance'],
      when: [{ fact: 'metadataTokensRequired', is: false }],
      controls: [{ fact: 'directInternetAccess', is: false, control: 'no direct internet access' }],
    }),
};

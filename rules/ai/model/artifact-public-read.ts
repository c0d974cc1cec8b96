import type { Rule } from '../../../src/model/index.js';
import { aicmControls, isArtifactStore, matchAttributes } from '../../lib.js';

export const artifactPublicRead: Rule = {
  id: 'TG-MODEL-001',
  title: 'Model artifacts readable by anyone: model theft',
  family: 'ai/model',
  description:
    'The store holding trained model weights is anonymously readable. Anyone can download the model: the investment in training is lost, and the stolen copy lets an attacker craft adversarial inputs and extraction attacks offline against an exact replica of production.',
  message: 'Model artifacts in {asset} are readable anonymously',
  stride: ['I'],
  atlas: { techniques: ['AML.T0035', 'AML.T0025', 'AML.T0048.004'], mitigations: ['AML.M0005', 'AML.M0001'] },
  owasp: { llm: [], ml: ['ML05:2023'] },
  lifecycle: ['training', 'ai-services-supply-chain'],
  ssrm: 'Model',
  controls: {
    aicm: aicmControls('DSP-17', 'MDS-09', 'I&S-03'),
    iso27001: ['A.5.15', 'A.8.3'],
    euAiAct: ['Article 15(5)'],
  },
  impact: 4,
  likelihood: 5,
  likelihoodModifiers: ['A provider-level public access block lowers likelihood.'],
  evidence: { facts: ['anonymousRead', 'publicAccessBlocked'], flows: ['produce-artifact', 'read'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Remove anonymous read from the artifact bucket policy/ACL; add aws_s3_bucket_public_access_block.',
    azure:
      'Set allow_nested_items_to_be_public = false and private containers on the workspace storage account.',
    gcp: 'Remove allUsers/allAuthenticatedUsers bindings from the model bucket; enforce public_access_prevention.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['object-store', 'model-registry'],
      where: (a, v) => a.kind === 'model-registry' || isArtifactStore(a, v),
      when: [{ fact: 'anonymousRead', is: true }],
      controls: [{ fact: 'publicAccessBlocked', is: true, control: 'public access blocked at the provider' }],
    }),
};

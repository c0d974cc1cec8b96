import type { Rule } from '../../../src/model/index.js';
import { aicmControls, frontsModel, matchAttributes } from '../../lib.js';

export const mutableImage: Rule = {
  id: 'TG-INF-014',
  title: 'AI application runs a container image by mutable tag',
  family: 'ai/inference',
  description:
    'A workload of the AI application that calls a model (a Lambda function, a Cloud Run service, an App Service web or function app) runs a container image named by a tag (`:latest` or any other) rather than by digest, and the repository does not make tags immutable. Whoever can push to the repository, or take over the tag upstream, moves the tag to an image of their own; the next cold start, scale-out or revision runs it with the workload’s identity, in front of the model: prompts, answers and the credentials it holds are theirs. Model servers themselves are not checked here.',
  message: '{asset} runs a container image by a tag that can be moved, not by digest',
  stride: ['T'],
  atlas: {
    techniques: ['AML.T0010.004', 'AML.T0010.001'],
    mitigations: ['AML.M0013', 'AML.M0014'],
  },
  owasp: { llm: ['LLM03:2025'], ml: ['ML06:2023'] },
  lifecycle: ['ai-services-supply-chain', 'maintenance'],
  ssrm: 'Application',
  controls: {
    aicm: aicmControls('AIS-06', 'CCC-04', 'STA-09'),
    iso27001: ['A.8.32', 'A.8.19'],
  },
  impact: 4,
  likelihood: 2,
  likelihoodModifiers: [
    'Push rights limited to the release pipeline and image signing with admission checks lower likelihood.',
  ],
  evidence: { facts: ['imagePinned', 'imageSignatureEnforced'], flows: ['invoke'] },
  clouds: ['aws', 'azure', 'gcp'],
  remediation: {
    aws: 'Set aws_lambda_function.image_uri to the image digest (<repository>@sha256:…), or set image_tag_mutability = "IMMUTABLE" on the aws_ecr_repository.',
    azure:
      'Name the image by digest in site_config.application_stack.docker_image_name (<image>@sha256:…) of azurerm_linux_web_app, or in application_stack.docker[0].image_name of azurerm_linux_function_app.',
    gcp: 'Set template.containers[].image of google_cloud_run_v2_service to the image digest (<image>@sha256:…), or set docker_config.immutable_tags = true on the google_artifact_registry_repository; binary_authorization { use_default = true } with a project policy that requires attestations keeps unsigned images out.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['function'],
      when: [{ fact: 'imagePinned', is: false }],
      controls: [
        {
          fact: 'imageSignatureEnforced',
          is: true,
          control: 'Binary Authorization admits only attested images',
        },
      ],
      where: (a, v) => frontsModel(v, a.id),
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { AI_KINDS, aicmControls, matchAttributes } from '../../lib.js';

export const containerRegistryOpen: Rule = {
  id: 'TG-DEV-009',
  title: 'Container registry for AI images allows anonymous pulls',
  family: 'ai/development',
  description:
    'The container registry that holds training and serving images (an AI asset such as an ML workspace pulls from it) allows anonymous pulls. Anyone can download the images, with the model server configuration, baked-in weights and credentials they may contain, and study them for vulnerabilities; an image that is also writable with the admin key becomes a supply-chain entry point into every training job and endpoint that pulls it. Only Azure Container Registry is mapped; Amazon ECR and Artifact Registry policies are not yet.',
  message: 'Container registry {asset} allows anonymous pulls',
  stride: ['I', 'T'],
  atlas: { techniques: ['AML.T0010.004', 'AML.T0035'], mitigations: ['AML.M0005', 'AML.M0014'] },
  owasp: { llm: ['LLM03:2025'], ml: ['ML06:2023'] },
  lifecycle: ['ai-services-supply-chain', 'design'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-03', 'CCC-04', 'STA-09'), iso27001: ['A.8.19', 'A.5.21'] },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['Disabled admin user and private network access lower likelihood of the write half.'],
  evidence: { facts: ['anonymousRead', 'keyAuthEnabled'], flows: ['read'] },
  clouds: ['azure'],
  remediation: {
    azure: 'Set anonymous_pull_enabled = false and admin_enabled = false on azurerm_container_registry.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['container-registry'],
      // A registry holds AI images when an AI asset pulls from it (an ML workspace's registry, say).
      where: (a, v) => v.hasSource(a.id, ['read'], AI_KINDS),
      when: [{ fact: 'anonymousRead', is: true }],
      controls: [{ fact: 'keyAuthEnabled', is: false, control: 'admin user disabled' }],
    }),
};

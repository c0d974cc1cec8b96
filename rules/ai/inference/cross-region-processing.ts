import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const crossRegionProcessing: Rule = {
  id: 'TG-INF-009',
  title: 'Prompts may be processed outside the deployment region',
  family: 'ai/inference',
  description:
    'The model is consumed through a global or multi-region deployment (an Azure OpenAI Global or DataZone SKU, an Amazon Bedrock cross-region inference profile, a Vertex AI publisher model called at the global endpoint or a multi-region, which only a live GCP scan sees: a plan does not say which endpoint callers use). Prompts, retrieved context and completions can be processed in other regions or jurisdictions than the one the system is deployed in, which can break data-residency commitments and moves the data outside the boundary the organisation assessed.',
  message: '{asset} may process prompts outside its region',
  stride: ['I'],
  atlas: { techniques: ['AML.T0025'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: [] },
  lifecycle: ['ai-services-supply-chain', 'operations'],
  ssrm: 'PI',
  controls: {
    aicm: aicmControls('DSP-19', 'DSP-13'),
    iso27001: ['A.5.34'],
    euAiAct: ['Article 10(5)'],
  },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: ['A DataZone (same geography) deployment is less severe than a global one.'],
  evidence: { facts: ['crossRegionProcessing'], flows: [] },
  clouds: ['aws', 'azure'],
  remediation: {
    aws: 'Use a regional foundation model id (without the us./eu./apac./global. inference-profile prefix) in foundation_model of aws_bedrockagent_agent.',
    azure:
      'Use a regional sku.name (Standard, ProvisionedManaged) on azurerm_cognitive_deployment instead of GlobalStandard or DataZoneStandard.',
    gcp: 'Call the publisher model at a regional Vertex AI endpoint ({region}-aiplatform.googleapis.com, locations/{region}) instead of the global endpoint or a multi-region.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['foundation-model-service', 'model', 'inference-endpoint'],
      when: [{ fact: 'crossRegionProcessing', is: true }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

/** A service perimeter as a plan (Terraform type) and a live scan (Access Context Manager type) name it. */
const PERIMETER_TYPES = [
  'google_access_context_manager_service_perimeter',
  'accesscontextmanager.googleapis.com/ServicePerimeter',
];

export const perimeterMissesAi: Rule = {
  id: 'TG-NET-002',
  title: 'Service perimeter does not restrict the AI and storage APIs',
  family: 'cloud/network',
  description:
    'A VPC Service Controls perimeter exists but does not restrict both aiplatform.googleapis.com and storage.googleapis.com. A stolen service-account token can then copy datasets, models and predictions to a project outside the perimeter, and a compromised workload can exfiltrate through the Google APIs themselves, which no firewall sees. Service perimeters are a Google Cloud concept; AWS endpoint policies and Azure storage network rules are checked by other rules.',
  message: 'Service perimeter {asset} does not restrict Vertex AI and Cloud Storage',
  stride: ['I'],
  atlas: { techniques: ['AML.T0025', 'AML.T0035'], mitigations: ['AML.M0005'] },
  owasp: { llm: ['LLM02:2025'], ml: ['ML05:2023'] },
  lifecycle: ['resource-provisioning', 'data-storage'],
  ssrm: 'PI',
  controls: { aicm: aicmControls('I&S-06', 'DSP-10'), iso27001: ['A.8.20', 'A.8.22'] },
  impact: 4,
  likelihood: 2,
  likelihoodModifiers: [
    'Egress policies and access levels that limit who can call the APIs lower likelihood.',
  ],
  evidence: { facts: ['networkIsolated'], flows: ['network'] },
  clouds: ['gcp'],
  remediation: {
    gcp: 'Add "aiplatform.googleapis.com" and "storage.googleapis.com" to status.restricted_services of google_access_context_manager_service_perimeter.',
  },
  match: (view) =>
    matchAttributes(view, {
      kinds: ['network'],
      where: (a) => PERIMETER_TYPES.includes(a.nativeType),
      when: [{ fact: 'networkIsolated', is: false }],
    }),
};

import type { Rule } from '../../../src/model/index.js';
import { aicmControls, matchAttributes } from '../../lib.js';

export const ragNoGrounding: Rule = {
  id: 'TG-ORCH-010',
  title: 'Guardrail of a RAG system does not check grounding',
  family: 'ai/orchestration',
  description:
    'The system answers from retrieved documents (an agent uses a knowledge base), but its guardrail has no contextual grounding or relevance check. Answers that contradict or go beyond the retrieved sources, and answers steered by poisoned documents, reach users unflagged. Only Amazon Bedrock guardrails expose a grounding check in Terraform; Azure groundedness detection and Google grounding checks are API features without a Terraform attribute.',
  message: 'Guardrail {asset} has no grounding check although the system answers from retrieved content',
  stride: ['T'],
  atlas: { techniques: ['AML.T0062', 'AML.T0060'], mitigations: ['AML.M0020'] },
  owasp: { llm: ['LLM09:2025'], ml: [] },
  lifecycle: ['guardrails', 'validation-red-teaming'],
  ssrm: 'Orchestrated',
  controls: { aicm: aicmControls('MDS-11', 'TVM-13') },
  impact: 3,
  likelihood: 3,
  likelihoodModifiers: [
    'Citation of sources in the answers and human review of high-stakes answers lower impact.',
  ],
  evidence: { facts: ['groundingCheck'], flows: ['retrieve-from'] },
  clouds: ['aws'],
  remediation: {
    aws: 'Add contextual_grounding_policy_config with filters_config of type GROUNDING and RELEVANCE to aws_bedrock_guardrail.',
  },
  match: (view) => {
    // One answer for the whole system, so guardrails × agents is not walked.
    const rag = view.assets('agent').some((ag) => view.flowsFrom(ag.id, ['retrieve-from']).length > 0);
    if (!rag) return [];
    return matchAttributes(view, {
      kinds: ['guardrail'],
      when: [{ fact: 'groundingCheck', is: false }],
    });
  },
};

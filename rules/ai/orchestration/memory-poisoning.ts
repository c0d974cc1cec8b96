import { isFalse, type Finding, type GraphView, type Rule } from '../../../src/model/index.js';
import {
  aicmControls,
  controlsOn,
  factEvidence,
  flowEvidence,
  names,
  pathControls,
  pathFlows,
  unknownInput,
} from '../../lib.js';

const INVOKE = ['invoke'] as const;

function* findings(view: GraphView): Iterable<Finding> {
  for (const agent of view.assets('agent')) {
    const memory = agent.facts.memoryEnabled;
    if (memory === undefined || isFalse(memory)) continue;
    const path = view.pathFromZone('internet', agent.id, INVOKE);
    if (path === undefined) continue;
    const flows = pathFlows(view, path, INVOKE);
    yield {
      assets: [agent.id],
      path,
      params: { asset: agent.name, path: names(view, path) },
      evidence: [...flows.flatMap(flowEvidence), factEvidence(agent, 'memoryEnabled')],
      unknowns: memory.state === 'unknown' ? [unknownInput(agent, 'memoryEnabled')] : [],
      controls: [
        ...pathControls(view, flows),
        ...controlsOn(agent, [{ fact: 'inputScreening', is: true, control: 'input screening' }]),
      ],
    };
  }
}

export const memoryPoisoning: Rule = {
  id: 'TG-ORCH-017',
  title: 'Internet-reachable agent learns from conversations: memory poisoning',
  family: 'ai/orchestration',
  description:
    'Callers on the internet reach an agent that keeps long-term memory across sessions: it summarises conversations into memory and loads those summaries as trusted context in later sessions. An instruction a caller injects, or one hidden in a document or tool result the agent read, is summarised with the rest and keeps steering every later session that shares the memory (all of a user’s sessions, or everyone’s when the application reuses one memory id) long after the original input is gone. The agent is in effect trained on live internet traffic, without review. Distinct from TG-ORCH-006, which is about how the memory is encrypted. Not checked on Azure: the azurerm provider has no agent resource.',
  message: 'Agent {asset} keeps memory across sessions and is reachable from the internet: {path}',
  stride: ['T'],
  atlas: {
    techniques: ['AML.T0080.000', 'AML.T0051.000', 'AML.T0051.001'],
    mitigations: ['AML.M0031', 'AML.M0033', 'AML.M0020'],
  },
  owasp: { llm: ['LLM04:2025', 'LLM01:2025'], ml: [] },
  lifecycle: ['training', 'continuous-improvement', 'orchestration'],
  ssrm: 'Orchestrated',
  controls: {
    aicm: aicmControls('DSP-21', 'AIS-09', 'AIS-11', 'AIS-14'),
    euAiAct: ['Article 15(4)', 'Article 15(5)'],
  },
  impact: 4,
  likelihood: 3,
  likelihoodModifiers: [
    'Authentication at the entry point, a WAF and the agent’s input screening lower likelihood; memory kept per signed-in user and a short retention limit the reach of one poisoned entry.',
  ],
  evidence: {
    facts: ['inputScreening', 'memoryEnabled', 'wafProtected'],
    flowFacts: ['authenticated'],
    flows: ['invoke'],
  },
  clouds: ['aws', 'gcp'],
  remediation: {
    aws: 'Remove SESSION_SUMMARY from memory_configuration.enabled_memory_types of aws_bedrockagent_agent, or key memory to the signed-in user (memoryId from the authenticated identity), keep storage_days short and enable PRE_PROCESSING screening and a guardrail.',
    gcp: 'Remove context_spec.memory_bank_config from google_vertex_ai_reasoning_engine, or scope memories to the signed-in user, set context_spec.memory_bank_config.ttl_config and screen input with Model Armor.',
  },
  match: findings,
};

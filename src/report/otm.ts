import { STRIDE_NAMES, ZONE_DESCRIPTIONS, type Cloud, type Fact, type ZoneId } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { diagramData } from './diagram.js';
import { elementType } from './elements.js';
import { PIXELS, layout } from './html-layout.js';
import type { ReportInput } from './model.js';
import { CLOUD_NAMES } from './rule-docs.js';

export const OTM_VERSION = '0.2.0';
const REPRESENTATION = 'architecture';

/** OTM trust ratings (0–100, higher is more trusted): the internet least, the protected data zone most. */
const TRUST: Readonly<Record<ZoneId, number>> = {
  internet: 0,
  dmz: 30,
  'internal-interface': 60,
  'provider-managed': 60,
  development: 70,
  'internal-protected': 90,
};

function factValue(f: Fact): string {
  return f.state === 'unknown' ? `unknown (${f.reason})` : String(f.value);
}

/** An Open Threat Model (OTM 0.2.0) document: trust zones, components, data flows, threats and mitigations. */
export function toOtm({ scan }: ReportInput): Record<string, unknown> {
  const diagram = diagramData(scan);
  const placed = layout(diagram);
  const inputs = scan.inventory.inputs;
  const projectId =
    inputs.length === 0 ? 'threatgraph' : `threatgraph-${inputs.map((i) => i.sha256.slice(0, 12)).join('-')}`;
  const threatsOf = new Map<
    string,
    { threat: string; state: string; mitigations: { mitigation: string; state: string }[] }[]
  >();
  const mitigations = new Map<string, Record<string, unknown>>();
  const threats = scan.threats.map((t) => {
    const ids: string[] = [];
    for (const [cloud, text] of Object.entries(t.remediation) as [Cloud, string][]) {
      const id = `${t.ruleId}-${cloud}`;
      ids.push(id);
      if (!mitigations.has(id))
        mitigations.set(id, {
          id,
          name: `${t.title} (${CLOUD_NAMES[cloud]})`,
          description: text,
          // Applying the remediation removes the condition the rule detects.
          riskReduction: 100,
        });
    }
    for (const a of t.assets) {
      const list = threatsOf.get(a) ?? [];
      list.push({
        threat: t.fingerprint,
        state: t.accepted === undefined ? 'exposed' : 'accepted',
        mitigations: ids.map((m) => ({ mitigation: m, state: 'recommended' })),
      });
      threatsOf.set(a, list);
    }
    return {
      id: t.fingerprint,
      name: t.title,
      description: t.message,
      categories: t.stride.map((s) => STRIDE_NAMES[s]),
      cwes: [],
      risk: {
        likelihood: t.likelihood * 20,
        likelihoodComment: `threatgraph likelihood ${String(t.likelihood)} of 5 (${t.confidence})`,
        impact: t.impact * 20,
        impactComment: `threatgraph impact ${String(t.impact)} of 5`,
      },
      tags: [t.ruleId, t.severity, ...t.atlas.techniques, ...t.owasp.llm, ...t.owasp.ml],
      attributes: {
        ruleId: t.ruleId,
        severity: t.severity,
        confidence: t.confidence,
        ssrmLayer: t.ssrm.layer,
        lifecycle: t.lifecycle.join(','),
        aicm: t.controls.aicm.map((c) => c.id).join(','),
        ...(t.accepted === undefined ? {} : { acceptedJustification: t.accepted.justification }),
      },
    };
  });
  const width = Math.max(10, ...placed.zones.map((z) => (z.x + z.width) * PIXELS.x));
  const height = Math.max(10, ...placed.zones.map((z) => (z.y + z.height) * PIXELS.y + 60));
  return {
    otmVersion: OTM_VERSION,
    project: {
      name: `Threat model: ${inputs.map((i) => i.path).join(', ') || 'no input'}`,
      id: projectId,
      description: `Derived by ${TOOL_NAME} ${TOOL_VERSION} from the infrastructure: trust zones, data flows and threats of the AI system.`,
      tags: ['threatgraph', 'ai'],
      attributes: {
        tool: `${TOOL_NAME} ${TOOL_VERSION}`,
        inputs: inputs.map((i) => `${i.path} sha256:${i.sha256}`).join('; '),
      },
    },
    representations: [
      { name: 'Architecture diagram', id: REPRESENTATION, type: 'diagram', size: { width, height } },
    ],
    trustZones: placed.zones.map((z) => ({
      id: z.id,
      name: z.id,
      type: z.id,
      description: ZONE_DESCRIPTIONS[z.id],
      risk: { trustRating: TRUST[z.id] },
      representations: [
        {
          representation: REPRESENTATION,
          id: `${z.id}-diagram`,
          position: { x: z.x * PIXELS.x, y: z.y * PIXELS.y },
          size: { width: Math.max(10, z.width * PIXELS.x), height: Math.max(10, z.height * PIXELS.y + 60) },
        },
      ],
    })),
    components: diagram.zones.flatMap((zone) =>
      zone.assets.map((a) => {
        const at = placed.positions.get(a.id) ?? { x: 0, y: 0 };
        return {
          id: a.id,
          name: a.name,
          type: a.kind,
          description: `${a.nativeType} (${elementType(a.kind)})`,
          parent: { trustZone: zone.id },
          representations: [
            {
              representation: REPRESENTATION,
              id: `${a.id}-diagram`,
              position: { x: at.x * PIXELS.x, y: at.y * PIXELS.y },
              size: { width: 160, height: 80 },
            },
          ],
          threats: threatsOf.get(a.id) ?? [],
          tags: [a.provider, a.nativeType],
          attributes: Object.fromEntries(
            Object.entries(a.facts)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([name, f]) => [name, factValue(f as Fact)]),
          ),
        };
      }),
    ),
    dataflows: diagram.flows.map(({ flow, crossesBoundary }) => ({
      id: flow.id,
      name: flow.kind,
      bidirectional: false,
      source: flow.from,
      destination: flow.to,
      tags: crossesBoundary ? [flow.kind, 'crosses-trust-boundary'] : [flow.kind],
    })),
    threats,
    mitigations: [...mitigations.values()],
  };
}

export function renderOtm(input: ReportInput): string {
  return `${JSON.stringify(toOtm(input), null, 2)}\n`;
}

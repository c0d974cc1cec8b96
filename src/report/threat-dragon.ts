import {
  isTrue,
  STRIDE_NAMES,
  ZONE_DESCRIPTIONS,
  type Asset,
  type Severity,
  type Threat,
} from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { diagramData } from './diagram.js';
import { elementType, stableUuid, type ElementType } from './elements.js';
import { PIXELS, layout } from './html-layout.js';
import { remediationTexts, threatsByAsset, type ReportInput } from './model.js';

/** The Threat Dragon model version written (its schema caps the string at 10 characters). */
export const THREAT_DRAGON_VERSION = '2.3.0';

/** Threat Dragon knows three severities. */
const SEVERITY: Readonly<Record<Severity, 'High' | 'Medium' | 'Low'>> = {
  critical: 'High',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Low',
};

/** Shape and data type of each element type, as Threat Dragon v2 names them. */
const CELL: Readonly<Record<ElementType, { shape: string; type: string; width: number; height: number }>> = {
  actor: { shape: 'actor', type: 'tm.Actor', width: 160, height: 80 },
  process: { shape: 'process', type: 'tm.Process', width: 100, height: 100 },
  store: { shape: 'store', type: 'tm.Store', width: 160, height: 80 },
};

function threatEntry(t: Threat, number: number): Record<string, unknown> {
  const remediation = remediationTexts(t.remediation).join('\n');
  const accepted =
    t.accepted === undefined
      ? ''
      : `\n\nAccepted risk (${t.accepted.source}${t.accepted.expires === undefined ? '' : `, until ${t.accepted.expires}`}): ${t.accepted.justification}`;
  return {
    threatId: stableUuid(`threat:${t.fingerprint}`),
    number,
    ruleId: t.ruleId,
    title: t.title,
    status: 'Open',
    severity: SEVERITY[t.severity],
    score: t.severity,
    modelType: 'STRIDE',
    type: STRIDE_NAMES[t.stride[0] ?? 'I'],
    description: `${t.message}${accepted}`,
    mitigation: remediation,
  };
}

function elementData(
  asset: Asset,
  type: ElementType,
  threats: Record<string, unknown>[],
): Record<string, unknown> {
  const common = {
    type: CELL[type].type,
    name: asset.name,
    description: `${asset.nativeType} (${asset.id})`,
    outOfScope: false,
    reasonOutOfScope: '',
    isTrustBoundary: false,
    hasOpenThreats: threats.length > 0,
    threats,
  };
  if (type === 'actor') return { ...common, providesAuthentication: false };
  if (type === 'store')
    return {
      ...common,
      isALog: asset.kind === 'log-sink',
      isEncrypted: isTrue(asset.facts.encryptedAtRest),
      isSigned: false,
      storesCredentials: asset.kind === 'secret-store' || asset.kind === 'key',
      storesInventory: false,
    };
  return {
    ...common,
    handlesCardPayment: false,
    handlesGoodsOrServices: false,
    isWebApplication:
      asset.kind === 'api-gateway' || asset.kind === 'api-route' || asset.kind === 'load-balancer',
    privilegeLevel: isTrue(asset.facts.adminPrivileges) ? 'administrator' : '',
  };
}

/** An OWASP Threat Dragon v2 model: one STRIDE diagram of zones (boundary boxes), assets and flows, with the threats. */
export function toThreatDragon({ scan }: ReportInput): Record<string, unknown> {
  const diagram = diagramData(scan);
  const placed = layout(diagram);
  const cellId = (assetId: string): string => stableUuid(`asset:${assetId}`);
  const number = new Map(scan.threats.map((t, i) => [t.fingerprint, i + 1]));
  const byAsset = threatsByAsset(scan.threats);
  const cells: Record<string, unknown>[] = [];
  for (const z of placed.zones) {
    cells.push({
      id: stableUuid(`zone:${z.id}`),
      shape: 'trust-boundary-box',
      zIndex: -1,
      position: { x: z.x * PIXELS.x - 20, y: z.y * PIXELS.y - 20 },
      size: { width: Math.max(10, z.width * PIXELS.x), height: Math.max(10, z.height * PIXELS.y + 60) },
      attrs: { label: { text: z.id } },
      data: {
        type: 'tm.BoundaryBox',
        name: z.id,
        description: ZONE_DESCRIPTIONS[z.id],
        isTrustBoundary: true,
        hasOpenThreats: false,
      },
    });
  }
  for (const zone of diagram.zones) {
    for (const asset of zone.assets) {
      const type = elementType(asset.kind);
      const at = placed.positions.get(asset.id) ?? { x: 0, y: 0 };
      cells.push({
        id: cellId(asset.id),
        shape: CELL[type].shape,
        zIndex: 1,
        position: { x: at.x * PIXELS.x, y: at.y * PIXELS.y },
        size: { width: CELL[type].width, height: CELL[type].height },
        attrs: { text: { text: asset.name } },
        data: elementData(
          asset,
          type,
          (byAsset.get(asset.id) ?? []).map((t) => threatEntry(t, number.get(t.fingerprint) ?? 0)),
        ),
      });
    }
  }
  for (const { flow, crossesBoundary } of diagram.flows) {
    const fromInternet = scan.view.zone(flow.from).zone === 'internet';
    cells.push({
      id: stableUuid(`flow:${flow.id}`),
      shape: 'flow',
      zIndex: 2,
      connector: 'smooth',
      source: { cell: cellId(flow.from) },
      target: { cell: cellId(flow.to) },
      attrs: {
        line: {
          stroke: crossesBoundary ? '#c0392b' : '#333333',
          strokeWidth: crossesBoundary ? 2 : 1,
          targetMarker: { name: 'block' },
          sourceMarker: { name: '' },
        },
      },
      labels: [flow.kind],
      data: {
        type: 'tm.Flow',
        name: flow.kind,
        description: flow.id,
        outOfScope: false,
        reasonOutOfScope: '',
        isBidirectional: false,
        isEncrypted:
          flow.encrypted !== undefined && flow.encrypted.state !== 'unknown' && flow.encrypted.value,
        isPublicNetwork: fromInternet,
        protocol: '',
        isTrustBoundary: false,
        hasOpenThreats: false,
        threats: [],
      },
    });
  }
  const inputs = scan.inventory.inputs.map((i) => i.path);
  return {
    version: THREAT_DRAGON_VERSION,
    summary: {
      title: `Threat model: ${inputs.join(', ') || 'no input'}`,
      owner: '',
      description: `Derived by ${TOOL_NAME} ${TOOL_VERSION} from ${inputs.join(', ') || 'no input'}: trust zones, data flows and threats of the AI system.`,
      id: 0,
    },
    detail: {
      contributors: [{ name: `${TOOL_NAME} ${TOOL_VERSION}` }],
      diagrams: [
        {
          id: 0,
          title: 'AI system',
          diagramType: 'STRIDE',
          placeholder: 'Zones, assets and flows derived from the infrastructure',
          thumbnail: './public/content/images/thumbnail.stride.jpg',
          version: THREAT_DRAGON_VERSION,
          description: `${String(scan.graph.order)} assets, ${String(scan.graph.size)} flows, ${String(scan.threats.length)} threats`,
          cells,
        },
      ],
      diagramTop: 1,
      reviewer: '',
      threatTop: scan.threats.length,
    },
  };
}

export function renderThreatDragon(input: ReportInput): string {
  return `${JSON.stringify(toThreatDragon(input), null, 2)}\n`;
}

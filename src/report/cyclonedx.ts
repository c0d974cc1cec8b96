import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Asset, AssetKind, Fact } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { stableUuid } from './elements.js';
import { sortedAssets, type ReportInput } from './model.js';

/**
 * How the AI inventory appears in the bill of materials. Models and data are components of their CycloneDX
 * types; what callers reach over the network (endpoints, foundation-model APIs, agents, gateways, functions) is
 * a service; the platform around them is a component of type platform. Networks, subnets, firewall rules,
 * identities, keys and log sinks are not part of an AI-BOM: the threat-model reports carry them.
 */
type BomEntry = { readonly as: 'component'; readonly type: Enums.ComponentType } | { readonly as: 'service' };

const ENTRIES: Partial<Record<AssetKind, BomEntry>> = {
  model: { as: 'component', type: Enums.ComponentType.MachineLearningModel },
  'model-registry': { as: 'component', type: Enums.ComponentType.Platform },
  dataset: { as: 'component', type: Enums.ComponentType.Data },
  'object-store': { as: 'component', type: Enums.ComponentType.Data },
  database: { as: 'component', type: Enums.ComponentType.Data },
  'vector-store': { as: 'component', type: Enums.ComponentType.Data },
  'feature-store': { as: 'component', type: Enums.ComponentType.Data },
  'knowledge-base': { as: 'component', type: Enums.ComponentType.Data },
  'training-job': { as: 'component', type: Enums.ComponentType.Application },
  'ml-pipeline': { as: 'component', type: Enums.ComponentType.Application },
  notebook: { as: 'component', type: Enums.ComponentType.Application },
  'ml-workspace': { as: 'component', type: Enums.ComponentType.Platform },
  'ml-compute': { as: 'component', type: Enums.ComponentType.Platform },
  guardrail: { as: 'component', type: Enums.ComponentType.Application },
  'container-registry': { as: 'component', type: Enums.ComponentType.Platform },
  'inference-endpoint': { as: 'service' },
  'foundation-model-service': { as: 'service' },
  agent: { as: 'service' },
  'agent-tool': { as: 'service' },
  'api-gateway': { as: 'service' },
  'api-route': { as: 'service' },
  function: { as: 'service' },
  'load-balancer': { as: 'service' },
};

/** The kinds the BOM lists, for the README and tests. */
export const BOM_KINDS = Object.keys(ENTRIES) as AssetKind[];

function factText(f: Fact): string {
  return f.state === 'unknown' ? `unknown: ${f.reason}` : String(f.value);
}

function properties(asset: Asset, zone: string): Models.Property[] {
  const out = [
    new Models.Property('threatgraph:asset-id', asset.id),
    new Models.Property('threatgraph:kind', asset.kind),
    new Models.Property('threatgraph:provider', asset.provider),
    new Models.Property('threatgraph:native-type', asset.nativeType),
    new Models.Property('threatgraph:zone', zone),
  ];
  for (const [name, f] of Object.entries(asset.facts))
    out.push(new Models.Property(`threatgraph:fact:${name}`, factText(f)));
  return out;
}

/** A urn:uuid derived from the inputs' hashes: the same inputs give the same serial number. */
function serialNumber(hashes: readonly string[]): string {
  return `urn:uuid:${stableUuid(createHash('sha256').update(hashes.join('\n')).digest('hex'))}`;
}

/** A CycloneDX 1.6 bill of materials of the AI inventory, with dependencies along the data flows. */
export function toCycloneDx({ scan, generatedAt }: ReportInput): Models.Bom {
  const bom = new Models.Bom({ serialNumber: serialNumber(scan.inventory.inputs.map((i) => i.sha256)) });
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, TOOL_NAME, { version: TOOL_VERSION }),
  );
  if (generatedAt !== undefined) bom.metadata.timestamp = new Date(generatedAt);
  bom.metadata.component = new Models.Component(
    Enums.ComponentType.Application,
    scan.inventory.inputs.map((i) => i.path).join(', ') || 'AI system',
    { bomRef: 'threatgraph:system', description: 'The AI system described by the scanned infrastructure' },
  );
  const refs = new Map<string, Models.BomRef>();
  const items: { id: string; dependencies: Models.BomRefRepository }[] = [];
  for (const asset of sortedAssets(scan)) {
    const entry = ENTRIES[asset.kind];
    if (entry === undefined) continue;
    const zone = scan.view.zone(asset.id).zone;
    if (entry.as === 'service') {
      const service = new Models.Service(asset.name, {
        bomRef: asset.id,
        description: `${asset.nativeType} in zone ${zone}`,
      });
      for (const p of properties(asset, zone)) service.properties.add(p);
      bom.services.add(service);
      refs.set(asset.id, service.bomRef);
      items.push({ id: asset.id, dependencies: service.dependencies });
    } else {
      const component = new Models.Component(entry.type, asset.name, {
        bomRef: asset.id,
        description: `${asset.nativeType} in zone ${zone}`,
      });
      for (const p of properties(asset, zone)) component.properties.add(p);
      bom.components.add(component);
      refs.set(asset.id, component.bomRef);
      items.push({ id: asset.id, dependencies: component.dependencies });
    }
  }
  // What an item reads, invokes, trains on or loads is what it depends on.
  for (const { id, dependencies } of items) {
    for (const flow of scan.view.flowsFrom(id)) {
      const target = refs.get(flow.to);
      if (target !== undefined && flow.to !== id) dependencies.add(target);
    }
  }
  return bom;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

export function renderCycloneDx(input: ReportInput): string {
  return `${serializer.serialize(toCycloneDx(input), { sortLists: true, space: 2 })}\n`;
}

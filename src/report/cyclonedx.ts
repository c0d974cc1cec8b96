/**
 * A CycloneDX 1.6 AI-BOM of the scanned system: models, data and AI services with the flows between them.
 * `@cyclonedx/cyclonedx-library` builds and serializes what it models (components, services, properties, the
 * dependency graph, metadata); the 1.6 fields it has no model for (a component's `modelCard` and `data`, a
 * service's `authenticated`, `x-trust-boundary` and `trustZone`) are added to its output by bom-ref. Lists are
 * filled in code-point order and the library's own (locale-dependent) sorting is left off, so the same input gives
 * byte-identical output.
 */
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { ScanResult } from '../scan.js';
import type { Asset, AssetKind, Fact, FlowKind, Threat } from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { stableUuid } from './elements.js';
import { sortedAssets, threatsByAsset, type ReportInput } from './model.js';

/** Where an asset goes in the BOM. */
export type BomPlace =
  | {
      readonly as: 'component';
      readonly type: Enums.ComponentType;
      /** For `data` components: the type of their `data` entry (`dataset` may also be decided by the flows in). */
      readonly data?: 'dataset' | 'configuration' | 'other';
    }
  | { readonly as: 'service' }
  | { readonly as: 'omitted'; readonly why: string };

const C = Enums.ComponentType;
const INFRASTRUCTURE = 'infrastructure around the AI system; the JSON report lists it';

/** Every asset kind and its place in the AI-BOM (README, "AI-BOM (CycloneDX)", has the same table). */
export const BOM_PLACES: Readonly<Record<AssetKind, BomPlace>> = {
  model: { as: 'component', type: C.MachineLearningModel },
  dataset: { as: 'component', type: C.Data, data: 'dataset' },
  'knowledge-base': { as: 'component', type: C.Data, data: 'dataset' },
  'vector-store': { as: 'component', type: C.Data, data: 'dataset' },
  'feature-store': { as: 'component', type: C.Data, data: 'dataset' },
  'object-store': { as: 'component', type: C.Data, data: 'other' },
  database: { as: 'component', type: C.Data, data: 'other' },
  'log-sink': { as: 'component', type: C.Data, data: 'other' },
  guardrail: { as: 'component', type: C.Data, data: 'configuration' },
  'foundation-model-service': { as: 'service' },
  'inference-endpoint': { as: 'service' },
  agent: { as: 'service' },
  'agent-tool': { as: 'service' },
  'api-gateway': { as: 'service' },
  'api-route': { as: 'service' },
  'load-balancer': { as: 'service' },
  'identity-provider': { as: 'service' },
  'training-job': { as: 'component', type: C.Application },
  'ml-pipeline': { as: 'component', type: C.Application },
  notebook: { as: 'component', type: C.Application },
  function: { as: 'component', type: C.Application },
  'compute-instance': { as: 'component', type: C.Application },
  'ml-workspace': { as: 'component', type: C.Platform },
  'ml-compute': { as: 'component', type: C.Platform },
  'model-registry': { as: 'component', type: C.Platform },
  'container-registry': { as: 'component', type: C.Platform },
  'external-entity': { as: 'omitted', why: 'outside the system: users and systems on the internet' },
  identity: { as: 'omitted', why: INFRASTRUCTURE },
  key: { as: 'omitted', why: INFRASTRUCTURE },
  'secret-store': { as: 'omitted', why: INFRASTRUCTURE },
  waf: { as: 'omitted', why: INFRASTRUCTURE },
  network: { as: 'omitted', why: INFRASTRUCTURE },
  subnet: { as: 'omitted', why: INFRASTRUCTURE },
  'firewall-rule': { as: 'omitted', why: INFRASTRUCTURE },
  'private-endpoint': { as: 'omitted', why: INFRASTRUCTURE },
  'resource-set': {
    as: 'omitted',
    why: 'stands for the resources of a wildcard grant; they are listed themselves',
  },
};

/** Flows that make their source depend on their target: what it calls, reads, trains on, serves or loads. */
export const DEPENDENCY_FLOWS: readonly FlowKind[] = [
  'invoke',
  'read',
  'retrieve-from',
  'train-on',
  'deploy',
  'load-code',
  'authenticate',
];

/** What data in a store is, from the flows into it. */
const DATA_ROLES: readonly (readonly [FlowKind, string])[] = [
  ['train-on', 'training data'],
  ['retrieve-from', 'retrieval context'],
  ['produce-artifact', 'model artifacts'],
  ['log-to', 'logs'],
];

const PREFIX = 'threatgraph:';

interface Extras {
  readonly modelCard?: object;
  readonly data?: readonly object[];
  readonly authenticated?: boolean;
  readonly 'x-trust-boundary'?: boolean;
  readonly trustZone?: string;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function placeOf(asset: Asset): BomPlace {
  return BOM_PLACES[asset.kind];
}

/** A urn:uuid (RFC 9562 version 8, name-based) from the inputs' SHA-256s and the tool version. */
export function serialNumberOf(scan: ScanResult): string {
  const shas = scan.inventory.inputs.map((i) => i.sha256).sort(byCodePoint);
  return `urn:uuid:${stableUuid(`${TOOL_NAME} ${TOOL_VERSION}\n${shas.map((s) => `${s}\n`).join('')}`)}`;
}

function factValue(fact: Fact): string {
  if (fact.state === 'unknown') return 'unknown';
  return Array.isArray(fact.value) ? fact.value.join(',') : String(fact.value);
}

function propertiesOf(scan: ScanResult, asset: Asset, threats: readonly Threat[]): Models.Property[] {
  const zone = scan.view.zone(asset.id);
  const src = asset.source;
  const entries: [string, string][] = [
    ['kind', asset.kind],
    ['provider', asset.provider],
    ['nativeType', asset.nativeType],
    ['zone', zone.zone],
    ['zoneReason', zone.reason],
    ['address', src.address],
    ['input', src.input],
  ];
  if (src.file !== undefined)
    entries.push(['location', `${src.file}${src.line === undefined ? '' : `:${src.line}`}`]);
  if (src.region !== undefined) entries.push(['region', src.region]);
  if (asset.action !== undefined) entries.push(['action', asset.action]);
  const facts = Object.entries(asset.facts) as [string, Fact][];
  for (const [name, fact] of facts.sort(([a], [b]) => byCodePoint(a, b)))
    entries.push([`fact:${name}`, factValue(fact)]);
  const rules = new Set(threats.map((t) => t.ruleId));
  for (const id of [...rules].sort(byCodePoint)) entries.push(['threat', id]);
  return entries.map(([name, value]) => new Models.Property(`${PREFIX}${name}`, value));
}

function dataRoles(scan: ScanResult, asset: Asset): string[] {
  return DATA_ROLES.filter(([kind]) => scan.view.flowsTo(asset.id, [kind]).length > 0).map(
    ([, role]) => role,
  );
}

function dataEntry(
  scan: ScanResult,
  asset: Asset,
  place: BomPlace & { as: 'component' },
): object | undefined {
  if (place.data === undefined) return undefined;
  const roles = dataRoles(scan, asset);
  const isDataset =
    place.data === 'dataset' || roles.includes('training data') || roles.includes('retrieval context');
  return {
    type: isDataset ? 'dataset' : place.data,
    name: asset.name,
    ...(roles.length === 0 ? {} : { classification: roles.join(', ') }),
  };
}

/** What the graph honestly says about a model: the data it was trained on and where it came from. */
function modelCard(scan: ScanResult, asset: Asset, inBom: ReadonlySet<string>): object | undefined {
  const trainers = scan.view
    .sources(asset.id, ['deploy', 'produce-artifact'])
    .filter((a) => a.kind === 'training-job' || a.kind === 'ml-pipeline');
  const datasets = new Set<string>();
  for (const t of trainers)
    for (const d of scan.view.targets(t.id, ['train-on'])) if (inBom.has(d.id)) datasets.add(d.id);
  const properties: { name: string; value: string }[] = [];
  for (const t of trainers.map((x) => x.id).sort(byCodePoint))
    properties.push({ name: `${PREFIX}trainedBy`, value: t });
  const source = asset.facts.externalModelSource;
  if (source !== undefined)
    properties.push({ name: `${PREFIX}externalModelSource`, value: factValue(source) });
  if (datasets.size === 0 && properties.length === 0) return undefined;
  return {
    ...(datasets.size === 0
      ? {}
      : { modelParameters: { datasets: [...datasets].sort(byCodePoint).map((ref) => ({ ref })) } }),
    ...(properties.length === 0 ? {} : { properties }),
  };
}

function crossesBoundary(scan: ScanResult, id: string): boolean {
  const zone = scan.view.zone(id).zone;
  let crosses = false;
  scan.graph.forEachEdge(id, (_key, _attrs, from, to) => {
    if (scan.view.zone(from === id ? to : from).zone !== zone) crosses = true;
  });
  return crosses;
}

function serviceExtras(scan: ScanResult, asset: Asset): Extras {
  const auth = asset.facts.requiresAuthentication;
  return {
    ...(auth !== undefined && auth.state !== 'unknown' ? { authenticated: auth.value } : {}),
    'x-trust-boundary': crossesBoundary(scan, asset.id),
    trustZone: scan.view.zone(asset.id).zone,
  };
}

interface NormalizedElement {
  'bom-ref'?: string;
  [key: string]: unknown;
}

/** Puts the extras of each element after the fields the library wrote, in a fixed key order. */
function addExtras(elements: unknown, extras: ReadonlyMap<string, Extras>): void {
  if (!Array.isArray(elements)) return;
  for (const el of elements as NormalizedElement[]) {
    const add = el['bom-ref'] === undefined ? undefined : extras.get(el['bom-ref']);
    if (add === undefined) continue;
    const properties = el['properties'];
    delete el['properties'];
    Object.assign(el, add);
    if (properties !== undefined) el['properties'] = properties;
  }
}

export function toCycloneDx({ scan, generatedAt }: ReportInput): object {
  const assets = sortedAssets(scan).filter((a) => placeOf(a).as !== 'omitted');
  const inBom = new Set(assets.map((a) => a.id));
  // Once per BOM: asking each asset to filter every threat is quadratic on a large scan.
  const threatsOn = threatsByAsset(scan.threats);
  const bom = new Models.Bom({ serialNumber: serialNumberOf(scan) });
  bom.metadata.tools.components.add(
    new Models.Component(C.Application, TOOL_NAME, { version: TOOL_VERSION }),
  );
  if (generatedAt !== undefined) bom.metadata.timestamp = new Date(generatedAt);
  for (const input of scan.inventory.inputs)
    bom.metadata.properties.add(
      new Models.Property(`${PREFIX}input`, `${input.path} sha256:${input.sha256}`),
    );
  bom.metadata.properties.add(new Models.Property(`${PREFIX}roles`, scan.roles.join(',')));

  const refs = new Map<string, Models.BomRef>();
  const pending: [Models.Component | Models.Service, Asset][] = [];
  const extras = new Map<string, Extras>();
  for (const asset of assets) {
    const place = placeOf(asset);
    const properties = new Models.PropertyRepository(
      propertiesOf(scan, asset, threatsOn.get(asset.id) ?? []),
    );
    let element: Models.Component | Models.Service;
    if (place.as === 'service') {
      element = new Models.Service(asset.name, { bomRef: asset.id, properties });
      bom.services.add(element);
      extras.set(asset.id, serviceExtras(scan, asset));
    } else if (place.as === 'component') {
      element = new Models.Component(place.type, asset.name, { bomRef: asset.id, properties });
      bom.components.add(element);
      const data = dataEntry(scan, asset, place);
      const card = place.type === C.MachineLearningModel ? modelCard(scan, asset, inBom) : undefined;
      if (data !== undefined || card !== undefined)
        extras.set(asset.id, {
          ...(card === undefined ? {} : { modelCard: card }),
          ...(data === undefined ? {} : { data: [data] }),
        });
    } else continue;
    refs.set(asset.id, element.bomRef);
    pending.push([element, asset]);
  }
  for (const [element, asset] of pending) {
    const targets = new Set(scan.view.targets(asset.id, DEPENDENCY_FLOWS).map((a) => a.id));
    for (const id of [...targets].sort(byCodePoint)) {
      const ref = refs.get(id);
      if (ref !== undefined && id !== asset.id) element.dependencies.add(ref);
    }
  }

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const doc = JSON.parse(serializer.serialize(bom, { sortLists: false })) as Record<string, unknown>;
  addExtras(doc['components'], extras);
  addExtras(doc['services'], extras);
  return doc;
}

export function renderCycloneDx(input: ReportInput): string {
  return `${JSON.stringify(toCycloneDx(input), null, 2)}\n`;
}

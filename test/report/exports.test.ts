import { describe, expect, it } from 'vitest';
import { elementType, stableUuid } from '../../src/report/elements.js';
import { renderOtm } from '../../src/report/otm.js';
import { renderThreatDragon } from '../../src/report/threat-dragon.js';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';
import { REFERENCE_INPUTS, awsPlanWithGatewayName } from '../helpers/fixtures.js';
import { otmErrors, threatDragonErrors, threatDragonThreatErrors } from '../helpers/export-schemas.js';

interface TdCell {
  id: string;
  shape: string;
  source?: { cell: string };
  target?: { cell: string };
  data: {
    type: string;
    name: string;
    description?: string;
    hasOpenThreats: boolean;
    threats?: { ruleId: string; severity: string; status: string; type: string; threatId: string }[];
  };
}
interface TdModel {
  detail: { diagrams: { cells: TdCell[] }[]; threatTop: number };
}
interface OtmDoc {
  trustZones: { id: string; risk: { trustRating: number } }[];
  components: {
    id: string;
    type: string;
    parent: { trustZone: string };
    threats: { threat: string; state: string; mitigations: { mitigation: string }[] }[];
  }[];
  dataflows: { id: string; source: string; destination: string; tags: string[] }[];
  threats: { id: string; name: string; categories: string[]; risk: { impact: number } }[];
  mitigations: { id: string }[];
}

const td = (scan: ScanResult): TdModel => JSON.parse(renderThreatDragon({ scan })) as TdModel;
const otm = (scan: ScanResult): OtmDoc => JSON.parse(renderOtm({ scan })) as OtmDoc;
const cellsOf = (m: TdModel): TdCell[] => m.detail.diagrams[0]?.cells ?? [];

describe.each(REFERENCE_INPUTS)('exports of %s', (input) => {
  const scan = scanFilesSync([input]);

  it('Threat Dragon v2: valid against its schema, every threat valid against the schema threat', () => {
    const model = td(scan);
    expect(threatDragonErrors(model)).toBe('');
    for (const cell of cellsOf(model))
      for (const t of cell.data.threats ?? []) expect(threatDragonThreatErrors(t)).toBe('');
  });

  it('OTM 0.2.0: valid against its schema', () => {
    expect(otmErrors(otm(scan))).toBe('');
  });
});

describe('Threat Dragon export', () => {
  const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
  const model = td(scan);
  const cells = cellsOf(model);
  const byId = new Map(cells.map((c) => [c.id, c]));
  const assetCell = (assetId: string): TdCell | undefined => byId.get(stableUuid(`asset:${assetId}`));

  it('has a cell per asset of the right element type, a boundary per zone and a flow per flow', () => {
    const assets = scan.graph.mapNodes((_id, a) => a.asset);
    for (const a of assets) {
      const cell = assetCell(a.id);
      expect(cell?.shape, a.id).toBe(elementType(a.kind));
      expect(cell?.data.name).toBe(a.name);
    }
    expect(cells.filter((c) => c.shape === 'trust-boundary-box').map((c) => c.data.name)).toEqual([
      'internet',
      'dmz',
      'internal-interface',
      'internal-protected',
      'development',
    ]);
    const flows = cells.filter((c) => c.shape === 'flow');
    expect(flows).toHaveLength(scan.graph.size);
    scan.graph.forEachEdge((_k, { flow }) => {
      const cell = byId.get(stableUuid(`flow:${flow.id}`));
      expect(cell?.source?.cell).toBe(stableUuid(`asset:${flow.from}`));
      expect(cell?.target?.cell).toBe(stableUuid(`asset:${flow.to}`));
    });
  });

  it('attaches every threat to the cells of its assets, with its severity and STRIDE type', () => {
    for (const t of scan.threats) {
      for (const a of t.assets) {
        const entry = assetCell(a)?.data.threats?.find(
          (x) => x.threatId === stableUuid(`threat:${t.fingerprint}`),
        );
        expect(entry, `${t.ruleId} on ${a}`).toMatchObject({
          ruleId: t.ruleId,
          status: 'Open',
          severity:
            t.severity === 'high' || t.severity === 'critical'
              ? 'High'
              : t.severity === 'medium'
                ? 'Medium'
                : 'Low',
        });
        expect(assetCell(a)?.data.hasOpenThreats).toBe(true);
      }
    }
    const internet = cells.find((c) => c.data.type === 'tm.Actor');
    expect(internet?.data.hasOpenThreats).toBe(false);
    expect(model.detail.threatTop).toBe(scan.threats.length);
  });

  it('is byte-identical across runs: ids derive from asset ids and fingerprints', () => {
    const again = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    expect(renderThreatDragon({ scan: again })).toBe(renderThreatDragon({ scan }));
  });
});

describe('OTM export', () => {
  const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
  const doc = otm(scan);

  it('has trust zones rated from the internet up, a component per asset in its zone, a dataflow per flow', () => {
    expect(doc.trustZones.map((z) => [z.id, z.risk.trustRating])).toEqual([
      ['internet', 0],
      ['dmz', 30],
      ['internal-interface', 60],
      ['internal-protected', 90],
      ['development', 70],
    ]);
    expect(doc.components).toHaveLength(scan.graph.order);
    for (const c of doc.components) expect(c.parent.trustZone).toBe(scan.view.zone(c.id).zone);
    expect(doc.dataflows).toHaveLength(scan.graph.size);
    for (const f of doc.dataflows) {
      const crossing = scan.view.zone(f.source).zone !== scan.view.zone(f.destination).zone;
      expect(f.tags.includes('crosses-trust-boundary'), f.id).toBe(crossing);
    }
  });

  it('lists every threat once, referenced from each of its components, with mitigations that exist', () => {
    expect(doc.threats.map((t) => t.id)).toEqual(scan.threats.map((t) => t.fingerprint));
    const mitigations = new Set(doc.mitigations.map((m) => m.id));
    for (const t of scan.threats) {
      for (const a of t.assets) {
        const ref = doc.components.find((c) => c.id === a)?.threats.find((r) => r.threat === t.fingerprint);
        expect(ref?.state, `${t.ruleId} on ${a}`).toBe('exposed');
      }
    }
    for (const c of doc.components)
      for (const r of c.threats)
        for (const m of r.mitigations) expect(mitigations.has(m.mitigation)).toBe(true);
    const first = scan.threats[0];
    expect(doc.threats[0]?.risk.impact).toBe((first?.impact ?? 0) * 20);
  });
});

describe('exports keep hostile and unusual names as data', () => {
  it('a name with markup, quotes and non-Latin text survives in both, and both stay valid', () => {
    const name = '</script>"<img src=x> 模型 \u2028';
    const file = awsPlanWithGatewayName(name);
    const scan = scanFilesSync([file]);
    const model = td(scan);
    expect(threatDragonErrors(model)).toBe('');
    expect(cellsOf(model).some((c) => c.data.name === name)).toBe(true);
    const doc = JSON.parse(renderOtm({ scan })) as { components: { name: string }[] };
    expect(otmErrors(doc)).toBe('');
    expect(doc.components.some((c) => c.name === name)).toBe(true);
  });

  it('a scan with no threats still gives valid documents', () => {
    const scan = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
    const empty = { ...scan, threats: [] };
    expect(threatDragonErrors(JSON.parse(renderThreatDragon({ scan: empty })))).toBe('');
    expect(otmErrors(JSON.parse(renderOtm({ scan: empty })))).toBe('');
  });
});

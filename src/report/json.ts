import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { countBySeverity, sortedAssets, triageCounts, zonesOf, type ReportInput } from './model.js';

export const JSON_SCHEMA_VERSION = '1.0.0';

/** The versioned JSON report (schema: schemas/report.schema.json). Deterministic for the same input. */
export function toJsonReport({ scan, generatedAt }: ReportInput): unknown {
  const zone = (id: string): { zone: string; reason: string } => scan.view.zone(id);
  const counts = triageCounts(scan.threats);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ...(generatedAt === undefined ? {} : { generatedAt }),
    roles: scan.roles,
    inputs: scan.inventory.inputs,
    summary: {
      assets: scan.graph.order,
      flows: scan.graph.size,
      threats: scan.threats.length,
      bySeverity: countBySeverity(scan.threats),
      possible: scan.threats.filter((t) => t.confidence === 'possible').length,
      coverageNotes: scan.inventory.notes.length,
    },
    zones: zonesOf(scan),
    assets: sortedAssets(scan).map((a) => ({
      id: a.id,
      kind: a.kind,
      provider: a.provider,
      nativeType: a.nativeType,
      name: a.name,
      zone: zone(a.id).zone,
      zoneReason: zone(a.id).reason,
      source: a.source,
      ...(a.action === undefined ? {} : { action: a.action }),
      ...(a.members === undefined ? {} : { members: a.members }),
      facts: Object.fromEntries(Object.entries(a.facts).sort(([x], [y]) => (x < y ? -1 : 1))),
      tags: a.tags,
    })),
    flows: scan.graph.mapEdges((_key, attrs, from, to) => {
      const f = attrs.flow;
      return {
        id: f.id,
        kind: f.kind,
        from,
        to,
        crossesBoundary: zone(from).zone !== zone(to).zone,
        ...(f.authenticated === undefined ? {} : { authenticated: f.authenticated }),
        ...(f.encrypted === undefined ? {} : { encrypted: f.encrypted }),
        evidence: f.evidence,
      };
    }),
    threats: scan.threats,
    ...(scan.triage === undefined
      ? {}
      : {
          triage: {
            accepted: counts.accepted,
            ...(scan.triage.baselineGiven
              ? {
                  new: counts.new,
                  changed: counts.changed,
                  unchanged: counts.unchanged,
                  resolved: scan.triage.resolved,
                }
              : {}),
            expiredAcceptances: scan.triage.expired,
            unmatchedAcceptances: scan.triage.unmatched,
          },
        }),
    coverage: scan.inventory.notes,
    rules: scan.rules,
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(toJsonReport(input), null, 2)}\n`;
}

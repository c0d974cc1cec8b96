import type { ScanResult } from '../scan.js';
import { diagramData, nodeIds } from './diagram.js';

function quote(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')}"`;
}

/** Graphviz DOT: zones as clusters, flows as labelled edges; edges crossing a trust boundary are red and bold. */
export function renderDot(scan: ScanResult, focus?: ReadonlySet<string>): string {
  const data = diagramData(scan, focus);
  const ids = nodeIds(data);
  const lines = [
    'digraph threatgraph {',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
  ];
  for (const z of data.zones) {
    lines.push(`  subgraph ${quote(`cluster_${z.id}`)} {`);
    lines.push(`    label=${quote(z.id)}; style=dashed;`);
    for (const a of z.assets)
      lines.push(`    ${ids.get(a.id) ?? ''} [label=${quote(`${a.name} (${a.kind})`)}];`);
    lines.push('  }');
  }
  for (const { flow, crossesBoundary } of data.flows) {
    const from = ids.get(flow.from);
    const to = ids.get(flow.to);
    if (from === undefined || to === undefined) continue;
    lines.push(
      `  ${from} -> ${to} [label=${quote(flow.kind)}${crossesBoundary ? ', color=red, style=bold' : ''}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

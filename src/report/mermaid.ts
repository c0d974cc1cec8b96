import type { ScanResult } from '../scan.js';
import { diagramData, nodeIds } from './diagram.js';

/** Mermaid text must not carry quotes, angle brackets or newlines from the input. */
function label(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ');
}

/** A Mermaid flowchart: zones as subgraphs, assets as nodes, flows as labelled edges; dashed edges cross a trust boundary. */
export function renderMermaid(scan: ScanResult, focus?: ReadonlySet<string>): string {
  const data = diagramData(scan, focus);
  const ids = nodeIds(data);
  const lines = ['flowchart LR'];
  for (const z of data.zones) {
    lines.push(`  subgraph ${z.id.replace(/-/g, '_')}["${label(z.id)}"]`);
    for (const a of z.assets)
      lines.push(`    ${ids.get(a.id) ?? ''}["${label(a.name)}<br/><small>${label(a.kind)}</small>"]`);
    lines.push('  end');
  }
  for (const { flow, crossesBoundary } of data.flows) {
    const from = ids.get(flow.from);
    const to = ids.get(flow.to);
    if (from === undefined || to === undefined) continue;
    lines.push(`  ${from} ${crossesBoundary ? '-.->' : '-->'}|${label(flow.kind)}| ${to}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The HTML report's viewer: draws the zones and flows with sigma.js, lists the threats with filters, and
 * highlights a threat's path when it is clicked. Every text from the scan goes through textContent.
 */
import Graph from 'graphology';
import Sigma from 'sigma';
import type { HtmlData, HtmlThreat } from '../html-data.js';

interface ViewerState {
  readonly nodes: number;
  readonly edges: number;
  highlighted: string[];
  visibleThreats: number;
  ready: boolean;
}

declare global {
  interface Window {
    /** Read-only view of the viewer's state, for people debugging a report and for the browser test. */
    __threatgraph?: ViewerState;
  }
}

const DIM = '#e3e6eb';
const CROSSING = '#c0392b';
const FLOW = '#9aa3b2';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className !== undefined) e.className = className;
  return e;
}

function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`threatgraph viewer: #${id} missing`);
  return e;
}

function readData(): HtmlData {
  return JSON.parse(byId('threatgraph-data').textContent ?? '{}') as HtmlData;
}

function header(data: HtmlData): void {
  byId('title').textContent = data.title;
  byId('meta').textContent = [
    data.tool,
    data.generatedAt === undefined ? undefined : `generated ${data.generatedAt}`,
    `${String(data.nodes.length)} assets in ${String(data.zones.length)} zones, ${String(data.edges.length)} flows, ${String(data.notes.length)} coverage notes`,
  ]
    .filter((x) => x !== undefined)
    .join(' · ');
  const counts = byId('counts');
  for (const [severity, n] of Object.entries(data.counts)) {
    if (n > 0) counts.append(el('span', `${String(n)} ${severity}`, `pill ${severity}`));
  }
  const notes = byId('notes');
  for (const n of data.notes) notes.append(el('li', `${n.kind}: ${n.message}`));
  if (data.notes.length === 0) notes.append(el('li', 'none: every resource was read and mapped'));
}

function legend(data: HtmlData): void {
  const box = byId('legend');
  for (const z of data.zones) {
    const item = el('span', z.id);
    const dot = el('i');
    dot.style.background = z.color;
    item.prepend(dot);
    item.title = z.description;
    box.append(item);
  }
  for (const [color, text] of [
    [CROSSING, 'flow crossing a trust boundary'],
    [FLOW, 'flow within a zone'],
  ] as const) {
    const item = el('span', text);
    const line = el('b');
    line.style.borderColor = color;
    item.prepend(line);
    box.append(item);
  }
}

/** Canvas labels cannot wrap: long names are cut, the list and details show them whole. */
function shortLabel(label: string): string {
  return label.length > 26 ? `${label.slice(0, 25)}…` : label;
}

function drawGraph(data: HtmlData, state: ViewerState): (highlight: readonly string[]) => void {
  const graph = new Graph({ multi: true, type: 'directed' });
  for (const n of data.nodes)
    graph.addNode(n.id, {
      x: n.x,
      y: -n.y,
      size: 7,
      color: n.color,
      label: shortLabel(n.label),
      kind: n.kind,
    });
  for (const e of data.edges) {
    graph.addDirectedEdgeWithKey(e.id, e.from, e.to, {
      size: e.crossing ? 2 : 1,
      color: e.crossing ? CROSSING : FLOW,
      type: 'arrow',
    });
  }
  let highlighted = new Set<string>();
  const container = byId('graph');
  container.dataset['nodeCount'] = String(graph.order);
  container.dataset['edgeCount'] = String(graph.size);
  const renderer = new Sigma(graph, container, {
    renderEdgeLabels: false,
    // A resize to zero (printing, a full-page screenshot) must not throw: sigma redraws on the next resize.
    allowInvalidContainer: true,
    labelRenderedSizeThreshold: 0,
    labelDensity: 1,
    labelGridCellSize: 1,
    labelSize: 11,
    defaultEdgeType: 'arrow',
    zIndex: true,
    nodeReducer: (node, attrs) => {
      if (highlighted.size === 0) return attrs;
      return highlighted.has(node)
        ? { ...attrs, size: 10, zIndex: 2, highlighted: true }
        : { ...attrs, color: DIM, label: '', zIndex: 0 };
    },
    edgeReducer: (edge, attrs) => {
      if (highlighted.size === 0) return attrs;
      const ends = graph.extremities(edge);
      return highlighted.has(ends[0]) && highlighted.has(ends[1])
        ? { ...attrs, size: 3, zIndex: 2 }
        : { ...attrs, color: DIM, zIndex: 0 };
    },
  });

  // Zone boxes are HTML under the canvas, placed from the layout's graph coordinates after every render.
  const layer = byId('zones');
  const boxes = data.zones.map((z) => {
    const box = el('div', undefined, 'zone');
    box.style.borderColor = z.color;
    box.title = z.description;
    const label = el('span', z.id);
    label.style.color = z.color;
    box.append(label);
    layer.append(box);
    return { z, box };
  });
  renderer.on('afterRender', () => {
    for (const { z, box } of boxes) {
      const a = renderer.graphToViewport({ x: z.x, y: -z.y });
      const b = renderer.graphToViewport({ x: z.x + z.width, y: -(z.y + z.height) });
      box.style.left = `${String(Math.min(a.x, b.x))}px`;
      box.style.top = `${String(Math.min(a.y, b.y) - 14)}px`;
      box.style.width = `${String(Math.abs(b.x - a.x))}px`;
      box.style.height = `${String(Math.abs(b.y - a.y) + 14)}px`;
    }
  });
  // Labels sit right of their nodes: zoom out a little and shift, so the last zone's labels are not cut off.
  renderer.getCamera().setState({ x: 0.55, y: 0.5, ratio: 1.15 });
  renderer.refresh();
  return (ids) => {
    highlighted = new Set(ids);
    state.highlighted = [...highlighted].sort();
    renderer.refresh();
  };
}

interface Filter {
  readonly key: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly matches: (t: HtmlThreat, value: string) => boolean;
}

function filters(data: HtmlData): Filter[] {
  const plain = (values: readonly string[]): { value: string; label: string }[] =>
    values.map((v) => ({ value: v, label: v }));
  return [
    {
      key: 'severity',
      label: 'Severity',
      options: plain(data.filters.severity),
      matches: (t, v) => t.severity === v,
    },
    { key: 'stride', label: 'STRIDE', options: data.filters.stride, matches: (t, v) => t.stride.includes(v) },
    { key: 'layer', label: 'SSRM layer', options: data.filters.layer, matches: (t, v) => t.layer === v },
    {
      key: 'lifecycle',
      label: 'Lifecycle stage',
      options: data.filters.lifecycle,
      matches: (t, v) => t.lifecycle.includes(v),
    },
    {
      key: 'framework',
      label: 'Framework id',
      options: plain(data.filters.framework),
      matches: (t, v) => t.frameworks.includes(v),
    },
  ];
}

function threatItem(t: HtmlThreat, onSelect: (li: HTMLLIElement) => void): HTMLLIElement {
  const li = el('li');
  li.dataset['fingerprint'] = t.fingerprint;
  const head = el('button', undefined, 'threat-head');
  head.type = 'button';
  head.append(
    el('span', t.severity, `pill ${t.severity}`),
    el('span', t.ruleId, 'rule'),
    el('span', t.title, 'title'),
  );
  head.addEventListener('click', () => {
    onSelect(li);
  });
  const details = el('details');
  details.append(el('summary', t.message));
  const tags = [
    `confidence ${t.confidence}`,
    `STRIDE ${t.stride.join('')}`,
    `layer ${t.layer}`,
    t.lifecycle.join(', '),
    t.baseline === undefined ? '' : t.baseline,
  ].filter((x) => x !== '');
  details.append(el('div', tags.join(' · '), 'tag'));
  if (t.accepted !== undefined) details.append(el('div', `Accepted: ${t.accepted}`));
  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    details.append(el('strong', title));
    const ul = el('ul');
    for (const item of items) ul.append(el('li', item));
    details.append(ul);
  };
  list('Path', t.path);
  list('Evidence', t.evidence);
  list('Remediation', t.remediation);
  list('Framework ids', t.frameworks);
  li.append(head, details);
  return li;
}

function threatList(data: HtmlData, state: ViewerState, highlight: (ids: readonly string[]) => void): void {
  const specs = filters(data);
  const chosen = new Map<string, string>();
  const box = byId('filters');
  const list = byId('threats');
  const status = byId('status');
  let selected: HTMLLIElement | undefined;
  const items = data.threats.map((t) => ({
    t,
    li: threatItem(t, (li) => {
      if (selected === li) {
        li.classList.remove('selected');
        selected = undefined;
        highlight([]);
        return;
      }
      selected?.classList.remove('selected');
      li.classList.add('selected');
      selected = li;
      highlight(t.path);
    }),
  }));
  for (const { li } of items) list.append(li);

  const apply = (): void => {
    let shown = 0;
    for (const { t, li } of items) {
      const visible = specs.every((f) => {
        const v = chosen.get(f.key);
        return v === undefined || f.matches(t, v);
      });
      li.hidden = !visible;
      if (visible) shown++;
    }
    state.visibleThreats = shown;
    status.textContent = `${String(shown)} of ${String(items.length)} threats shown`;
  };
  for (const f of specs) {
    const label = el('label', f.label);
    const select = el('select');
    select.name = f.key;
    select.append(el('option', 'all'));
    (select.firstChild as HTMLOptionElement).value = '';
    for (const o of f.options) {
      const option = el('option', o.label);
      option.value = o.value;
      select.append(option);
    }
    select.addEventListener('change', () => {
      if (select.value === '') chosen.delete(f.key);
      else chosen.set(f.key, select.value);
      apply();
    });
    label.append(select);
    box.append(label);
  }
  const clear = el('button', 'Clear highlight');
  clear.type = 'button';
  clear.addEventListener('click', () => {
    selected?.classList.remove('selected');
    selected = undefined;
    highlight([]);
  });
  box.append(clear);
  apply();
}

const MARKS: Readonly<Record<string, string>> = {
  missing: '✗',
  satisfied: '✓',
  unknown: '?',
  'no-evidence': '–',
};

function requirementsTable(data: HtmlData): void {
  const table = byId('requirements');
  const head = el('tr');
  head.append(el('th', 'Element'), el('th', 'Zone'), ...data.requirements.properties.map((p) => el('th', p)));
  table.append(head);
  for (const e of data.requirements.elements) {
    const row = el('tr');
    row.dataset['asset'] = e.asset;
    row.append(el('td', `${e.name} (${e.kind})`), el('td', e.zone));
    for (const p of data.requirements.properties) {
      const r = e.properties[p];
      const td = el('td', MARKS[r.status] ?? r.status, r.status);
      td.title = [
        ...r.controls.map((c) => `control: ${c.control} (${c.evidence})`),
        ...r.threats.map((t) => `threat: ${t.ruleId} ${t.title}`),
        ...r.unknown.map((u) => `unknown: ${u.fact} (${u.reason})`),
      ].join('\n');
      row.append(td);
    }
    table.append(row);
  }
}

function start(): void {
  const data = readData();
  const state: ViewerState = {
    nodes: data.nodes.length,
    edges: data.edges.length,
    highlighted: [],
    visibleThreats: 0,
    ready: false,
  };
  window.__threatgraph = state;
  header(data);
  legend(data);
  const highlight = drawGraph(data, state);
  threatList(data, state, highlight);
  requirementsTable(data);
  state.ready = true;
}

start();

import { SEED_MAPPINGS } from '../catalog/index.js';
import type { Threat } from '../model/index.js';
import { uuidV5 } from '../report/elements.js';
import type { ReportInput } from '../report/model.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** The OSCAL release the document is written to (and validated against, test/schemas/SOURCES.md). */
export const OSCAL_VERSION = '1.1.2';

/** Namespace of the properties threatgraph adds (OSCAL requires one for names it does not define). */
export const PROP_NS = 'urn:threatgraph:oscal';

/** Stands for the time with timestamps off: OSCAL requires one, and a fixed one keeps the output reproducible. */
const NO_TIME = '1970-01-01T00:00:00Z';

/** A threat of an earlier scan that this one no longer finds: its risk is closed. */
export interface ResolvedThreat {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly title: string;
  readonly message: string;
  readonly severity: string;
}

export interface OscalInput extends ReportInput {
  readonly resolved: readonly ResolvedThreat[];
}

interface Prop {
  name: string;
  value: string;
  ns: string;
}

/** A property value: OSCAL strings have no line breaks and no surrounding space; undefined when nothing is left. */
function prop(name: string, value: string): Prop[] {
  const clean = value.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim();
  return clean === '' ? [] : [{ name, value: clean, ns: PROP_NS }];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An AICM id as an OSCAL control-id token: lower case, `&` (as in I&S-03) and anything else not allowed as `_`. */
export function controlToken(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9._-]/g, '_');
}

/**
 * An OSCAL assessment-results document of the scan: one result; per threat an observation (what was seen, with
 * its evidence), a risk (open, or deviation-approved when an accepted risk covers it) and a finding against the
 * seed control; per resolved threat a closed risk. UUIDs are version 5, named after what they stand for, so the
 * same scan gives the same document.
 */
export function toOscalAssessmentResults({ scan, generatedAt, resolved }: OscalInput): unknown {
  const time = generatedAt ?? NO_TIME;
  const inputs = scan.inventory.inputs.map((i) => `${i.format}:${i.path}`).sort(byText);
  const shas = scan.inventory.inputs.map((i) => i.sha256).sort(byText);
  const planUuid = uuidV5(`urn:threatgraph:assessment-plan:${inputs.join('\n')}`);
  const control = SEED_MAPPINGS.control;
  const controlIds = [
    ...new Set([control.id, ...scan.threats.flatMap((t) => t.controls.aicm.map((a) => a.id))]),
  ].sort(byText);
  const open = new Set(scan.threats.map((t) => t.fingerprint));
  const closed = [...new Map(resolved.map((r) => [r.fingerprint, r])).values()]
    .filter((r) => !open.has(r.fingerprint))
    .sort((a, b) => byText(a.fingerprint, b.fingerprint));
  const result = {
    uuid: uuidV5(`urn:threatgraph:result:${shas.join('\n')}`),
    title: `${TOOL_NAME} threat analysis`,
    description: `Threats derived by ${TOOL_NAME} ${TOOL_VERSION} from ${scan.inventory.inputs.length} input(s): ${scan.graph.order} assets, ${scan.graph.size} flows, ${scan.ruleSet.length} rules run, ${scan.threats.length} threats.`,
    start: time,
    end: time,
    ...(generatedAt === undefined
      ? { remarks: 'Timestamps were switched off; start and end are placeholders.' }
      : {}),
    'reviewed-controls': {
      'control-selections': [
        {
          description: `CSA AICM v1.1.0 controls the threats cite, with ${control.id} (v1.0.3: ${control.v103}) ${control.title}: ${controlIds.join(', ')}.`,
          'include-controls': controlIds.map((id) => ({ 'control-id': controlToken(id) })),
        },
      ],
    },
    ...(scan.threats.length === 0 ? {} : { observations: scan.threats.map((t) => observation(t, time)) }),
    ...(scan.threats.length + closed.length === 0
      ? {}
      : { risks: [...scan.threats.map((t) => risk(t, time)), ...closed.map((r) => closedRisk(r, time))] }),
    ...(scan.threats.length === 0 ? {} : { findings: scan.threats.map(finding) }),
  };
  return {
    'assessment-results': {
      uuid: uuidV5(`urn:threatgraph:assessment-results:${inputs.join('\n')}`),
      metadata: {
        title: `${TOOL_NAME} assessment results`,
        'last-modified': time,
        version: TOOL_VERSION,
        'oscal-version': OSCAL_VERSION,
        props: prop('tool', `${TOOL_NAME} ${TOOL_VERSION}`),
      },
      'import-ap': {
        href: `#${planUuid}`,
        remarks: 'No assessment plan was given; the threats were derived from the infrastructure itself.',
      },
      results: [result],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: 'Assessment plan (placeholder)',
            description:
              'Stands for the assessment plan this assessment belongs to; replace the import-ap reference with it.',
          },
        ],
      },
    },
  };
}

const ids = (t: { fingerprint: string }, kind: string): string =>
  uuidV5(`urn:threatgraph:${kind}:${t.fingerprint}`);

function threatProps(t: Threat): Prop[] {
  return [
    ...prop('fingerprint', t.fingerprint),
    ...prop('rule-id', t.ruleId),
    ...prop('severity', t.severity),
    ...prop('confidence', t.confidence),
    ...prop('impact', String(t.impact)),
    ...prop('likelihood', String(t.likelihood)),
    ...prop('stride', t.stride.join(' ')),
    ...prop('ssrm-layer', t.ssrm.layer),
    ...t.assets.flatMap((a) => prop('asset', a)),
  ];
}

function observation(t: Threat, collected: string): unknown {
  return {
    uuid: ids(t, 'observation'),
    title: t.title,
    description: t.message,
    props: threatProps(t),
    methods: ['TEST'],
    types: ['finding'],
    ...(t.evidence.length === 0
      ? {}
      : {
          'relevant-evidence': t.evidence.map((e) => ({
            description: `${e.assetId} ${e.attribute}${e.value === undefined ? '' : ` = ${e.value}`}${e.note === undefined ? '' : ` (${e.note})`}`,
          })),
        }),
    collected,
  };
}

/** One entry of a risk's log: how its status came to be (accepted, or resolved), as of the report's time. */
function logEntry(
  kind: string,
  t: { fingerprint: string },
  title: string,
  description: string,
  time: string,
) {
  return {
    entries: [
      {
        uuid: uuidV5(`urn:threatgraph:risk-log:${kind}:${t.fingerprint}`),
        title,
        description,
        start: time,
        'status-change': kind,
      },
    ],
  };
}

function risk(t: Threat, time: string): unknown {
  const a = t.accepted;
  return {
    uuid: ids(t, 'risk'),
    title: t.title,
    description: t.message,
    statement: t.message,
    props: [
      ...threatProps(t),
      ...(a === undefined
        ? []
        : [
            ...prop('accepted-by', a.source),
            ...prop('accepted-owner', a.owner ?? ''),
            ...prop('accepted-ticket', a.ticket ?? ''),
            ...prop('accepted-until', a.expires ?? ''),
          ]),
    ],
    status: a === undefined ? 'open' : 'deviation-approved',
    ...(a === undefined
      ? {}
      : {
          'risk-log': logEntry(
            'deviation-approved',
            t,
            'Risk accepted',
            [
              `Accepted (${a.source}): ${a.justification}`,
              ...(a.owner === undefined ? [] : [`Owner: ${a.owner}`]),
              ...(a.ticket === undefined ? [] : [`Ticket: ${a.ticket}`]),
              ...(a.expires === undefined ? [] : [`Expires: ${a.expires}`]),
            ].join('\n'),
            time,
          ),
        }),
    'related-observations': [{ 'observation-uuid': ids(t, 'observation') }],
  };
}

function closedRisk(r: ResolvedThreat, time: string): unknown {
  return {
    uuid: ids(r, 'risk'),
    title: r.title,
    description: r.message,
    statement: r.message,
    props: [
      ...prop('fingerprint', r.fingerprint),
      ...prop('rule-id', r.ruleId),
      ...prop('severity', r.severity),
    ],
    status: 'closed',
    'risk-log': logEntry(
      'closed',
      r,
      'Risk resolved',
      'Found by an earlier scan, no longer found by this one.',
      time,
    ),
  };
}

function finding(t: Threat): unknown {
  return {
    uuid: ids(t, 'finding'),
    title: t.title,
    description: t.message,
    target: {
      type: 'objective-id',
      'target-id': `${controlToken(SEED_MAPPINGS.control.id)}_obj`,
      status: { state: 'not-satisfied' },
    },
    'related-observations': [{ 'observation-uuid': ids(t, 'observation') }],
    'related-risks': [{ 'risk-uuid': ids(t, 'risk') }],
  };
}

export function renderOscal(input: OscalInput): string {
  return `${JSON.stringify(toOscalAssessmentResults(input), null, 2)}\n`;
}

import type { Asset, Fact, FactName, Stride, Threat } from '../model/index.js';
import type { ScanResult } from '../scan.js';
import type { ReportInput } from './model.js';
import { sortedAssets, threatsByAsset } from './model.js';
import {
  SECURITY_PROPERTIES,
  type RequirementEntry,
  type RequirementStatus,
  type RequirementsView,
  type SecurityProperty,
} from './requirements-view.js';

export { SECURITY_PROPERTIES, type RequirementsView, type SecurityProperty } from './requirements-view.js';

/**
 * The security requirements view (the STRIDE practice of the seed control): for every element, the six
 * security properties, the controls the infrastructure shows for each, and the threats where one is missing.
 */
/** The property each STRIDE category violates. */
export const VIOLATES: Readonly<Record<Stride, SecurityProperty>> = {
  S: 'authentication',
  T: 'integrity',
  R: 'non-repudiation',
  I: 'confidentiality',
  D: 'availability',
  E: 'authorization',
};

/**
 * Facts whose value evidences a control for a property: `is` is the value that satisfies it. One table, so a
 * new fact is a new row here, not a change to the logic.
 */
const CONTROLS: readonly {
  readonly property: SecurityProperty;
  readonly fact: FactName;
  readonly is: boolean;
  readonly control: string;
}[] = [
  {
    property: 'authentication',
    fact: 'requiresAuthentication',
    is: true,
    control: 'callers must authenticate',
  },
  { property: 'authentication', fact: 'mfaRequired', is: true, control: 'a second factor is required' },
  { property: 'authentication', fact: 'keyAuthEnabled', is: false, control: 'static keys are refused' },
  { property: 'integrity', fact: 'versioning', is: true, control: 'earlier versions are kept' },
  { property: 'integrity', fact: 'immutability', is: true, control: 'objects are locked (immutability)' },
  { property: 'integrity', fact: 'imagePinned', is: true, control: 'the image is pinned by digest' },
  { property: 'integrity', fact: 'anonymousWrite', is: false, control: 'anonymous principals cannot write' },
  { property: 'non-repudiation', fact: 'accessLogging', is: true, control: 'data access is logged' },
  { property: 'non-repudiation', fact: 'invocationLogging', is: true, control: 'invocations are logged' },
  { property: 'confidentiality', fact: 'encryptedAtRest', is: true, control: 'encrypted at rest' },
  { property: 'confidentiality', fact: 'customerManagedKey', is: true, control: 'customer-managed key' },
  { property: 'confidentiality', fact: 'encryptedInTransit', is: true, control: 'TLS required' },
  { property: 'confidentiality', fact: 'publicAccessBlocked', is: true, control: 'public access is blocked' },
  {
    property: 'confidentiality',
    fact: 'anonymousRead',
    is: false,
    control: 'anonymous principals cannot read',
  },
  { property: 'confidentiality', fact: 'privateNetwork', is: true, control: 'in a private network' },
  {
    property: 'confidentiality',
    fact: 'sensitiveDataFilter',
    is: true,
    control: 'sensitive data is filtered',
  },
  { property: 'availability', fact: 'throttling', is: true, control: 'rate limits or quotas' },
  { property: 'availability', fact: 'wafProtected', is: true, control: 'a web application firewall' },
  { property: 'authorization', fact: 'adminPrivileges', is: false, control: 'no administrator permissions' },
  {
    property: 'authorization',
    fact: 'wildcardModelAccess',
    is: false,
    control: 'model access limited to named models',
  },
  {
    property: 'authorization',
    fact: 'crossAccountAccess',
    is: false,
    control: 'no access from other accounts',
  },
  { property: 'authorization', fact: 'rootAccess', is: false, control: 'users cannot become root' },
];

function entry(asset: Asset, property: SecurityProperty, threats: readonly Threat[]): RequirementEntry {
  const controls: { control: string; evidence: string }[] = [];
  const unknown: { fact: string; reason: string }[] = [];
  for (const c of CONTROLS) {
    if (c.property !== property) continue;
    const f = asset.facts[c.fact] as Fact | undefined;
    if (f === undefined) continue;
    if (f.state === 'unknown') unknown.push({ fact: c.fact, reason: f.reason });
    else if (f.value === c.is)
      controls.push({
        control: c.control,
        evidence: `${f.attribute} = ${String(f.value)}${f.state === 'default' ? ' (provider default)' : ''}`,
      });
  }
  const violating = threats
    .filter((t) => t.stride.some((s) => VIOLATES[s] === property))
    .map((t) => ({ fingerprint: t.fingerprint, ruleId: t.ruleId, title: t.title, confidence: t.confidence }));
  const status: RequirementStatus =
    violating.length > 0
      ? 'missing'
      : controls.length > 0
        ? 'satisfied'
        : unknown.length > 0
          ? 'unknown'
          : 'no-evidence';
  return { status, controls, threats: violating, unknown };
}

export function securityRequirements(scan: ScanResult): RequirementsView {
  const threatsOf = threatsByAsset(scan.threats);
  const elements = sortedAssets(scan)
    .filter((a) => a.kind !== 'resource-set')
    .map((a) => {
      const threats = threatsOf.get(a.id) ?? [];
      return {
        asset: a.id,
        name: a.name,
        kind: a.kind,
        zone: scan.view.zone(a.id).zone,
        properties: Object.fromEntries(SECURITY_PROPERTIES.map((p) => [p, entry(a, p, threats)])) as Record<
          SecurityProperty,
          RequirementEntry
        >,
      };
    });
  return { properties: SECURITY_PROPERTIES, elements };
}

export function renderRequirementsJson({ scan }: ReportInput): string {
  return `${JSON.stringify(securityRequirements(scan), null, 2)}\n`;
}

const MARK: Readonly<Record<RequirementStatus, string>> = {
  missing: '✗ missing',
  satisfied: '✓ satisfied',
  unknown: '? unknown',
  'no-evidence': '– no evidence',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

export function renderRequirementsMarkdown({ scan }: ReportInput): string {
  const view = securityRequirements(scan);
  const lines = [
    '# Security requirements',
    '',
    'For every element: the six security properties, the controls the infrastructure shows for each, and the threats where one is missing (✗ missing, ✓ satisfied, ? unknown, – no evidence).',
    '',
    `| Element | Zone | ${view.properties.join(' | ')} |`,
    `|---|---|${view.properties.map(() => '---').join('|')}|`,
    ...view.elements.map(
      (e) =>
        `| ${cell(e.name)} (${e.kind}) | ${e.zone} | ${view.properties.map((p) => MARK[e.properties[p].status].slice(0, 1)).join(' | ')} |`,
    ),
  ];
  for (const e of view.elements) {
    lines.push('', `## ${cell(e.name)}`, '', `\`${cell(e.asset)}\`, ${e.kind} in ${e.zone}`, '');
    lines.push('| Property | Status | Controls | Threats |', '|---|---|---|---|');
    for (const p of view.properties) {
      const r = e.properties[p];
      const controls = r.controls.map((c) => `${c.control} (${c.evidence})`);
      const unknown = r.unknown.map((u) => `${u.fact} unknown: ${u.reason}`);
      lines.push(
        `| ${p} | ${MARK[r.status]} | ${cell([...controls, ...unknown].join('; ')) || '–'} | ${cell(r.threats.map((t) => `${t.ruleId} ${t.title}${t.confidence === 'possible' ? ' (possible)' : ''}`).join('; ')) || '–'} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

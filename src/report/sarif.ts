/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, one reporting descriptor per rule that
 * ran, one result per threat. Deterministic for the same input (no timestamps unless the report has one).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { SEVERITY_RANK, severityOf } from '../engine/scoring.js';
import {
  LAYER_NAMES,
  LIFECYCLE_STAGE_NAMES,
  STRIDE_NAMES,
  type Asset,
  type Cloud,
  type Rule,
  type Severity,
  type Threat,
} from '../model/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { CLOUD_NAMES } from './rule-docs.js';
import type { ReportInput } from './model.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * GitHub's upload limits (docs.github.com, "SARIF results exceed limit"): a run with more results, a result with
 * more locations or a rule with more tags is rejected.
 */
export const GITHUB_LIMITS = { resultsPerRun: 25_000, locationsPerResult: 1_000, tagsPerRule: 20 } as const;

/** GitHub reads `security-severity` as a CVSS-like score: 9.0+ critical, 7.0+ high, 4.0+ medium, else low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const LEVEL: Readonly<Record<Severity, Sarif.Result.level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const BASELINE_STATE: Readonly<Record<NonNullable<Threat['baseline']>, Sarif.Result.baselineState>> = {
  new: 'new',
  unchanged: 'unchanged',
  changed: 'updated',
};

/** Key of the fingerprint in `partialFingerprints`: a consumer matches results across runs on it. */
export const FINGERPRINT_KEY = 'threatgraph/v1';

export interface SarifOptions {
  /** Results beyond this many (lowest severity first) are left out with a notification; GitHub's limit by default. */
  readonly maxResults?: number;
}

export function toSarif({ scan, generatedAt }: ReportInput, options: SarifOptions = {}): Sarif.Log {
  const rules = scan.ruleSet;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const max = options.maxResults ?? GITHUB_LIMITS.resultsPerRun;
  // Most severe first, so that a cut keeps what matters; the engine's order breaks ties.
  const ranked = [...scan.threats].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const kept = ranked.slice(0, max);
  const notifications: Sarif.Notification[] = [];
  if (ranked.length > kept.length) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${ranked.length - kept.length} of ${ranked.length} threats left out to stay within ${max} results per run; the JSON report has them all`,
      },
    });
  }
  for (const run of scan.rules) {
    if (run.error === undefined) continue;
    notifications.push({
      level: 'error',
      message: { text: `rule ${run.ruleId} could not be evaluated: ${run.error}` },
      associatedRule: { id: run.ruleId, ...indexOf(ruleIndex, run.ruleId) },
    });
  }
  for (const e of scan.triage?.expired ?? []) {
    notifications.push({
      level: 'warning',
      message: {
        text: `accepted risk ${e.source} expired on ${e.expires ?? ''}; it no longer covers anything, renew or remove it`,
      },
      descriptor: { id: 'accepted/expired' },
    });
  }
  for (const e of scan.triage?.unmatched ?? []) {
    notifications.push({
      level: 'note',
      message: { text: `accepted risk ${e.source} matches no threat; remove it if the threat is gone` },
      descriptor: { id: 'accepted/unmatched' },
    });
  }
  for (const note of scan.inventory.notes) {
    notifications.push({
      level: 'note',
      message: { text: note.address === undefined ? note.message : `${note.address}: ${note.message}` },
      descriptor: { id: `coverage/${note.kind}` },
    });
  }
  const asset = (id: string): Asset | undefined => scan.view.asset(id);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map(descriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: scan.rules.every((r) => r.error === undefined),
            ...(generatedAt === undefined ? {} : { endTimeUtc: generatedAt }),
            ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
          },
        ],
        artifacts: scan.inventory.inputs
          .filter((i) => i.format !== 'terraform-source')
          .map((i) => ({
            location: artifactLocation(i.path),
            hashes: { 'sha-256': i.sha256 },
            roles: ['analysisTarget'],
          })),
        columnKind: 'utf16CodeUnits',
        results: kept.map((t) => result(t, ruleIndex, asset)),
        properties: {
          roles: [...scan.roles],
          assets: scan.graph.order,
          flows: scan.graph.size,
          threats: scan.threats.length,
        },
      },
    ],
  };
}

export function renderSarif(input: ReportInput, options?: SarifOptions): string {
  return `${JSON.stringify(toSarif(input, options), null, 2)}\n`;
}

function indexOf(index: ReadonlyMap<string, number>, id: string): { index?: number } {
  const i = index.get(id);
  return i === undefined ? {} : { index: i };
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const base = severityOf(rule.impact, rule.likelihood);
  return {
    id: rule.id,
    name: pascalCase(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[base] },
    properties: {
      tags: tagsOf(rule),
      'security-severity': SECURITY_SEVERITY[base],
      precision: 'high',
      family: rule.family,
      ssrmLayer: rule.ssrm,
      stride: [...rule.stride],
      atlas: rule.atlas,
      owasp: rule.owasp,
      lifecycle: [...rule.lifecycle],
      aicm: rule.controls.aicm.map((c) => c.id),
    },
  };
}

/** `security` first (GitHub's security view keys on it), then STRIDE, OWASP and ATLAS ids, within GitHub's limit. */
function tagsOf(rule: Rule): string[] {
  const tags = [
    'security',
    rule.family,
    ...rule.stride.map((s) => `STRIDE/${STRIDE_NAMES[s]}`),
    ...rule.owasp.llm,
    ...rule.owasp.ml,
    ...rule.atlas.techniques,
  ];
  return [...new Set(tags)].slice(0, GITHUB_LIMITS.tagsPerRule);
}

function remediationLines(rule: Rule): (readonly [string, string])[] {
  return rule.clouds
    .map((c: Cloud) => [CLOUD_NAMES[c], rule.remediation[c]] as const)
    .filter((e): e is readonly [string, string] => e[1] !== undefined);
}

function mappingLines(rule: Rule): string[] {
  return [
    `SSRM layer: ${LAYER_NAMES[rule.ssrm]}`,
    `Lifecycle: ${rule.lifecycle.map((s) => LIFECYCLE_STAGE_NAMES[s]).join(', ')}`,
    `STRIDE: ${rule.stride.map((s) => STRIDE_NAMES[s]).join(', ')}`,
    `MITRE ATLAS: ${[...rule.atlas.techniques, ...rule.atlas.mitigations].join(', ') || 'none'}`,
    `OWASP: ${[...rule.owasp.llm, ...rule.owasp.ml].join(', ') || 'none'}`,
    `AICM v1.1.0: ${rule.controls.aicm.map((c) => c.id).join(', ')}`,
  ];
}

function helpText(rule: Rule): string {
  return [
    rule.description,
    '',
    'Remediation:',
    ...remediationLines(rule).map(([cloud, text]) => `- ${cloud}: ${text}`),
    '',
    ...mappingLines(rule),
  ].join('\n');
}

function helpMarkdown(rule: Rule): string {
  return [
    rule.description,
    '',
    '**Remediation**',
    '',
    ...remediationLines(rule).map(([cloud, text]) => `- **${cloud}**: ${text}`),
    '',
    ...mappingLines(rule).map((l) => `- ${l}`),
  ].join('\n');
}

function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function artifactLocation(path: string): Sarif.ArtifactLocation {
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  // Relative to where the scan ran (a repository root in CI): GitHub resolves it against the checkout.
  return { uri: encodeURI(path.replaceAll('\\', '/').replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

/** Where an asset is: its file and line when read from source, else the plan it came from and its address. */
function locationOf(asset: Asset, id?: number): Sarif.Location {
  const file = asset.source.file ?? asset.source.input;
  return {
    ...(id === undefined ? {} : { id }),
    physicalLocation: {
      artifactLocation: artifactLocation(file),
      ...(asset.source.line === undefined ? {} : { region: { startLine: asset.source.line } }),
    },
    logicalLocations: [{ name: asset.name, fullyQualifiedName: asset.source.address, kind: 'resource' }],
    message: { text: `${asset.name} (${asset.kind})` },
  };
}

function result(
  threat: Threat,
  ruleIndex: ReadonlyMap<string, number>,
  asset: (id: string) => Asset | undefined,
): Sarif.Result {
  const primary = threat.assets.map(asset).filter((a): a is Asset => a !== undefined);
  const onPath = (threat.path ?? [])
    .filter((id) => !threat.assets.includes(id))
    .map(asset)
    .filter((a): a is Asset => a !== undefined);
  const room = Math.max(0, GITHUB_LIMITS.locationsPerResult - primary.length);
  const pathAssets = (threat.path ?? []).map(asset).filter((a): a is Asset => a !== undefined);
  return {
    ruleId: threat.ruleId,
    ...(ruleIndex.has(threat.ruleId) ? { ruleIndex: ruleIndex.get(threat.ruleId) } : {}),
    level: LEVEL[threat.severity],
    message: { text: threat.message },
    locations: primary.slice(0, GITHUB_LIMITS.locationsPerResult).map((a) => locationOf(a)),
    ...(onPath.length === 0
      ? {}
      : { relatedLocations: onPath.slice(0, room).map((a, i) => locationOf(a, i + 1)) }),
    ...(pathAssets.length < 2
      ? {}
      : {
          codeFlows: [
            {
              message: { text: 'The path through the system' },
              threadFlows: [
                {
                  locations: pathAssets
                    .slice(0, GITHUB_LIMITS.locationsPerResult)
                    .map((a) => ({ location: locationOf(a) })),
                },
              ],
            },
          ],
        }),
    partialFingerprints: { [FINGERPRINT_KEY]: threat.fingerprint },
    ...(threat.baseline === undefined ? {} : { baselineState: BASELINE_STATE[threat.baseline] }),
    ...(threat.accepted === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: threat.accepted.justification,
              location: {
                physicalLocation: {
                  artifactLocation: artifactLocation(threat.accepted.file),
                  region: { startLine: threat.accepted.line },
                },
              },
              properties: {
                source: threat.accepted.source,
                ...(threat.accepted.owner === undefined ? {} : { owner: threat.accepted.owner }),
                ...(threat.accepted.ticket === undefined ? {} : { ticket: threat.accepted.ticket }),
                ...(threat.accepted.expires === undefined ? {} : { expires: threat.accepted.expires }),
              },
            },
          ],
        }),
    properties: {
      severity: threat.severity,
      'security-severity': SECURITY_SEVERITY[threat.severity],
      confidence: threat.confidence,
      impact: threat.impact,
      likelihood: threat.likelihood,
      zones: [...threat.zones],
      ssrm: threat.ssrm,
      ...(threat.existingControls.length === 0 ? {} : { existingControls: threat.existingControls }),
      ...(threat.unknowns.length === 0 ? {} : { unknowns: threat.unknowns }),
    },
  };
}

import { createHash } from 'node:crypto';
import type { Fact, Rule } from '../model/index.js';
import { redact } from '../report/redact.js';
import type { ScanResult } from '../scan.js';
import type {
  AssetRecord,
  FlowRecord,
  Identity,
  RuleVersion,
  ScanRecord,
  StoredFact,
  ThreatRecord,
} from './types.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** CI systems and the variable naming who started the run, in the order they are looked for. */
const CI_ACTORS: readonly [system: string, variable: string][] = [
  ['github', 'GITHUB_ACTOR'],
  ['gitlab', 'GITLAB_USER_LOGIN'],
  ['azure-devops', 'BUILD_REQUESTEDFOR'],
  ['circleci', 'CIRCLE_USERNAME'],
  ['buildkite', 'BUILDKITE_BUILD_CREATOR'],
];

export function identityOf(env: NodeJS.ProcessEnv, osUser: string): Identity {
  const user = redact(osUser);
  for (const [system, variable] of CI_ACTORS) {
    const actor = env[variable];
    if (actor !== undefined && actor !== '') return { user, ciSystem: system, ciActor: redact(actor) };
  }
  return { user };
}

function metadataOf(rule: Rule): string {
  try {
    return JSON.stringify(rule);
  } catch {
    // A custom JavaScript rule may hold a structure JSON cannot write: its texts still identify a version.
    return JSON.stringify([
      rule.id,
      rule.title,
      rule.description,
      rule.message,
      rule.impact,
      rule.likelihood,
    ]);
  }
}

/** A rule's version is the hash of its metadata: any change to what it says or maps to is a new version. */
export function ruleVersions(rules: readonly Rule[]): RuleVersion[] {
  return rules
    .map((r) => ({ id: r.id, hash: sha256(metadataOf(r)) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function stored(fact: Fact | undefined): StoredFact | undefined {
  if (fact === undefined) return undefined;
  return fact.state === 'unknown' ? 'unknown' : fact.value === true ? 'true' : 'false';
}

export interface RecordMeta {
  readonly id: string;
  readonly time: string;
  readonly toolVersion: string;
  readonly identity: Identity;
}

/** Maps a scan to what the store keeps, in id order; every free text passes through redact. */
export function toScanRecord(scan: ScanResult, record: RecordMeta): ScanRecord {
  const zoneOf = new Map<string, string>();
  const assets: AssetRecord[] = [];
  scan.graph.forEachNode((id, attrs) => {
    zoneOf.set(id, attrs.zone.zone);
    const a = attrs.asset;
    assets.push({
      id: redact(a.id),
      kind: a.kind,
      provider: a.provider,
      nativeType: redact(a.nativeType),
      zone: attrs.zone.zone,
      name: redact(a.name),
    });
  });
  assets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const flows: FlowRecord[] = scan.inventory.flows.map((f) => {
    const authenticated = stored(f.authenticated);
    const encrypted = stored(f.encrypted);
    return {
      id: redact(f.id),
      kind: f.kind,
      from: redact(f.from),
      to: redact(f.to),
      crossesBoundary: zoneOf.get(f.from) !== zoneOf.get(f.to),
      ...(authenticated === undefined ? {} : { authenticated }),
      ...(encrypted === undefined ? {} : { encrypted }),
    };
  });
  flows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  const threats: ThreatRecord[] = [];
  for (const t of scan.threats) {
    if (seen.has(t.fingerprint)) continue;
    seen.add(t.fingerprint);
    const a = t.accepted;
    threats.push({
      fingerprint: t.fingerprint,
      ruleId: t.ruleId,
      severity: t.severity,
      confidence: t.confidence,
      impact: t.impact,
      likelihood: t.likelihood,
      title: redact(t.title),
      message: redact(t.message),
      assets: t.assets.map(redact),
      ...(a === undefined
        ? {}
        : {
            accepted: {
              justification: redact(a.justification),
              ...(a.owner === undefined ? {} : { owner: redact(a.owner) }),
              ...(a.ticket === undefined ? {} : { ticket: redact(a.ticket) }),
              ...(a.expires === undefined ? {} : { expires: a.expires }),
            },
          }),
      ...(t.baseline === undefined ? {} : { baseline: t.baseline }),
    });
  }
  threats.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const failed = new Set(scan.rules.filter((r) => r.error !== undefined).map((r) => r.ruleId));
  const meta = new Map(scan.ruleSet.map((r) => [r.id, r]));
  const rules = ruleVersions(scan.ruleSet).map((v) => {
    const rule = meta.get(v.id);
    return {
      ...v,
      ...(rule === undefined ? {} : { layer: rule.ssrm, lifecycle: [...rule.lifecycle] }),
      ...(failed.has(v.id) ? { failed: true } : {}),
    };
  });
  return {
    id: record.id,
    time: record.time,
    toolVersion: record.toolVersion,
    ruleSetHash: sha256(rules.map((r) => `${r.id}:${r.hash}\n`).join('')),
    rules,
    roles: [...scan.roles],
    identity: record.identity,
    inputs: scan.inventory.inputs.map((i) => ({
      path: redact(i.path),
      format: i.format,
      formatVersion: redact(i.formatVersion),
      sha256: i.sha256,
    })),
    scopes: [],
    assets,
    flows,
    threats,
    notes: scan.inventory.notes.map((n) => ({
      kind: n.kind,
      message: redact(n.message),
      input: redact(n.input),
      ...(n.address === undefined ? {} : { address: redact(n.address) }),
      ...(n.service === undefined ? {} : { service: redact(n.service) }),
    })),
  };
}

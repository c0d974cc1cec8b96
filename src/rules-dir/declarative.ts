import {
  flowEvidence,
  matchAttributes,
  names,
  pathFlows,
  type Condition,
  type ControlSpec,
} from '../../rules/lib.js';
import {
  ASSET_KINDS,
  FLOW_KINDS,
  ZONE_IDS,
  type AssetKind,
  type FactName,
  type Finding,
  type FlowKind,
  type GraphView,
  type Rule,
  type RuleMeta,
  type ZoneId,
} from '../model/index.js';
import { ValueProblem, choices, list, mapping, own, shown, text, type Path } from '../config/problem.js';

/** The value type of every fact (src/model/asset.ts `Facts`): what `is:` may be compared with. */
export const FACT_TYPES: Readonly<Record<FactName, 'boolean' | 'string'>> = {
  internetReachable: 'boolean',
  requiresAuthentication: 'boolean',
  authMethod: 'string',
  anonymousRead: 'boolean',
  anonymousWrite: 'boolean',
  publicAccessBlocked: 'boolean',
  crossAccountAccess: 'boolean',
  crossAccountWrite: 'boolean',
  encryptedAtRest: 'boolean',
  customerManagedKey: 'boolean',
  encryptedInTransit: 'boolean',
  versioning: 'boolean',
  immutability: 'boolean',
  deletionLifecycle: 'boolean',
  accessLogging: 'boolean',
  invocationLogging: 'boolean',
  requestBodyLogging: 'boolean',
  throttling: 'boolean',
  requestValidation: 'boolean',
  wafProtected: 'boolean',
  networkIsolated: 'boolean',
  privateNetwork: 'boolean',
  directInternetAccess: 'boolean',
  rootAccess: 'boolean',
  metadataTokensRequired: 'boolean',
  shellAccess: 'boolean',
  keyAuthEnabled: 'boolean',
  dataCapture: 'boolean',
  guardrailAttached: 'boolean',
  promptAttackFilter: 'boolean',
  sensitiveDataFilter: 'boolean',
  groundingCheck: 'boolean',
  harmfulContentFilter: 'boolean',
  guardrailDraft: 'boolean',
  inputScreening: 'boolean',
  memoryEnabled: 'boolean',
  keyRotation: 'boolean',
  mfaRequired: 'boolean',
  adminPrivileges: 'boolean',
  externalTrust: 'boolean',
  wildcardModelAccess: 'boolean',
  untrustedSource: 'boolean',
  providerManaged: 'boolean',
  crossRegionProcessing: 'boolean',
  autoModelUpgrade: 'boolean',
  plaintextSecrets: 'boolean',
  imagePinned: 'boolean',
  imageSignatureEnforced: 'boolean',
  externalModelSource: 'boolean',
};

const FACT_NAMES = Object.keys(FACT_TYPES) as FactName[];

/** Asset kinds a rule can name: resource sets are seen through, never listed. */
const RULE_KINDS = ASSET_KINDS.filter((k) => k !== 'resource-set');

/** The `match` section of a declarative rule. */
export interface DeclarativeMatch {
  readonly kinds: readonly AssetKind[];
  /** All must hold (three-valued: an unknown fact makes the finding `possible`). */
  readonly when: readonly Condition[];
  /** Good values that are existing controls: each lowers likelihood by one step. */
  readonly controls: readonly ControlSpec[];
  /** The asset must be reachable from an asset of the zone along flows of these kinds; the path is reported. */
  readonly reachableFrom?: { readonly zone: ZoneId; readonly flows: readonly FlowKind[] };
}

export const MATCH_KEYS = ['kinds', 'when', 'controls', 'reachableFrom'];

function factName(value: unknown, path: Path): FactName {
  if (typeof value !== 'string' || !Object.hasOwn(FACT_TYPES, value))
    throw new ValueProblem(path, `${shown(value)} is not a fact; use one of ${FACT_NAMES.join(', ')}`);
  return value as FactName;
}

function factValue(value: unknown, fact: FactName, path: Path): boolean | string {
  const type = FACT_TYPES[fact];
  if (type === 'boolean' && typeof value !== 'boolean')
    throw new ValueProblem(
      path,
      `is ${shown(value)}, but ${fact} is true or false; write is: true or is: false`,
    );
  if (type === 'string' && typeof value !== 'string')
    throw new ValueProblem(path, `is ${shown(value)}, but ${fact} is a text; write is: "VALUE"`);
  return value as boolean | string;
}

function condition(value: unknown, path: Path): Condition {
  const m = mapping(value, path, ['fact', 'is', 'absent'], 'a condition');
  const fact = factName(own(m, 'fact'), [...path, 'fact']);
  const is = factValue(own(m, 'is'), fact, [...path, 'is']);
  const absent = own(m, 'absent');
  if (absent !== undefined && absent !== 'skip' && absent !== 'bad')
    throw new ValueProblem(
      [...path, 'absent'],
      `is ${shown(absent)}; write absent: skip (the asset is not concerned, the default) or absent: bad (a missing fact counts as the bad value)`,
    );
  return absent === undefined ? { fact, is } : { fact, is, absent };
}

function control(value: unknown, path: Path): ControlSpec {
  const m = mapping(value, path, ['fact', 'is', 'control'], 'a control');
  const fact = factName(own(m, 'fact'), [...path, 'fact']);
  const is = factValue(own(m, 'is'), fact, [...path, 'is']);
  const name = text(
    own(m, 'control'),
    [...path, 'control'],
    'name the control, e.g. "web application firewall"',
    {
      singleLine: true,
    },
  );
  return { fact, is, control: name };
}

/** Checks the `match` section of a YAML rule. */
export function parseMatch(value: unknown, path: Path): DeclarativeMatch {
  const m = mapping(value, path, MATCH_KEYS, 'match');
  const kinds = choices(own(m, 'kinds'), [...path, 'kinds'], RULE_KINDS, 'the asset kinds', {
    nonEmpty: true,
  });
  const whenValue = own(m, 'when');
  const when =
    whenValue === undefined
      ? []
      : list(
          whenValue,
          [...path, 'when'],
          'write a list of conditions such as - fact: versioning, is: false',
        ).map((c, i) => condition(c, [...path, 'when', i]));
  const controlsValue = own(m, 'controls');
  const controls =
    controlsValue === undefined
      ? []
      : list(
          controlsValue,
          [...path, 'controls'],
          'write a list such as - fact: wafProtected, is: true, control: WAF',
        ).map((c, i) => control(c, [...path, 'controls', i]));
  const reachValue = own(m, 'reachableFrom');
  let reachableFrom: DeclarativeMatch['reachableFrom'];
  if (reachValue !== undefined) {
    const at = [...path, 'reachableFrom'];
    const r = mapping(reachValue, at, ['zone', 'flows'], 'reachableFrom');
    const zone = own(r, 'zone');
    if (typeof zone !== 'string' || !(ZONE_IDS as readonly string[]).includes(zone))
      throw new ValueProblem(
        [...at, 'zone'],
        `${shown(zone)} is not a zone; use one of ${ZONE_IDS.join(', ')}`,
      );
    const flows = choices(own(r, 'flows'), [...at, 'flows'], FLOW_KINDS, 'the flow kinds', {
      nonEmpty: true,
    });
    reachableFrom = { zone: zone as ZoneId, flows };
  }
  if (when.length === 0 && reachableFrom === undefined)
    throw new ValueProblem(
      path,
      'has neither when conditions nor reachableFrom, so it would report every asset of its kinds; add a condition',
    );
  return { kinds, when, controls, ...(reachableFrom === undefined ? {} : { reachableFrom }) };
}

/** The message placeholders a declarative rule fills. */
export function declarativeParams(match: DeclarativeMatch): string[] {
  return match.reachableFrom === undefined ? ['asset', 'id', 'kind'] : ['asset', 'id', 'kind', 'path'];
}

/** Findings of a declarative rule: matchAttributes over the kinds and conditions, then the path condition. */
export function* matchDeclarative(view: GraphView, match: DeclarativeMatch): Iterable<Finding> {
  const reach = match.reachableFrom;
  const reached = reach === undefined ? undefined : view.reachableFromZone(reach.zone, reach.flows);
  const findings = matchAttributes(view, {
    kinds: match.kinds,
    when: match.when,
    controls: match.controls,
    ...(reached === undefined ? {} : { where: (asset) => reached.has(asset.id) }),
  });
  for (const finding of findings) {
    if (reach === undefined) {
      yield finding;
      continue;
    }
    const target = finding.assets[0];
    const path = target === undefined ? undefined : view.pathFromZone(reach.zone, target, reach.flows);
    // An asset in the zone itself is not reached from it.
    if (path === undefined || path.length < 2) continue;
    yield {
      ...finding,
      path,
      params: { ...finding.params, path: names(view, path) },
      evidence: [...finding.evidence, ...pathFlows(view, path, reach.flows).flatMap(flowEvidence)],
    };
  }
}

/** A rule from checked YAML: the message may use only the placeholders the match fills. */
export function declarativeRule(meta: RuleMeta, match: DeclarativeMatch, messagePath: Path): Rule {
  const params = declarativeParams(match);
  for (const [, name] of meta.message.matchAll(/\{(\w+)\}/g)) {
    if (name !== undefined && !params.includes(name))
      throw new ValueProblem(
        messagePath,
        `uses {${name}}, which this rule does not fill; use ${params.map((p) => `{${p}}`).join(', ')}`,
      );
  }
  return { ...meta, match: (view) => matchDeclarative(view, match) };
}

import { runRules } from '../../src/engine/run.js';
import { buildGraph } from '../../src/graph/build.js';
import { createView } from '../../src/graph/view.js';
import {
  explicit,
  flowId,
  unknown,
  type Asset,
  type AssetKind,
  type Fact,
  type FactName,
  type Flow,
  type FlowKind,
  type GraphView,
  type Party,
  type Rule,
  type Threat,
} from '../../src/model/index.js';

export const UNKNOWN = Symbol('unknown');
type FactInput = boolean | string | typeof UNKNOWN;

/** A provider-neutral asset for rule and graph tests: facts given as plain values are explicit. */
export function asset(
  id: string,
  kind: AssetKind,
  facts: Partial<Record<FactName, FactInput>> = {},
  extra: Partial<Pick<Asset, 'tags' | 'provider' | 'nativeType' | 'name'>> = {},
): Asset {
  const out: Record<string, Fact> = {};
  for (const [name, v] of Object.entries(facts) as [FactName, FactInput][]) {
    out[name] = v === UNKNOWN ? unknown(name, 'known only after apply') : explicit(v, name);
  }
  return {
    id,
    kind,
    provider: extra.provider ?? 'aws',
    nativeType: extra.nativeType ?? `test_${kind}`,
    name: extra.name ?? id,
    source: { input: 'test', address: id },
    facts: out,
    tags: extra.tags ?? {},
  };
}

export function flow(
  from: string,
  to: string,
  kind: FlowKind,
  options: { authenticated?: boolean | typeof UNKNOWN } = {},
): Flow {
  const auth = options.authenticated;
  return {
    id: flowId(kind, from, to),
    from,
    to,
    kind,
    ...(auth === undefined
      ? {}
      : {
          authenticated:
            auth === UNKNOWN
              ? unknown('authenticated', 'known only after apply')
              : explicit(auth, 'authorization'),
        }),
    evidence: [{ assetId: from, attribute: kind }],
  };
}

export interface TestScan {
  readonly view: GraphView;
  readonly threats: Threat[];
}

export function run(
  assets: Asset[],
  flows: Flow[],
  rules: readonly Rule[],
  roles: Party[] = ['AP'],
): TestScan {
  const view = createView(buildGraph({ inputs: [], assets, flows, notes: [] }));
  return { view, threats: runRules(rules, view, { roles }).threats };
}

/** The seed's reference system, provider-neutral, with the weaknesses switched by `weak`. */
export function seedSystem(weak: boolean): { assets: Asset[]; flows: Flow[] } {
  const w = weak;
  const assets = [
    asset('gw', 'api-gateway', {
      internetReachable: true,
      requiresAuthentication: true,
      throttling: !w,
      wafProtected: !w,
      invocationLogging: !w,
    }),
    asset('idp', 'identity-provider', { mfaRequired: !w }),
    asset('endpoint', 'inference-endpoint', {
      requiresAuthentication: true,
      customerManagedKey: !w,
      invocationLogging: !w,
      dataCapture: false,
      guardrailAttached: !w,
    }),
    asset('model', 'model', { networkIsolated: !w, privateNetwork: true }),
    asset('role', 'identity', { adminPrivileges: false, externalTrust: false }),
    asset('table', 'database', { customerManagedKey: !w, accessLogging: !w }),
    asset('logs', 'log-sink', { customerManagedKey: !w, deletionLifecycle: !w }),
    asset('training', 'object-store', {
      anonymousRead: false,
      anonymousWrite: false,
      versioning: !w,
      customerManagedKey: !w,
      accessLogging: !w,
      deletionLifecycle: !w,
    }),
    asset('artifacts', 'object-store', { anonymousRead: false, versioning: !w }),
    asset('pipeline', 'ml-pipeline', { networkIsolated: !w }),
    asset('pipeline-role', 'identity', { adminPrivileges: false }),
  ];
  const flows = [
    flow('gw', 'idp', 'authenticate'),
    flow('gw', 'endpoint', 'invoke', { authenticated: true }),
    flow('endpoint', 'model', 'invoke'),
    flow('model', 'role', 'assume-identity'),
    flow('role', 'table', 'write'),
    flow('model', 'artifacts', 'read'),
    flow('endpoint', 'logs', 'log-to'),
    flow('pipeline', 'pipeline-role', 'assume-identity'),
    flow('pipeline-role', 'training', 'read'),
    flow('pipeline-role', 'artifacts', 'write'),
    flow('pipeline', 'model', 'deploy'),
  ];
  return { assets, flows };
}

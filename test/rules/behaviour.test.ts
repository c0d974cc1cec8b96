import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Asset, Flow, Rule } from '../../src/model/index.js';
import { asset, flow, run, UNKNOWN } from '../helpers/inventory.js';

interface Case {
  readonly assets: Asset[];
  readonly flows?: Flow[];
}

interface Spec {
  /** Triggers the rule: the threat is confirmed and names `on`. */
  readonly positive: Case;
  /** The same system with the weakness fixed (or the rule not applicable): no threat. */
  readonly negative: Case;
  /** The decisive fact unknown: the threat is `possible`. */
  readonly unknown?: Case;
  readonly on: string;
}

const gateway = (facts: Parameters<typeof asset>[2] = {}) =>
  asset('gw', 'api-gateway', { internetReachable: true, ...facts });
const training = (facts: Parameters<typeof asset>[2] = {}) => asset('data', 'object-store', facts);
const trainer = [asset('pipe', 'ml-pipeline')];
const trainsOn = [flow('pipe', 'data', 'train-on')];
const artifacts = (facts: Parameters<typeof asset>[2] = {}) => [
  asset('art', 'object-store', facts),
  asset('pipe', 'ml-pipeline'),
];
const produces = [flow('pipe', 'art', 'produce-artifact')];
const modelBehind = (authenticated: boolean | typeof UNKNOWN) => ({
  assets: [gateway({ requiresAuthentication: authenticated }), asset('ep', 'inference-endpoint')],
  flows: [flow('gw', 'ep', 'invoke', { authenticated })],
});

const SPECS: Record<string, Spec> = {
  'TG-DATA-001': {
    on: 'data',
    positive: { assets: [training({ anonymousRead: true }), ...trainer], flows: trainsOn },
    negative: { assets: [training({ anonymousRead: false }), ...trainer], flows: trainsOn },
    unknown: { assets: [training({ anonymousRead: UNKNOWN }), ...trainer], flows: trainsOn },
  },
  'TG-DATA-002': {
    on: 'data',
    positive: {
      assets: [gateway(), asset('fn', 'function'), training(), ...trainer],
      flows: [...trainsOn, flow('gw', 'fn', 'invoke', { authenticated: true }), flow('fn', 'data', 'write')],
    },
    negative: {
      assets: [gateway(), asset('fn', 'function'), training(), ...trainer],
      flows: [...trainsOn, flow('gw', 'fn', 'invoke')],
    },
    unknown: { assets: [training({ anonymousWrite: UNKNOWN }), ...trainer], flows: trainsOn },
  },
  'TG-DATA-003': {
    on: 'data',
    positive: {
      assets: [asset('fn', 'function'), training(), ...trainer],
      flows: [...trainsOn, flow('fn', 'data', 'write')],
    },
    negative: {
      assets: [asset('etl', 'training-job'), training(), ...trainer],
      flows: [...trainsOn, flow('etl', 'data', 'write')],
    },
  },
  'TG-DATA-004': {
    on: 'data',
    positive: { assets: [training({ versioning: false }), ...trainer], flows: trainsOn },
    negative: { assets: [training({ versioning: true }), ...trainer], flows: trainsOn },
    unknown: { assets: [training({ versioning: UNKNOWN }), ...trainer], flows: trainsOn },
  },
  'TG-DATA-005': {
    on: 'data',
    positive: { assets: [training({ customerManagedKey: false }), ...trainer], flows: trainsOn },
    negative: { assets: [training({ customerManagedKey: false })] },
    unknown: { assets: [training({ customerManagedKey: UNKNOWN }), ...trainer], flows: trainsOn },
  },
  'TG-DATA-006': {
    on: 'data',
    positive: { assets: [training({ accessLogging: false }), ...trainer], flows: trainsOn },
    negative: { assets: [training({ accessLogging: true }), ...trainer], flows: trainsOn },
    unknown: { assets: [training({ accessLogging: UNKNOWN }), ...trainer], flows: trainsOn },
  },
  'TG-DATA-007': {
    on: 'logs',
    positive: {
      assets: [asset('ep', 'inference-endpoint'), asset('logs', 'log-sink', { deletionLifecycle: false })],
      flows: [flow('ep', 'logs', 'log-to')],
    },
    negative: {
      assets: [asset('ep', 'inference-endpoint'), asset('logs', 'log-sink', { deletionLifecycle: true })],
      flows: [flow('ep', 'logs', 'log-to')],
    },
    unknown: {
      assets: [asset('ep', 'inference-endpoint'), asset('logs', 'log-sink', { deletionLifecycle: UNKNOWN })],
      flows: [flow('ep', 'logs', 'log-to')],
    },
  },
  'TG-DATA-008': {
    on: 'data',
    positive: { assets: [training({ crossAccountAccess: true }), ...trainer], flows: trainsOn },
    negative: { assets: [training({ crossAccountAccess: false }), ...trainer], flows: trainsOn },
    unknown: { assets: [training({ crossAccountAccess: UNKNOWN }), ...trainer], flows: trainsOn },
  },
  'TG-DATA-009': {
    on: 'fs',
    positive: { assets: [asset('fs', 'feature-store', { customerManagedKey: false })] },
    negative: { assets: [asset('fs', 'feature-store', { customerManagedKey: true })] },
    unknown: { assets: [asset('fs', 'feature-store', { customerManagedKey: UNKNOWN })] },
  },
  'TG-DATA-010': {
    on: 'data',
    positive: {
      assets: [asset('ep', 'inference-endpoint'), training(), ...trainer],
      flows: [...trainsOn, flow('ep', 'data', 'write')],
    },
    negative: {
      assets: [asset('ep', 'inference-endpoint'), training(), asset('capture', 'object-store'), ...trainer],
      flows: [...trainsOn, flow('ep', 'capture', 'write')],
    },
  },
  'TG-DATA-011': {
    on: 'data',
    positive: {
      assets: [gateway({ requiresAuthentication: false }), asset('fn', 'function'), training(), ...trainer],
      flows: [...trainsOn, flow('gw', 'fn', 'invoke'), flow('fn', 'data', 'write')],
    },
    negative: {
      assets: [gateway({ requiresAuthentication: true }), asset('fn', 'function'), training(), ...trainer],
      flows: [...trainsOn, flow('gw', 'fn', 'invoke'), flow('fn', 'data', 'write')],
    },
    unknown: {
      assets: [gateway({ requiresAuthentication: UNKNOWN }), asset('fn', 'function'), training(), ...trainer],
      flows: [...trainsOn, flow('gw', 'fn', 'invoke'), flow('fn', 'data', 'write')],
    },
  },
  'TG-DATA-012': {
    on: 'db',
    positive: {
      assets: [asset('m', 'model'), asset('db', 'database', { deletionLifecycle: false })],
      flows: [flow('m', 'db', 'write')],
    },
    negative: {
      assets: [asset('m', 'model'), asset('db', 'database', { deletionLifecycle: true })],
      flows: [flow('m', 'db', 'write')],
    },
    unknown: {
      assets: [asset('m', 'model'), asset('db', 'database', { deletionLifecycle: UNKNOWN })],
      flows: [flow('m', 'db', 'write')],
    },
  },
  'TG-DEV-001': {
    on: 'nb',
    positive: { assets: [asset('nb', 'notebook', { directInternetAccess: true, rootAccess: true })] },
    negative: { assets: [asset('nb', 'notebook', { directInternetAccess: false, rootAccess: true })] },
    unknown: { assets: [asset('nb', 'notebook', { directInternetAccess: UNKNOWN, rootAccess: true })] },
  },
  'TG-DEV-002': {
    on: 'nb',
    positive: { assets: [asset('nb', 'notebook', { metadataTokensRequired: false })] },
    negative: { assets: [asset('nb', 'notebook', { metadataTokensRequired: true })] },
    unknown: { assets: [asset('nb', 'notebook', { metadataTokensRequired: UNKNOWN })] },
  },
  'TG-DEV-003': {
    on: 'ws',
    positive: { assets: [asset('ws', 'ml-workspace', { internetReachable: true })] },
    negative: { assets: [asset('ws', 'ml-workspace', { internetReachable: false })] },
    unknown: { assets: [asset('ws', 'ml-workspace', { internetReachable: UNKNOWN })] },
  },
  'TG-DEV-004': {
    on: 'nb',
    positive: { assets: [asset('nb', 'notebook', { privateNetwork: false })] },
    negative: { assets: [asset('nb', 'notebook', { privateNetwork: true })] },
    unknown: { assets: [asset('nb', 'notebook', { privateNetwork: UNKNOWN })] },
  },
  'TG-DEV-005': {
    on: 'nb',
    positive: { assets: [asset('nb', 'notebook', { customerManagedKey: false })] },
    negative: { assets: [asset('nb', 'notebook', { customerManagedKey: true })] },
    unknown: { assets: [asset('nb', 'notebook', { customerManagedKey: UNKNOWN })] },
  },
  'TG-DEV-006': {
    on: 'cluster',
    positive: { assets: [asset('cluster', 'ml-compute', { directInternetAccess: true })] },
    negative: { assets: [asset('cluster', 'ml-compute', { directInternetAccess: false })] },
    unknown: { assets: [asset('cluster', 'ml-compute', { directInternetAccess: UNKNOWN })] },
  },
  'TG-DEV-007': {
    on: 'ws',
    positive: { assets: [asset('ws', 'ml-workspace', { keyAuthEnabled: true })] },
    negative: {
      assets: [
        asset('ws', 'ml-workspace', { keyAuthEnabled: false }),
        asset('appdata', 'object-store', { keyAuthEnabled: true }),
      ],
    },
    unknown: { assets: [asset('ws', 'ml-workspace', { keyAuthEnabled: UNKNOWN })] },
  },
  'TG-DEV-008': {
    on: 'nb',
    positive: { assets: [asset('nb', 'notebook', { shellAccess: true }, { provider: 'azure' })] },
    negative: {
      assets: [
        asset('nb', 'notebook', { shellAccess: false }, { provider: 'azure' }),
        asset('wb', 'notebook', { shellAccess: true }, { provider: 'gcp' }),
      ],
    },
    unknown: { assets: [asset('nb', 'notebook', { shellAccess: UNKNOWN }, { provider: 'azure' })] },
  },
  'TG-DEV-009': {
    on: 'acr',
    positive: {
      assets: [asset('acr', 'container-registry', { anonymousRead: true }), asset('ws', 'ml-workspace')],
      flows: [flow('ws', 'acr', 'read')],
    },
    // Open, but no AI asset pulls from it: not AI images (the fixtures show the closed registry).
    negative: {
      assets: [asset('acr', 'container-registry', { anonymousRead: true }), asset('ws', 'ml-workspace')],
    },
    unknown: {
      assets: [asset('acr', 'container-registry', { anonymousRead: UNKNOWN }), asset('ws', 'ml-workspace')],
      flows: [flow('ws', 'acr', 'read')],
    },
  },
  'TG-IAM-001': {
    on: 'role',
    positive: {
      assets: [asset('role', 'identity', { adminPrivileges: true }), asset('m', 'model')],
      flows: [flow('m', 'role', 'assume-identity')],
    },
    negative: {
      assets: [asset('role', 'identity', { adminPrivileges: false }), asset('m', 'model')],
      flows: [flow('m', 'role', 'assume-identity')],
    },
    unknown: {
      assets: [asset('role', 'identity', { adminPrivileges: UNKNOWN }), asset('m', 'model')],
      flows: [flow('m', 'role', 'assume-identity')],
    },
  },
  'TG-IAM-002': {
    on: 'role',
    positive: {
      assets: [asset('role', 'identity', { externalTrust: true }), asset('m', 'model')],
      flows: [flow('m', 'role', 'assume-identity')],
    },
    negative: { assets: [asset('role', 'identity', { externalTrust: true })] },
    unknown: {
      assets: [asset('role', 'identity', { externalTrust: UNKNOWN }), asset('m', 'model')],
      flows: [flow('m', 'role', 'assume-identity')],
    },
  },
  'TG-IAM-003': {
    on: 'role',
    positive: {
      assets: [asset('role', 'identity'), asset('fn', 'function'), asset('pipe', 'ml-pipeline')],
      flows: [flow('fn', 'role', 'assume-identity'), flow('pipe', 'role', 'assume-identity')],
    },
    negative: {
      assets: [
        asset('role', 'identity'),
        asset('role2', 'identity'),
        asset('fn', 'function'),
        asset('pipe', 'ml-pipeline'),
      ],
      flows: [flow('fn', 'role2', 'assume-identity'), flow('pipe', 'role', 'assume-identity')],
    },
  },
  'TG-IAM-004': {
    on: 'idp',
    positive: {
      assets: [gateway(), asset('idp', 'identity-provider', { mfaRequired: false })],
      flows: [flow('gw', 'idp', 'authenticate')],
    },
    negative: {
      assets: [gateway(), asset('idp', 'identity-provider', { mfaRequired: true })],
      flows: [flow('gw', 'idp', 'authenticate')],
    },
    unknown: {
      assets: [gateway(), asset('idp', 'identity-provider', { mfaRequired: UNKNOWN })],
      flows: [flow('gw', 'idp', 'authenticate')],
    },
  },
  'TG-IAM-005': {
    on: 'fn',
    positive: {
      assets: [asset('fn', 'function', { plaintextSecrets: true }), asset('m', 'foundation-model-service')],
      flows: [flow('fn', 'm', 'invoke')],
    },
    negative: {
      assets: [
        asset('fn', 'function', { plaintextSecrets: false }),
        asset('other', 'function', { plaintextSecrets: true }),
        asset('m', 'foundation-model-service'),
      ],
      flows: [flow('fn', 'm', 'invoke')],
    },
    unknown: {
      assets: [
        asset('fn', 'function', { plaintextSecrets: UNKNOWN }),
        asset('m', 'foundation-model-service'),
      ],
      flows: [flow('fn', 'm', 'invoke')],
    },
  },
  'TG-IAM-006': {
    on: 'ag',
    positive: {
      assets: [asset('ag', 'agent'), asset('role', 'identity'), asset('g', 'guardrail')],
      flows: [flow('ag', 'role', 'assume-identity'), flow('role', 'g', 'write')],
    },
    // A guardrail administration function that calls no model is not on a model path.
    negative: {
      assets: [asset('fn', 'function'), asset('role', 'identity'), asset('g', 'guardrail')],
      flows: [flow('fn', 'role', 'assume-identity'), flow('role', 'g', 'write')],
    },
  },
  'TG-IAM-007': {
    on: 'fn',
    positive: {
      assets: [asset('fn', 'function'), asset('ep', 'inference-endpoint')],
      flows: [flow('fn', 'ep', 'invoke'), flow('fn', 'ep', 'deploy')],
    },
    negative: {
      assets: [asset('fn', 'function'), asset('ep', 'inference-endpoint'), asset('pipe', 'ml-pipeline')],
      flows: [flow('fn', 'ep', 'invoke'), flow('pipe', 'ep', 'deploy')],
    },
  },
  'TG-IAM-008': {
    on: 'fn',
    positive: {
      assets: [asset('fn', 'function'), asset('role', 'identity', { wildcardModelAccess: true })],
      flows: [flow('fn', 'role', 'assume-identity')],
    },
    negative: {
      assets: [
        asset('fn', 'function'),
        asset('role', 'identity', { wildcardModelAccess: false }),
        asset('ep', 'inference-endpoint'),
      ],
      flows: [flow('fn', 'role', 'assume-identity'), flow('fn', 'ep', 'invoke')],
    },
    unknown: {
      assets: [
        asset('fn', 'function'),
        asset('role', 'identity', { wildcardModelAccess: UNKNOWN }),
        asset('ep', 'inference-endpoint'),
      ],
      flows: [flow('fn', 'role', 'assume-identity'), flow('fn', 'ep', 'invoke')],
    },
  },
  'TG-INF-001': {
    on: 'ep',
    positive: modelBehind(false),
    negative: modelBehind(true),
    unknown: modelBehind(UNKNOWN),
  },
  'TG-INF-002': {
    on: 'gw',
    positive: {
      assets: [gateway({ throttling: false }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    negative: {
      assets: [gateway({ throttling: true }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    unknown: {
      assets: [gateway({ throttling: UNKNOWN }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
  },
  'TG-INF-003': {
    on: 'gw',
    positive: { assets: [gateway({ wafProtected: false })] },
    negative: { assets: [gateway({ wafProtected: true })] },
    unknown: { assets: [gateway({ wafProtected: UNKNOWN })] },
  },
  'TG-INF-004': {
    on: 'm',
    positive: { assets: [asset('m', 'model', { networkIsolated: false })] },
    negative: { assets: [asset('m', 'model', { networkIsolated: true })] },
    unknown: { assets: [asset('m', 'model', { networkIsolated: UNKNOWN })] },
  },
  'TG-INF-005': {
    on: 'cap',
    positive: {
      assets: [
        asset('ep', 'inference-endpoint', { dataCapture: true }),
        asset('cap', 'object-store', { customerManagedKey: false }),
      ],
      flows: [flow('ep', 'cap', 'write')],
    },
    negative: {
      assets: [
        asset('ep', 'inference-endpoint', { dataCapture: true }),
        asset('cap', 'object-store', { customerManagedKey: true }),
      ],
      flows: [flow('ep', 'cap', 'write')],
    },
    unknown: {
      assets: [
        asset('ep', 'inference-endpoint', { dataCapture: true }),
        asset('cap', 'object-store', { customerManagedKey: UNKNOWN }),
      ],
      flows: [flow('ep', 'cap', 'write')],
    },
  },
  'TG-INF-006': {
    on: 'ep',
    positive: { assets: [asset('ep', 'inference-endpoint', { customerManagedKey: false })] },
    negative: { assets: [asset('ep', 'inference-endpoint', { customerManagedKey: true })] },
    unknown: { assets: [asset('ep', 'inference-endpoint', { customerManagedKey: UNKNOWN })] },
  },
  'TG-INF-007': {
    on: 'ep',
    positive: { assets: [asset('ep', 'inference-endpoint', { shellAccess: true })] },
    negative: { assets: [asset('ep', 'inference-endpoint', { shellAccess: false })] },
    unknown: { assets: [asset('ep', 'inference-endpoint', { shellAccess: UNKNOWN })] },
  },
  'TG-INF-008': {
    on: 'oai',
    positive: {
      assets: [asset('oai', 'foundation-model-service', { internetReachable: true, keyAuthEnabled: true })],
    },
    negative: {
      assets: [asset('oai', 'foundation-model-service', { internetReachable: true, keyAuthEnabled: false })],
    },
    unknown: {
      assets: [
        asset('oai', 'foundation-model-service', { internetReachable: true, keyAuthEnabled: UNKNOWN }),
      ],
    },
  },
  'TG-INF-009': {
    on: 'fm',
    positive: { assets: [asset('fm', 'foundation-model-service', { crossRegionProcessing: true })] },
    negative: { assets: [asset('fm', 'foundation-model-service', { crossRegionProcessing: false })] },
    unknown: { assets: [asset('fm', 'foundation-model-service', { crossRegionProcessing: UNKNOWN })] },
  },
  'TG-INF-010': {
    on: 'gw',
    positive: {
      assets: [gateway({ encryptedInTransit: false }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    negative: {
      assets: [gateway({ encryptedInTransit: true }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    unknown: {
      assets: [gateway({ encryptedInTransit: UNKNOWN }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
  },
  'TG-INF-011': {
    on: 'vm',
    positive: {
      assets: [asset('vm', 'compute-instance', { internetReachable: true }), asset('m', 'model')],
      flows: [flow('vm', 'm', 'invoke')],
    },
    negative: {
      assets: [
        asset('vm', 'compute-instance', { internetReachable: false }),
        asset('web', 'compute-instance', { internetReachable: true }),
        asset('m', 'model'),
      ],
      flows: [flow('vm', 'm', 'invoke')],
    },
    unknown: { assets: [asset('vm', 'inference-endpoint', { directInternetAccess: UNKNOWN })] },
  },
  'TG-INF-012': {
    on: 'gw',
    positive: {
      assets: [gateway({ authMethod: 'KEY' }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    negative: {
      assets: [gateway({ authMethod: 'JWT' }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    unknown: {
      assets: [gateway({ authMethod: UNKNOWN }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
  },
  'TG-INF-014': {
    on: 'fn',
    positive: {
      assets: [asset('fn', 'function', { imagePinned: false }), asset('ep', 'inference-endpoint')],
      flows: [flow('fn', 'ep', 'invoke')],
    },
    negative: {
      assets: [asset('fn', 'function', { imagePinned: false }), asset('db', 'database')],
      flows: [flow('fn', 'db', 'write')],
    },
    unknown: {
      assets: [asset('fn', 'function', { imagePinned: UNKNOWN }), asset('ep', 'inference-endpoint')],
      flows: [flow('fn', 'ep', 'invoke')],
    },
  },
  'TG-INF-013': {
    on: 'gw',
    positive: {
      assets: [gateway({ requestValidation: false }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    // Not a model-backed API: the gateway forwards to a function that calls no model.
    negative: {
      assets: [gateway({ requestValidation: false }), asset('fn', 'function')],
      flows: [flow('gw', 'fn', 'invoke')],
    },
    unknown: {
      assets: [gateway({ requestValidation: UNKNOWN }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
  },
  'TG-KEY-001': {
    on: 'key',
    positive: {
      assets: [asset('key', 'key', { keyRotation: false }), training()],
      flows: [flow('data', 'key', 'encrypt-with')],
    },
    negative: {
      assets: [asset('key', 'key', { keyRotation: true }), training()],
      flows: [flow('data', 'key', 'encrypt-with')],
    },
    unknown: {
      assets: [asset('key', 'key', { keyRotation: UNKNOWN }), training()],
      flows: [flow('data', 'key', 'encrypt-with')],
    },
  },
  'TG-LOG-001': {
    on: 'ep',
    positive: { assets: [asset('ep', 'inference-endpoint', { invocationLogging: false })] },
    negative: { assets: [asset('ep', 'inference-endpoint', { invocationLogging: true })] },
    unknown: { assets: [asset('ep', 'inference-endpoint', { invocationLogging: UNKNOWN })] },
  },
  'TG-LOG-002': {
    on: 'logs',
    positive: {
      assets: [asset('ep', 'agent'), asset('logs', 'log-sink', { customerManagedKey: false })],
      flows: [flow('ep', 'logs', 'log-to')],
    },
    negative: {
      assets: [asset('ep', 'agent'), asset('logs', 'log-sink', { customerManagedKey: true })],
      flows: [flow('ep', 'logs', 'log-to')],
    },
    unknown: {
      assets: [asset('ep', 'agent'), asset('logs', 'log-sink', { customerManagedKey: UNKNOWN })],
      flows: [flow('ep', 'logs', 'log-to')],
    },
  },
  'TG-LOG-003': {
    on: 'gw',
    positive: { assets: [gateway({ requestBodyLogging: true })] },
    negative: { assets: [gateway({ requestBodyLogging: false })] },
    unknown: { assets: [gateway({ requestBodyLogging: UNKNOWN })] },
  },
  'TG-LOG-004': {
    on: 'gw',
    positive: {
      assets: [gateway({ invocationLogging: false }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    negative: {
      assets: [gateway({ invocationLogging: true }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
    unknown: {
      assets: [gateway({ invocationLogging: UNKNOWN }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke')],
    },
  },
  'TG-LOG-005': {
    on: 'kb',
    positive: { assets: [asset('kb', 'knowledge-base', { accessLogging: false })] },
    negative: { assets: [asset('kb', 'knowledge-base', { accessLogging: true })] },
    unknown: {
      assets: [asset('idx', 'vector-store'), asset('kb', 'vector-store', { accessLogging: UNKNOWN })],
    },
  },
  'TG-MODEL-001': {
    on: 'art',
    positive: { assets: artifacts({ anonymousRead: true }), flows: produces },
    negative: { assets: artifacts({ anonymousRead: false }), flows: produces },
    unknown: { assets: artifacts({ anonymousRead: UNKNOWN }), flows: produces },
  },
  'TG-MODEL-002': {
    on: 'art',
    positive: {
      assets: [...artifacts(), asset('fn', 'function')],
      flows: [...produces, flow('fn', 'art', 'write')],
    },
    negative: {
      assets: [...artifacts(), asset('fn', 'function')],
      flows: [...produces, flow('fn', 'art', 'read')],
    },
  },
  'TG-MODEL-003': {
    on: 'reg',
    positive: { assets: [asset('reg', 'model-registry', { crossAccountAccess: true })] },
    negative: { assets: [asset('reg', 'model-registry', { crossAccountAccess: false })] },
    unknown: { assets: [asset('reg', 'model-registry', { crossAccountAccess: UNKNOWN })] },
  },
  'TG-MODEL-004': {
    on: 'dep',
    positive: { assets: [asset('dep', 'model', { autoModelUpgrade: true })] },
    negative: { assets: [asset('dep', 'model', { autoModelUpgrade: false })] },
    unknown: { assets: [asset('dep', 'model', { autoModelUpgrade: UNKNOWN })] },
  },
  'TG-MODEL-005': {
    on: 'art',
    positive: { assets: artifacts({ customerManagedKey: false }), flows: produces },
    negative: { assets: artifacts({ customerManagedKey: true }), flows: produces },
    unknown: { assets: artifacts({ customerManagedKey: UNKNOWN }), flows: produces },
  },
  'TG-MODEL-006': {
    on: 'art',
    positive: { assets: artifacts({ accessLogging: false }), flows: produces },
    negative: { assets: artifacts({ accessLogging: true }), flows: produces },
    unknown: { assets: artifacts({ accessLogging: UNKNOWN }), flows: produces },
  },
  'TG-MODEL-007': {
    on: 'job',
    positive: { assets: [asset('job', 'training-job', { customerManagedKey: false })] },
    negative: { assets: [asset('job', 'training-job', { customerManagedKey: true })] },
    unknown: { assets: [asset('job', 'training-job', { customerManagedKey: UNKNOWN })] },
  },
  'TG-MODEL-008': {
    on: 'm',
    positive: {
      assets: [asset('m', 'model'), asset('role', 'identity'), training(), ...trainer],
      flows: [...trainsOn, flow('m', 'role', 'assume-identity'), flow('role', 'data', 'read')],
    },
    negative: {
      assets: [asset('m', 'model'), asset('art', 'object-store'), training(), ...trainer],
      flows: [...trainsOn, flow('m', 'art', 'read')],
    },
  },
  'TG-MODEL-010': {
    on: 'art',
    positive: {
      assets: [training({ deletionLifecycle: true }), ...artifacts({ deletionLifecycle: false })],
      flows: [...trainsOn, ...produces],
    },
    negative: {
      assets: [training({ deletionLifecycle: true }), ...artifacts({ deletionLifecycle: true })],
      flows: [...trainsOn, ...produces],
    },
    unknown: {
      assets: [training({ deletionLifecycle: true }), ...artifacts({ deletionLifecycle: UNKNOWN })],
      flows: [...trainsOn, ...produces],
    },
  },
  'TG-MODEL-009': {
    on: 'm',
    positive: { assets: [asset('m', 'model', { externalModelSource: true })] },
    negative: { assets: [asset('m', 'model', { externalModelSource: false })] },
    unknown: { assets: [asset('m', 'model', { externalModelSource: UNKNOWN })] },
  },
  'TG-MODEL-011': {
    on: 'g',
    positive: { assets: [asset('g', 'guardrail', { harmfulContentFilter: false })] },
    negative: { assets: [asset('g', 'guardrail', { harmfulContentFilter: true })] },
    unknown: { assets: [asset('g', 'guardrail', { harmfulContentFilter: UNKNOWN })] },
  },
  'TG-NET-001': {
    on: 'nb',
    positive: {
      assets: [asset('nb', 'notebook'), asset('sn', 'subnet', { internetReachable: true })],
      flows: [flow('nb', 'sn', 'network')],
    },
    negative: {
      assets: [asset('nb', 'notebook'), asset('sn', 'subnet', { internetReachable: false })],
      flows: [flow('nb', 'sn', 'network')],
    },
    unknown: {
      assets: [asset('nb', 'notebook'), asset('sn', 'subnet', { internetReachable: UNKNOWN })],
      flows: [flow('nb', 'sn', 'network')],
    },
  },
  'TG-NET-002': {
    on: 'perimeter',
    positive: {
      assets: [
        asset(
          'perimeter',
          'network',
          { networkIsolated: false },
          { nativeType: 'google_access_context_manager_service_perimeter', provider: 'gcp' },
        ),
      ],
    },
    negative: {
      assets: [
        asset(
          'perimeter',
          'network',
          { networkIsolated: true },
          { nativeType: 'google_access_context_manager_service_perimeter', provider: 'gcp' },
        ),
        asset('vpc', 'network', { networkIsolated: false }),
      ],
    },
    unknown: {
      assets: [
        asset(
          'perimeter',
          'network',
          { networkIsolated: UNKNOWN },
          { nativeType: 'google_access_context_manager_service_perimeter', provider: 'gcp' },
        ),
      ],
    },
  },
  'TG-NET-003': {
    on: 'kv',
    positive: {
      assets: [
        asset('kv', 'secret-store', { internetReachable: true }),
        asset('fm', 'foundation-model-service'),
      ],
    },
    negative: {
      assets: [
        asset('kv', 'secret-store', { internetReachable: false }),
        asset('fm', 'foundation-model-service'),
      ],
    },
    unknown: {
      assets: [
        asset('kv', 'secret-store', { internetReachable: UNKNOWN }),
        asset('fm', 'foundation-model-service'),
      ],
    },
  },
  'TG-ORCH-001': {
    on: 'agent',
    positive: { assets: [asset('agent', 'agent', { guardrailAttached: false })] },
    negative: { assets: [asset('agent', 'agent', { guardrailAttached: true })] },
    unknown: { assets: [asset('agent', 'agent', { guardrailAttached: UNKNOWN })] },
  },
  'TG-ORCH-002': {
    on: 'g',
    positive: { assets: [asset('g', 'guardrail', { promptAttackFilter: false })] },
    negative: { assets: [asset('g', 'guardrail', { promptAttackFilter: true })] },
    unknown: { assets: [asset('g', 'guardrail', { promptAttackFilter: UNKNOWN })] },
  },
  'TG-ORCH-003': {
    on: 'g',
    positive: { assets: [asset('g', 'guardrail', { sensitiveDataFilter: false })] },
    negative: { assets: [asset('g', 'guardrail', { sensitiveDataFilter: true })] },
    unknown: { assets: [asset('g', 'guardrail', { sensitiveDataFilter: UNKNOWN })] },
  },
  'TG-ORCH-004': {
    on: 'agent',
    positive: {
      assets: [
        gateway(),
        asset('agent', 'agent'),
        asset('tool', 'agent-tool'),
        asset('fn', 'function'),
        asset('db', 'database'),
      ],
      flows: [
        flow('gw', 'agent', 'invoke', { authenticated: true }),
        flow('agent', 'tool', 'invoke'),
        flow('tool', 'fn', 'invoke'),
        flow('fn', 'db', 'write'),
      ],
    },
    negative: {
      assets: [
        gateway(),
        asset('agent', 'agent'),
        asset('tool', 'agent-tool'),
        asset('fn', 'function'),
        asset('db', 'database'),
      ],
      flows: [
        flow('gw', 'agent', 'invoke', { authenticated: true }),
        flow('agent', 'tool', 'invoke'),
        flow('tool', 'fn', 'invoke'),
        flow('fn', 'db', 'read'),
      ],
    },
  },
  'TG-ORCH-005': {
    on: 'kb',
    positive: {
      assets: [asset('kb', 'knowledge-base'), asset('src', 'object-store', { untrustedSource: true })],
      flows: [flow('kb', 'src', 'retrieve-from')],
    },
    negative: {
      assets: [
        asset('kb', 'knowledge-base'),
        asset('src', 'object-store', { untrustedSource: false, anonymousWrite: false }),
      ],
      flows: [flow('kb', 'src', 'retrieve-from')],
    },
    unknown: {
      assets: [asset('kb', 'knowledge-base'), asset('src', 'object-store', { untrustedSource: UNKNOWN })],
      flows: [flow('kb', 'src', 'retrieve-from')],
    },
  },
  'TG-ORCH-006': {
    on: 'agent',
    positive: { assets: [asset('agent', 'agent', { memoryEnabled: true, customerManagedKey: false })] },
    negative: { assets: [asset('agent', 'agent', { memoryEnabled: false, customerManagedKey: false })] },
    unknown: { assets: [asset('agent', 'agent', { memoryEnabled: UNKNOWN, customerManagedKey: false })] },
  },
  'TG-ORCH-007': {
    on: 'idx',
    positive: { assets: [asset('idx', 'vector-store', { internetReachable: true })] },
    negative: { assets: [asset('idx', 'vector-store', { internetReachable: false })] },
    unknown: { assets: [asset('idx', 'vector-store', { internetReachable: UNKNOWN })] },
  },
  'TG-ORCH-008': {
    on: 'agent',
    positive: {
      assets: [
        asset('agent', 'agent'),
        asset('tool', 'agent-tool'),
        asset('fn', 'function'),
        asset('kb', 'knowledge-base'),
        asset('docs', 'object-store'),
      ],
      flows: [
        flow('agent', 'tool', 'invoke'),
        flow('tool', 'fn', 'invoke'),
        flow('fn', 'docs', 'write'),
        flow('agent', 'kb', 'retrieve-from'),
        flow('kb', 'docs', 'retrieve-from'),
      ],
    },
    negative: {
      assets: [
        asset('agent', 'agent'),
        asset('tool', 'agent-tool'),
        asset('fn', 'function'),
        asset('kb', 'knowledge-base'),
        asset('docs', 'object-store'),
        asset('orders', 'database'),
      ],
      flows: [
        flow('agent', 'tool', 'invoke'),
        flow('tool', 'fn', 'invoke'),
        flow('fn', 'orders', 'write'),
        flow('agent', 'kb', 'retrieve-from'),
        flow('kb', 'docs', 'retrieve-from'),
      ],
    },
  },
  'TG-ORCH-009': {
    on: 'docs',
    positive: {
      assets: [asset('upload', 'function'), asset('kb', 'knowledge-base'), asset('docs', 'object-store')],
      flows: [flow('upload', 'docs', 'write'), flow('kb', 'docs', 'retrieve-from')],
    },
    negative: {
      assets: [asset('ingest', 'ml-pipeline'), asset('kb', 'knowledge-base'), asset('docs', 'object-store')],
      flows: [flow('ingest', 'docs', 'write'), flow('kb', 'docs', 'retrieve-from')],
    },
  },
  'TG-ORCH-010': {
    on: 'g',
    positive: {
      assets: [
        asset('g', 'guardrail', { groundingCheck: false }),
        asset('agent', 'agent'),
        asset('kb', 'knowledge-base'),
      ],
      flows: [flow('agent', 'kb', 'retrieve-from')],
    },
    negative: {
      assets: [asset('g', 'guardrail', { groundingCheck: false }), asset('agent', 'agent')],
    },
    unknown: {
      assets: [
        asset('g', 'guardrail', { groundingCheck: UNKNOWN }),
        asset('agent', 'agent'),
        asset('kb', 'knowledge-base'),
      ],
      flows: [flow('agent', 'kb', 'retrieve-from')],
    },
  },
  'TG-ORCH-011': {
    on: 'role',
    positive: {
      assets: [asset('a1', 'agent'), asset('a2', 'agent'), asset('role', 'identity')],
      flows: [flow('a1', 'role', 'assume-identity'), flow('a2', 'role', 'assume-identity')],
    },
    negative: {
      assets: [asset('a1', 'agent'), asset('a2', 'agent'), asset('r1', 'identity'), asset('r2', 'identity')],
      flows: [flow('a1', 'r1', 'assume-identity'), flow('a2', 'r2', 'assume-identity')],
    },
  },
  'TG-ORCH-012': {
    on: 'kb',
    positive: { assets: [asset('kb', 'knowledge-base', { customerManagedKey: false })] },
    negative: { assets: [asset('kb', 'knowledge-base', { customerManagedKey: true })] },
    unknown: { assets: [asset('kb', 'knowledge-base', { customerManagedKey: UNKNOWN })] },
  },
  'TG-ORCH-013': {
    on: 'agent',
    positive: { assets: [asset('agent', 'agent', { inputScreening: false })] },
    negative: { assets: [asset('agent', 'agent', { inputScreening: true })] },
    unknown: { assets: [asset('agent', 'agent', { inputScreening: UNKNOWN })] },
  },
  'TG-ORCH-015': {
    on: 'kb',
    positive: { assets: [asset('kb', 'knowledge-base', { deletionLifecycle: false })] },
    negative: { assets: [asset('kb', 'knowledge-base', { deletionLifecycle: true })] },
    unknown: { assets: [asset('kb', 'knowledge-base', { deletionLifecycle: UNKNOWN })] },
  },
  'TG-ORCH-017': {
    on: 'agent',
    positive: {
      assets: [gateway(), asset('agent', 'agent', { memoryEnabled: true })],
      flows: [flow('gw', 'agent', 'invoke', { authenticated: true })],
    },
    negative: {
      assets: [
        gateway(),
        asset('agent', 'agent', { memoryEnabled: false }),
        asset('internal', 'agent', { memoryEnabled: true }),
      ],
      flows: [flow('gw', 'agent', 'invoke', { authenticated: true })],
    },
    unknown: {
      assets: [gateway(), asset('agent', 'agent', { memoryEnabled: UNKNOWN })],
      flows: [flow('gw', 'agent', 'invoke')],
    },
  },
  'TG-ORCH-016': {
    on: 'code',
    positive: {
      assets: [asset('agent', 'agent'), asset('code', 'object-store'), asset('app', 'function')],
      flows: [flow('agent', 'code', 'load-code'), flow('app', 'code', 'write')],
    },
    negative: {
      assets: [asset('agent', 'agent'), asset('code', 'object-store'), asset('ci', 'ml-pipeline')],
      flows: [flow('agent', 'code', 'load-code'), flow('ci', 'code', 'write')],
    },
    unknown: {
      assets: [
        asset('agent', 'agent'),
        asset('tool', 'agent-tool'),
        asset('code', 'object-store', { crossAccountWrite: UNKNOWN, publicAccessBlocked: true }),
      ],
      flows: [flow('agent', 'tool', 'invoke'), flow('tool', 'code', 'load-code')],
    },
  },
  'TG-ORCH-014': {
    on: 'agent',
    positive: { assets: [asset('agent', 'agent', { guardrailDraft: true })] },
    negative: { assets: [asset('agent', 'agent', { guardrailDraft: false })] },
    unknown: { assets: [asset('agent', 'agent', { guardrailDraft: UNKNOWN })] },
  },
  'TG-STRIDE-001': {
    on: 'ep',
    positive: modelBehind(false),
    negative: modelBehind(true),
    unknown: {
      assets: [gateway({ requiresAuthentication: true }), asset('ep', 'inference-endpoint')],
      flows: [flow('gw', 'ep', 'invoke', { authenticated: UNKNOWN })],
    },
  },
  'TG-STRIDE-002': {
    on: 'db',
    positive: {
      assets: [asset('m', 'model'), asset('db', 'database', { customerManagedKey: false })],
      flows: [flow('m', 'db', 'write')],
    },
    negative: {
      assets: [asset('m', 'model'), asset('db', 'database', { customerManagedKey: true })],
      flows: [flow('m', 'db', 'write')],
    },
    unknown: {
      assets: [asset('m', 'model'), asset('db', 'database', { customerManagedKey: UNKNOWN })],
      flows: [flow('m', 'db', 'write')],
    },
  },
  'TG-STRIDE-003': {
    on: 'ep',
    positive: {
      assets: [
        gateway({ invocationLogging: false }),
        asset('ep', 'inference-endpoint', { invocationLogging: false }),
      ],
      flows: [flow('gw', 'ep', 'invoke', { authenticated: true })],
    },
    negative: {
      assets: [
        gateway({ invocationLogging: true }),
        asset('ep', 'inference-endpoint', { invocationLogging: false }),
      ],
      flows: [flow('gw', 'ep', 'invoke', { authenticated: true })],
    },
    unknown: {
      assets: [
        gateway({ invocationLogging: UNKNOWN }),
        asset('ep', 'inference-endpoint', { invocationLogging: false }),
      ],
      flows: [flow('gw', 'ep', 'invoke', { authenticated: true })],
    },
  },
  'TG-STRIDE-004': {
    on: 'fn',
    positive: {
      assets: [gateway(), asset('fn', 'function'), asset('role', 'identity', { adminPrivileges: true })],
      flows: [flow('gw', 'fn', 'invoke'), flow('fn', 'role', 'assume-identity')],
    },
    negative: {
      assets: [gateway(), asset('fn', 'function'), asset('role', 'identity', { adminPrivileges: false })],
      flows: [flow('gw', 'fn', 'invoke'), flow('fn', 'role', 'assume-identity')],
    },
    unknown: {
      assets: [gateway(), asset('fn', 'function'), asset('role', 'identity', { adminPrivileges: UNKNOWN })],
      flows: [flow('gw', 'fn', 'invoke'), flow('fn', 'role', 'assume-identity')],
    },
  },
  'TG-TRAIN-001': {
    on: 'pipe',
    positive: { assets: [asset('pipe', 'ml-pipeline', { networkIsolated: false })] },
    negative: { assets: [asset('pipe', 'ml-pipeline', { networkIsolated: true })] },
    unknown: { assets: [asset('pipe', 'ml-pipeline', { networkIsolated: UNKNOWN })] },
  },
};

const byId = new Map(BUILTIN_RULES.map((r) => [r.id, r]));

function threatsOf(rule: Rule, c: Case) {
  return run(c.assets, c.flows ?? [], [rule]).threats;
}

describe('every built-in rule has behaviour tests', () => {
  it('has a spec for every rule and no spec for a rule that does not exist', () => {
    expect(Object.keys(SPECS).sort()).toEqual(BUILTIN_RULES.map((r) => r.id).sort());
  });
});

describe.each(Object.entries(SPECS))('%s', (id, spec) => {
  const rule = byId.get(id) as Rule;

  it('reports a confirmed threat on the weak system', () => {
    const threats = threatsOf(rule, spec.positive);
    expect(threats.length).toBeGreaterThan(0);
    const threat = threats[0];
    expect(threat?.assets).toContain(spec.on);
    expect(threat?.confidence).toBe('confirmed');
    expect(threat?.message).not.toMatch(/\{\w+\}/);
    expect(threat?.evidence.length).toBeGreaterThan(0);
  });

  it('reports nothing when the weakness is absent', () => {
    expect(threatsOf(rule, spec.negative)).toEqual([]);
  });

  if (spec.unknown !== undefined) {
    const unknownCase = spec.unknown;
    it('reports only a possible threat when the deciding fact is unknown', () => {
      const threats = threatsOf(rule, unknownCase);
      expect(threats.map((t) => t.confidence)).toEqual(['possible']);
      expect(threats[0]?.unknowns.length).toBeGreaterThan(0);
      expect(threats[0]?.unknowns[0]?.reason).toBe('known only after apply');
    });
  }
});

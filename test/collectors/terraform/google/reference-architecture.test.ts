import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectPlanFile } from '../../../../collectors/terraform/index.js';
import { buildGraph } from '../../../../src/graph/build.js';
import type { Fact, Inventory } from '../../../../src/model/index.js';
import { assetOf, flowOf } from './plan-builder.js';

const DIR = 'fixtures/reference-architecture/gcp';
const GATEWAY = 'google_api_gateway_gateway.llm';
const IDP = 'google_identity_platform_config.auth';
const INFERENCE = 'google_cloud_run_v2_service.inference';
const INFERENCE_SA = 'google_service_account.inference';
const DATA_LAYER = 'google_storage_bucket.user_data';
const LOGS = 'google_logging_project_sink.inference';
const TRAINING_DATA = 'module.training_data.google_storage_bucket.this';
const DATASET = 'google_vertex_ai_dataset.conversations';
const PIPELINE = 'google_vertex_ai_persistent_resource.training';
const TRAINING_SA = 'google_service_account.training';
const MODELS = 'google_storage_bucket.models';
const NOTEBOOK = 'google_workbench_instance.research';

const baseline = collectPlanFile(`${DIR}/plan.json`);
const hardened = collectPlanFile(`${DIR}/hardened.json`);

function fact(inv: Inventory, id: string, name: string): Fact | undefined {
  return (assetOf(inv, id).facts as Record<string, Fact | undefined>)[name];
}

function stateValue(inv: Inventory, id: string, name: string): string {
  const f = fact(inv, id, name);
  return f === undefined ? 'absent' : f.state === 'unknown' ? 'unknown' : `${f.state} ${String(f.value)}`;
}

describe.each([
  ['baseline', baseline],
  ['hardened', hardened],
])('GCP reference architecture (%s): seed elements and flows', (_, inv) => {
  it('maps each element of the seed to its asset kind', () => {
    expect(assetOf(inv, GATEWAY).kind).toBe('api-gateway');
    expect(assetOf(inv, IDP).kind).toBe('identity-provider');
    expect(assetOf(inv, INFERENCE).kind).toBe('inference-endpoint');
    expect(assetOf(inv, DATA_LAYER).kind).toBe('object-store');
    expect(assetOf(inv, LOGS).kind).toBe('log-sink');
    expect(assetOf(inv, TRAINING_DATA).kind).toBe('object-store');
    expect(assetOf(inv, DATASET).kind).toBe('dataset');
    expect(assetOf(inv, PIPELINE).kind).toBe('ml-compute');
    expect(assetOf(inv, NOTEBOOK).kind).toBe('notebook');
    expect(assetOf(inv, INFERENCE_SA).kind).toBe('identity');
  });

  it('the gateway is reachable from the internet and requires authentication', () => {
    expect(stateValue(inv, GATEWAY, 'internetReachable')).toBe('explicit true');
    expect(stateValue(inv, GATEWAY, 'requiresAuthentication')).toBe('explicit true');
    expect(stateValue(inv, GATEWAY, 'authMethod')).toBe('explicit JWT');
  });

  it('the model server only accepts authenticated callers and stores stay private', () => {
    expect(stateValue(inv, INFERENCE, 'requiresAuthentication')).toBe('explicit true');
    expect(fact(inv, INFERENCE, 'requiresAuthentication')?.attribute).toBe(
      'google_cloud_run_v2_service_iam_member.gateway_invoker.member',
    );
    for (const store of [DATA_LAYER, TRAINING_DATA, MODELS]) {
      expect(fact(inv, store, 'internetReachable')).toBeUndefined();
      expect(stateValue(inv, store, 'anonymousRead')).toBe('default false');
      expect(stateValue(inv, store, 'anonymousWrite')).toBe('default false');
    }
  });

  it('a2: the gateway authenticates callers against Identity Platform (OpenAPI x-google-issuer)', () => {
    const f = flowOf(inv, 'authenticate', GATEWAY, IDP);
    expect(f?.evidence[0]?.attribute).toBe('openapi_documents[0].document[0].contents');
    expect(f?.evidence[0]?.note).toContain('https://securetoken.google.com/acme-ml-prod');
  });

  it('a3: the gateway invokes the model server for authenticated callers (x-google-backend)', () => {
    const f = flowOf(inv, 'invoke', GATEWAY, INFERENCE);
    expect(f?.evidence[0]?.attribute).toBe('openapi_documents[0].document[0].contents');
    expect(f?.authenticated).toMatchObject({ state: 'explicit', value: true });
  });

  it('a4: the model server runs as a service account that writes the data layer', () => {
    expect(flowOf(inv, 'assume-identity', INFERENCE, INFERENCE_SA)?.evidence[0]?.attribute).toBe(
      'template[0].service_account',
    );
    const write = flowOf(inv, 'write', INFERENCE_SA, DATA_LAYER);
    expect(write?.evidence[0]).toMatchObject({
      assetId: 'google_storage_bucket_iam_member.inference_writes_user_data',
      attribute: 'role',
      value: 'roles/storage.objectCreator',
    });
  });

  it('a5: the model server logs to the sink whose filter names it', () => {
    const f = flowOf(inv, 'log-to', INFERENCE, LOGS);
    expect(f?.evidence[0]?.attribute).toBe('filter');
  });

  it('b1: the training cluster identity reads the training data (through a module input)', () => {
    expect(flowOf(inv, 'assume-identity', PIPELINE, TRAINING_SA)?.evidence[0]?.attribute).toBe(
      'resource_runtime_spec[0].service_account_spec[0].service_account',
    );
    const read = flowOf(inv, 'read', TRAINING_SA, TRAINING_DATA);
    expect(read?.evidence[0]).toMatchObject({
      assetId: 'module.training_data.google_storage_bucket_iam_member.reader',
      attribute: 'role',
    });
    expect(read?.evidence[0]?.note).toContain('reference to google_service_account.training');
  });

  it('b2: the training cluster deploys the model the server loads (MODEL_URI in the model bucket it writes)', () => {
    const f = flowOf(inv, 'deploy', PIPELINE, INFERENCE);
    expect(f?.evidence.map((e) => e.attribute)).toEqual(['template[0].containers[0].env[0].value', 'role']);
    expect(f?.evidence[1]?.value).toBe('roles/storage.objectAdmin');
    expect(flowOf(inv, 'write', TRAINING_SA, MODELS)).toBeDefined();
    expect(flowOf(inv, 'read', INFERENCE, MODELS)).toBeDefined();
  });

  it('the graph puts each element in the zone of the seed', () => {
    const graph = buildGraph(inv);
    const zone = (id: string): string => graph.getNodeAttribute(id, 'zone').zone;
    expect({
      gateway: zone(GATEWAY),
      idp: zone(IDP),
      inference: zone(INFERENCE),
      dataLayer: zone(DATA_LAYER),
      logs: zone(LOGS),
      trainingData: zone(TRAINING_DATA),
      pipeline: zone(PIPELINE),
    }).toEqual({
      gateway: 'dmz',
      idp: 'dmz',
      inference: 'internal-interface',
      dataLayer: 'internal-protected',
      logs: 'internal-protected',
      trainingData: 'development',
      pipeline: 'development',
    });
  });

  it('the inference identity holds no grant on the training data', () => {
    expect(inv.flows.filter((f) => f.from === INFERENCE_SA && f.to === TRAINING_DATA)).toEqual([]);
  });
});

describe('GCP reference architecture: baseline weaknesses', () => {
  it('gateway without WAF, quota or routed request logs', () => {
    expect(stateValue(baseline, GATEWAY, 'throttling')).toBe('explicit false');
    expect(stateValue(baseline, GATEWAY, 'wafProtected')).toBe('default false');
    expect(stateValue(baseline, GATEWAY, 'invocationLogging')).toBe('default false');
  });

  it('no customer-managed keys, versioning, access logs or lifecycle on the training data', () => {
    for (const name of ['customerManagedKey', 'versioning', 'accessLogging', 'deletionLifecycle']) {
      expect(stateValue(baseline, TRAINING_DATA, name)).toBe('default false');
    }
    expect(stateValue(baseline, TRAINING_DATA, 'publicAccessBlocked')).toBe('explicit false');
    expect(stateValue(baseline, PIPELINE, 'customerManagedKey')).toBe('default false');
    expect(stateValue(baseline, PIPELINE, 'directInternetAccess')).toBe('default true');
  });

  it('notebook with an external IP, root and the default compute service account left unknown', () => {
    expect(stateValue(baseline, NOTEBOOK, 'directInternetAccess')).toBe('explicit true');
    expect(stateValue(baseline, NOTEBOOK, 'rootAccess')).toBe('default true');
    expect(stateValue(baseline, NOTEBOOK, 'customerManagedKey')).toBe('default false');
    // The provider computes the network and the service account: known only after apply.
    expect(fact(baseline, NOTEBOOK, 'privateNetwork')).toMatchObject({
      state: 'unknown',
      reason: 'known only after apply',
    });
  });

  it('no guardrail on the model server, log sink without CMK or retention', () => {
    expect(stateValue(baseline, INFERENCE, 'guardrailAttached')).toBe('default false');
    expect(stateValue(baseline, LOGS, 'customerManagedKey')).toBe('default false');
    expect(stateValue(baseline, LOGS, 'deletionLifecycle')).toBe('default false');
    expect(fact(baseline, LOGS, 'customerManagedKey')?.attribute).toBe(
      'google_storage_bucket.logs.encryption[0].default_kms_key_name',
    );
  });

  it('training identity with roles/editor on the project', () => {
    expect(stateValue(baseline, TRAINING_SA, 'adminPrivileges')).toBe('explicit true');
  });

  it('the log bucket writer (sink writer identity, unknown until apply) is not taken for an anonymous principal', () => {
    expect(stateValue(baseline, 'google_storage_bucket.logs', 'anonymousWrite')).toBe('default false');
  });
});

describe('GCP reference architecture: hardened controls', () => {
  it('gateway behind Cloud Armor, with quota and routed request logs', () => {
    expect(stateValue(hardened, GATEWAY, 'throttling')).toBe('explicit true');
    expect(stateValue(hardened, GATEWAY, 'wafProtected')).toBe('explicit true');
    expect(stateValue(hardened, GATEWAY, 'invocationLogging')).toBe('explicit true');
    expect(flowOf(hardened, 'log-to', GATEWAY, LOGS)?.evidence[0]?.attribute).toBe('filter');
  });

  it('CMK, versioning, access logs and lifecycle on the training data; the key id known only after apply still counts', () => {
    for (const name of [
      'customerManagedKey',
      'versioning',
      'accessLogging',
      'deletionLifecycle',
      'publicAccessBlocked',
    ]) {
      expect(stateValue(hardened, TRAINING_DATA, name)).toBe('explicit true');
    }
    expect(flowOf(hardened, 'encrypt-with', TRAINING_DATA, 'google_kms_crypto_key.data')).toBeDefined();
    expect(stateValue(hardened, 'google_kms_crypto_key.data', 'keyRotation')).toBe('explicit true');
  });

  it('notebook without external IP or root, on the VPC, with CMEK and its own service account', () => {
    expect(stateValue(hardened, NOTEBOOK, 'directInternetAccess')).toBe('explicit false');
    expect(stateValue(hardened, NOTEBOOK, 'rootAccess')).toBe('explicit false');
    expect(stateValue(hardened, NOTEBOOK, 'privateNetwork')).toBe('explicit true');
    expect(stateValue(hardened, NOTEBOOK, 'customerManagedKey')).toBe('explicit true');
    expect(flowOf(hardened, 'assume-identity', NOTEBOOK, 'google_service_account.notebook')).toBeDefined();
  });

  it('Model Armor screens prompt attacks and PII for the model server', () => {
    const guard = 'google_model_armor_template.llm';
    expect(assetOf(hardened, guard).kind).toBe('guardrail');
    expect(stateValue(hardened, guard, 'promptAttackFilter')).toBe('explicit true');
    expect(stateValue(hardened, guard, 'sensitiveDataFilter')).toBe('explicit true');
    expect(stateValue(hardened, INFERENCE, 'guardrailAttached')).toBe('explicit true');
    expect(flowOf(hardened, 'invoke', INFERENCE, guard)).toBeDefined();
  });

  it('logs in a locked log bucket with CMEK and retention; model server and training on the VPC', () => {
    expect(stateValue(hardened, LOGS, 'customerManagedKey')).toBe('explicit true');
    expect(stateValue(hardened, LOGS, 'deletionLifecycle')).toBe('explicit true');
    expect(stateValue(hardened, INFERENCE, 'privateNetwork')).toBe('explicit true');
    expect(stateValue(hardened, PIPELINE, 'privateNetwork')).toBe('explicit true');
    expect(stateValue(hardened, PIPELINE, 'directInternetAccess')).toBe('explicit false');
    expect(stateValue(hardened, TRAINING_SA, 'adminPrivileges')).toBe('default false');
  });

  it('roles/aiplatform.user lets the training identity read and write the Vertex dataset (not invoke or deploy it)', () => {
    expect(flowOf(hardened, 'read', TRAINING_SA, DATASET)?.evidence[0]?.note).toContain(
      'roles/aiplatform.user on the project',
    );
    expect(flowOf(hardened, 'write', TRAINING_SA, DATASET)).toBeDefined();
    expect(flowOf(hardened, 'deploy', TRAINING_SA, DATASET)).toBeUndefined();
  });
});

interface FixtureShape {
  format_version: string;
  terraform_version: string;
  planned_values: { root_module: { child_modules: { address: string }[] } };
  configuration: {
    root_module: {
      module_calls: { training_data: { expressions: { reader_email: { references: string[] } } } };
    };
  };
  resource_changes: { change: Record<string, unknown> }[];
  prior_state: { values: { root_module: { resources: unknown[] } } };
}

describe('GCP reference architecture fixtures', () => {
  it.each(['plan.json', 'hardened.json'])('%s has the structure of terraform show -json', (file) => {
    const doc = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as FixtureShape;
    expect(doc.format_version).toBe('1.2');
    expect(doc.terraform_version).toMatch(/^1\.9\./);
    expect(doc.planned_values.root_module.child_modules[0]?.address).toBe('module.training_data');
    expect(
      doc.configuration.root_module.module_calls.training_data.expressions.reader_email.references,
    ).toContain('google_service_account.training');
    const changes = doc.resource_changes;
    for (const rc of changes) {
      expect(Object.keys(rc.change).sort()).toEqual([
        'actions',
        'after',
        'after_sensitive',
        'after_unknown',
        'before',
        'before_sensitive',
      ]);
    }
    expect(doc.prior_state.values.root_module.resources.length).toBeGreaterThan(0);
  });

  it('the baseline maps every resource except containers it does not need', () => {
    const unsupported = baseline.notes.filter((n) => n.kind === 'unsupported-type').map((n) => n.message);
    expect(unsupported).toEqual(['1 resource of type google_kms_key_ring not modelled']);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';
import { INTERNET_ID } from '../../src/graph/derive.js';
import type { FlowKind, Stride, ZoneId } from '../../src/model/index.js';

/**
 * The seed's reference system (threat-modeling-an-ai-system.md), built on each cloud as a Terraform plan:
 * threatgraph must derive the seed's zones, its flows a1–a5 and b1–b2, STRIDE threats on its elements, and
 * fewer, less likely threats with the controls named for the hardened variant.
 */
interface Seed {
  readonly gateway: string;
  readonly auth: string;
  readonly inference: string;
  /** The asset that holds the inference identity (the hosted model), when it is not the inference asset. */
  readonly model: string;
  readonly dataLayer: string;
  readonly logs: string;
  readonly trainingData: string;
  readonly pipeline: string;
}

const CLOUDS: Record<string, Seed> = {
  aws: {
    gateway: 'aws_api_gateway_rest_api.llm',
    auth: 'aws_cognito_user_pool.users',
    inference: 'aws_sagemaker_endpoint.llm',
    model: 'aws_sagemaker_model.llm',
    dataLayer: 'aws_dynamodb_table.sessions',
    logs: 'aws_cloudwatch_log_group.endpoint',
    trainingData: 'module.data.aws_s3_bucket.training',
    pipeline: 'aws_sagemaker_pipeline.training',
  },
  azure: {
    gateway: 'azurerm_api_management.gw',
    auth: 'azurerm_api_management_openid_connect_provider.entra',
    inference: 'azurerm_cognitive_account.openai',
    model: 'azurerm_cognitive_account.openai',
    dataLayer: 'azurerm_storage_account.appdata',
    logs: 'azurerm_log_analytics_workspace.main',
    trainingData: 'module.training_data.azurerm_storage_account.this',
    pipeline: 'azurerm_machine_learning_compute_cluster.train',
  },
  gcp: {
    gateway: 'google_api_gateway_gateway.llm',
    auth: 'google_identity_platform_config.auth',
    inference: 'google_cloud_run_v2_service.inference',
    model: 'google_cloud_run_v2_service.inference',
    dataLayer: 'google_storage_bucket.user_data',
    logs: 'google_logging_project_sink.inference',
    trainingData: 'module.training_data.google_storage_bucket.this',
    pipeline: 'google_vertex_ai_persistent_resource.training',
  },
};

const FIXTURES = join(import.meta.dirname, '../../fixtures/reference-architecture');

function hasFlow(scan: ScanResult, from: string, to: string, kind: FlowKind): boolean {
  return scan.view.flowsFrom(from, [kind]).some((f) => f.to === to);
}

describe.each(Object.entries(CLOUDS))('%s reference architecture', (cloud, seed) => {
  const baseline = scanFilesSync([join(FIXTURES, cloud, 'plan.json')]);
  const hardened = scanFilesSync([join(FIXTURES, cloud, 'hardened.json')]);

  it.each([
    ['baseline', baseline],
    ['hardened', hardened],
  ] as const)('%s: every seed element is in the seed zone', (_v, scan) => {
    const zone = (id: string): ZoneId => scan.view.zone(id).zone;
    expect({
      user: zone(INTERNET_ID),
      gateway: zone(seed.gateway),
      auth: zone(seed.auth),
      inference: zone(seed.inference),
      dataLayer: zone(seed.dataLayer),
      logs: zone(seed.logs),
      trainingData: zone(seed.trainingData),
      pipeline: zone(seed.pipeline),
    }).toEqual({
      user: 'internet',
      gateway: 'dmz',
      auth: 'dmz',
      inference: 'internal-interface',
      dataLayer: 'internal-protected',
      logs: 'internal-protected',
      trainingData: 'development',
      pipeline: 'development',
    });
  });

  it.each([
    ['baseline', baseline],
    ['hardened', hardened],
  ] as const)('%s: derives flows a1–a5 and b1–b2', (_v, scan) => {
    const a1 = scan.view.flowsFrom(INTERNET_ID, ['invoke']).find((f) => f.to === seed.gateway);
    const a3 = scan.view.flowsFrom(seed.gateway, ['invoke']).find((f) => f.to === seed.inference);
    expect({
      a1: a1 !== undefined,
      a2: hasFlow(scan, seed.gateway, seed.auth, 'authenticate'),
      a3: a3 !== undefined,
      a3Authenticated: a3?.authenticated?.state !== 'unknown' && a3?.authenticated?.value === true,
      a4: hasFlow(scan, seed.model, seed.dataLayer, 'write'),
      a5: hasFlow(scan, seed.inference, seed.logs, 'log-to'),
      b1: hasFlow(scan, seed.pipeline, seed.trainingData, 'train-on'),
      b2: hasFlow(scan, seed.pipeline, seed.model, 'deploy'),
    }).toEqual({
      a1: true,
      a2: true,
      a3: true,
      a3Authenticated: true,
      a4: true,
      a5: true,
      b1: true,
      b2: true,
    });
  });

  it('baseline: STRIDE threats on every seed element that carries a weakness', () => {
    const strideOn = (id: string): Stride[] =>
      [...new Set(baseline.threats.filter((t) => t.assets.includes(id)).flatMap((t) => t.stride))].sort();
    const elements = {
      gateway: strideOn(seed.gateway),
      inference: [...new Set([...strideOn(seed.inference), ...strideOn(seed.model)])].sort(),
      dataLayer: strideOn(seed.dataLayer),
      logs: strideOn(seed.logs),
      trainingData: strideOn(seed.trainingData),
      pipeline: strideOn(seed.pipeline),
    };
    for (const [element, stride] of Object.entries(elements))
      expect(stride.length, element).toBeGreaterThan(0);
    // The categories the seed's security properties ask for all appear across the system.
    expect(new Set(baseline.threats.flatMap((t) => t.stride))).toEqual(
      new Set(['S', 'T', 'R', 'I', 'D', 'E']),
    );
  });

  it('hardened: fewer threats, none more likely, and the controls named', () => {
    expect(hardened.threats.length).toBeLessThan(baseline.threats.length);
    const before = new Map(baseline.threats.map((t) => [t.fingerprint, t]));
    for (const t of hardened.threats) {
      const b = before.get(t.fingerprint);
      if (b !== undefined) expect(t.likelihood, t.ruleId).toBeLessThanOrEqual(b.likelihood);
    }
    const gone = baseline.threats
      .filter((t) => !hardened.threats.some((h) => h.fingerprint === t.fingerprint))
      .map((t) => t.ruleId);
    expect(gone).toEqual(
      expect.arrayContaining(['TG-INF-002', 'TG-INF-003', 'TG-DEV-001', 'TG-DATA-004', 'TG-LOG-002']),
    );
  });

  it('names the controls that lowered likelihood in the baseline', () => {
    const withControls = baseline.threats.filter((t) => t.existingControls.length > 0);
    expect(withControls.length).toBeGreaterThan(0);
    for (const t of withControls) expect(t.likelihood).toBeLessThan(t.baseLikelihood);
    const throttling = baseline.threats.find((t) => t.ruleId === 'TG-INF-002');
    expect(throttling?.existingControls.map((c) => c.control)).toEqual(['authentication']);
  });
});

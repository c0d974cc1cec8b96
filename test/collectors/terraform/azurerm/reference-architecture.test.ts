import { describe, expect, it } from 'vitest';
import { collectPlanFile } from '../../../../collectors/terraform/index.js';
import type { Inventory } from '../../../../src/model/index.js';
import { assetOf, factOf, flowOf, show } from './plan-builder.js';

const DIR = 'fixtures/reference-architecture/azure';
const baseline = collectPlanFile(`${DIR}/plan.json`);
const hardened = collectPlanFile(`${DIR}/hardened.json`);

const GW = 'azurerm_api_management.gw';
const IDP = 'azurerm_api_management_openid_connect_provider.entra';
const OPENAI = 'azurerm_cognitive_account.openai';
const MODEL = 'azurerm_cognitive_deployment.gpt4o';
const DATA = 'azurerm_storage_account.appdata';
const LOGS = 'azurerm_log_analytics_workspace.main';
const TRAINING_DATA = 'module.training_data.azurerm_storage_account.this';
const PIPELINE = 'azurerm_machine_learning_compute_cluster.train';
const TRAINING_ID = 'azurerm_user_assigned_identity.training';
const NOTEBOOK = 'azurerm_machine_learning_compute_instance.dev';

function evidenceAttributes(
  inv: Inventory,
  kind: Parameters<typeof flowOf>[1],
  from: string,
  to: string,
): string[] {
  const flow = flowOf(inv, kind, from, to);
  expect(flow, `${kind}:${from}->${to}`).toBeDefined();
  return flow?.evidence.map((e) => e.attribute) ?? [];
}

describe.each([
  ['baseline', baseline],
  ['hardened', hardened],
])('Azure reference architecture (%s)', (_, inv) => {
  it('maps the seed elements to their asset kinds', () => {
    expect(assetOf(inv, GW).kind).toBe('api-gateway');
    expect(assetOf(inv, IDP).kind).toBe('identity-provider');
    expect(assetOf(inv, OPENAI).kind).toBe('foundation-model-service');
    expect(assetOf(inv, MODEL).kind).toBe('model');
    expect(assetOf(inv, DATA).kind).toBe('object-store');
    expect(assetOf(inv, LOGS).kind).toBe('log-sink');
    expect(assetOf(inv, TRAINING_DATA).kind).toBe('object-store');
    expect(assetOf(inv, PIPELINE).kind).toBe('ml-compute');
    expect(assetOf(inv, TRAINING_ID).kind).toBe('identity');
    expect(assetOf(inv, NOTEBOOK).kind).toBe('notebook');
  });

  it('keeps the gateway public and authenticated, the model private and the stores private', () => {
    expect(show(factOf(inv, GW, 'internetReachable'))).toBe('explicit:true');
    expect(show(factOf(inv, GW, 'requiresAuthentication'))).toBe('explicit:true');
    expect(show(factOf(inv, GW, 'authMethod'))).toBe('explicit:JWT');
    expect(show(factOf(inv, OPENAI, 'internetReachable'))).toBe('explicit:false');
    expect(show(factOf(inv, OPENAI, 'privateNetwork'))).toBe('explicit:true');
    expect(show(factOf(inv, DATA, 'internetReachable'))).toBe('explicit:false');
    expect(show(factOf(inv, TRAINING_DATA, 'internetReachable'))).toBe('explicit:false');
    expect(show(factOf(inv, DATA, 'anonymousRead'))).toBe('explicit:false');
  });

  it('derives a2: gateway authenticates with the Entra ID OpenID Connect provider', () => {
    expect(evidenceAttributes(inv, 'authenticate', GW, IDP)).toContain(
      'openid_authentication[0].openid_provider_name',
    );
  });

  it('derives a3: gateway invokes the OpenAI account (authenticated), which serves the deployment', () => {
    const flow = flowOf(inv, 'invoke', GW, OPENAI);
    expect(flow?.evidence.map((e) => e.attribute)).toContain('service_url');
    expect(show(flow?.authenticated)).toBe('explicit:true');
    expect(evidenceAttributes(inv, 'invoke', OPENAI, MODEL)).toEqual(['cognitive_account_id']);
  });

  it('derives a4: the account identity writes the data layer', () => {
    expect(evidenceAttributes(inv, 'write', OPENAI, DATA)).toEqual(['role_definition_name']);
    expect(flowOf(inv, 'write', OPENAI, DATA)?.evidence[0]?.value).toBe('Storage Blob Data Contributor');
  });

  it('derives a5: the account logs to Log Analytics', () => {
    expect(evidenceAttributes(inv, 'log-to', OPENAI, LOGS)).toEqual(['log_analytics_workspace_id']);
  });

  it('derives b1: the pipeline identity reads the training data (grant made in the module through var.reader_principal_id)', () => {
    expect(evidenceAttributes(inv, 'assume-identity', PIPELINE, TRAINING_ID)).toEqual([
      'identity[0].identity_ids',
    ]);
    const read = flowOf(inv, 'read', TRAINING_ID, TRAINING_DATA);
    expect(read?.evidence.map((e) => e.attribute)).toEqual(['role_definition_name']);
    expect(read?.evidence[0]?.assetId).toBe('module.training_data.azurerm_role_assignment.reader');
  });

  it('derives b2: the pipeline identity can deploy to the account and its model deployment', () => {
    expect(evidenceAttributes(inv, 'deploy', TRAINING_ID, OPENAI)).toEqual(['role_definition_name']);
    expect(evidenceAttributes(inv, 'deploy', TRAINING_ID, MODEL)).toEqual(['role_definition_name']);
  });
});

describe('Azure reference architecture: baseline weaknesses', () => {
  it('has no WAF, throttling or gateway logging', () => {
    expect(show(factOf(baseline, GW, 'wafProtected'))).toBe('default:false');
    expect(show(factOf(baseline, GW, 'throttling'))).toBe('explicit:false');
    expect(show(factOf(baseline, GW, 'invocationLogging'))).toBe('default:false');
  });

  it('relies on the built-in default content filter, auto-upgrades the model and processes globally', () => {
    // No rai_policy_name: Microsoft.DefaultV2 screens harm categories and jailbreaks, not indirect attacks or PII.
    expect(show(factOf(baseline, MODEL, 'guardrailAttached'))).toBe('default:true');
    expect(show(factOf(baseline, OPENAI, 'guardrailAttached'))).toBe('default:true');
    expect(show(factOf(baseline, MODEL, 'promptAttackFilter'))).toBe('default:true');
    expect(factOf(baseline, MODEL, 'promptAttackFilter')?.attribute).toContain(
      'indirect attacks not screened',
    );
    expect(show(factOf(baseline, MODEL, 'sensitiveDataFilter'))).toBe('default:false');
    expect(show(factOf(baseline, MODEL, 'harmfulContentFilter'))).toBe('default:true');
    expect(show(factOf(baseline, MODEL, 'autoModelUpgrade'))).toBe('explicit:true');
    expect(show(factOf(baseline, MODEL, 'crossRegionProcessing'))).toBe('explicit:true');
    expect(show(factOf(baseline, OPENAI, 'keyAuthEnabled'))).toBe('explicit:true');
    expect(show(factOf(baseline, OPENAI, 'invocationLogging'))).toBe('explicit:false');
  });

  it('has no CMK, versioning, lifecycle or access logging on the training data', () => {
    expect(show(factOf(baseline, TRAINING_DATA, 'customerManagedKey'))).toBe('default:false');
    expect(show(factOf(baseline, TRAINING_DATA, 'versioning'))).toBe('explicit:false');
    expect(show(factOf(baseline, TRAINING_DATA, 'deletionLifecycle'))).toBe('default:false');
    expect(show(factOf(baseline, TRAINING_DATA, 'accessLogging'))).toBe('default:false');
    expect(show(factOf(baseline, TRAINING_DATA, 'keyAuthEnabled'))).toBe('explicit:true');
  });

  it('gives the notebook a public IP and SSH; the datastore keeps an account key', () => {
    expect(show(factOf(baseline, NOTEBOOK, 'directInternetAccess'))).toBe('explicit:true');
    expect(show(factOf(baseline, NOTEBOOK, 'shellAccess'))).toBe('explicit:true');
    expect(show(factOf(baseline, NOTEBOOK, 'rootAccess'))).toBe('default:true');
    expect(show(factOf(baseline, 'azurerm_machine_learning_workspace.main', 'plaintextSecrets'))).toBe(
      'explicit:true',
    );
  });

  it('leaves the log retention unknown (computed) and the logs without CMK', () => {
    const retention = factOf(baseline, LOGS, 'deletionLifecycle');
    expect(retention).toEqual({
      state: 'unknown',
      attribute: 'retention_in_days',
      reason: 'known only after apply',
    });
    expect(show(factOf(baseline, LOGS, 'customerManagedKey'))).toBe('default:false');
  });
});

describe('Azure reference architecture: hardened controls', () => {
  it('puts a WAF, throttling and gateway logging in front of the model', () => {
    expect(show(factOf(hardened, GW, 'wafProtected'))).toBe('explicit:true');
    expect(show(factOf(hardened, GW, 'throttling'))).toBe('explicit:true');
    expect(show(factOf(hardened, GW, 'invocationLogging'))).toBe('explicit:true');
    expect(flowOf(hardened, 'invoke', 'azurerm_application_gateway.edge', GW)).toBeDefined();
  });

  it('attaches a blocking content filter with prompt-attack and PII filters', () => {
    const policy = 'azurerm_cognitive_account_rai_policy.strict';
    expect(assetOf(hardened, policy).kind).toBe('guardrail');
    expect(show(factOf(hardened, policy, 'promptAttackFilter'))).toBe('explicit:true');
    expect(show(factOf(hardened, policy, 'sensitiveDataFilter'))).toBe('explicit:true');
    expect(show(factOf(hardened, MODEL, 'guardrailAttached'))).toBe('explicit:true');
    expect(show(factOf(hardened, MODEL, 'promptAttackFilter'))).toBe('explicit:true');
    expect(show(factOf(hardened, MODEL, 'autoModelUpgrade'))).toBe('explicit:false');
    expect(show(factOf(hardened, MODEL, 'crossRegionProcessing'))).toBe('explicit:false');
  });

  it('encrypts with customer-managed keys and logs invocations', () => {
    for (const id of [OPENAI, DATA, TRAINING_DATA, LOGS]) {
      expect(show(factOf(hardened, id, 'customerManagedKey')), id).toBe('explicit:true');
      expect(flowOf(hardened, 'encrypt-with', id, 'azurerm_key_vault_key.cmk'), id).toBeDefined();
    }
    expect(show(factOf(hardened, OPENAI, 'invocationLogging'))).toBe('explicit:true');
    expect(show(factOf(hardened, OPENAI, 'keyAuthEnabled'))).toBe('explicit:false');
    expect(show(factOf(hardened, OPENAI, 'networkIsolated'))).toBe('explicit:true');
    expect(show(factOf(hardened, LOGS, 'deletionLifecycle'))).toBe('explicit:true');
  });

  it('versions, expires and access-logs the training data (module resources linked through module inputs)', () => {
    expect(show(factOf(hardened, TRAINING_DATA, 'versioning'))).toBe('explicit:true');
    expect(show(factOf(hardened, TRAINING_DATA, 'deletionLifecycle'))).toBe('explicit:true');
    expect(show(factOf(hardened, TRAINING_DATA, 'accessLogging'))).toBe('explicit:true');
    expect(show(factOf(hardened, TRAINING_DATA, 'keyAuthEnabled'))).toBe('explicit:false');
    expect(flowOf(hardened, 'log-to', TRAINING_DATA, LOGS)).toBeDefined();
  });

  it('takes the notebook and the cluster off the internet', () => {
    expect(show(factOf(hardened, NOTEBOOK, 'directInternetAccess'))).toBe('explicit:false');
    expect(show(factOf(hardened, NOTEBOOK, 'shellAccess'))).toBe('default:false');
    expect(show(factOf(hardened, NOTEBOOK, 'privateNetwork'))).toBe('explicit:true');
    expect(show(factOf(hardened, PIPELINE, 'directInternetAccess'))).toBe('explicit:false');
    expect(show(factOf(hardened, PIPELINE, 'networkIsolated'))).toBe('explicit:true');
  });
});

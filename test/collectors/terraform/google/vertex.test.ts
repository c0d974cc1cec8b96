import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../collectors/terraform/types.js';
import { assetOf, constant, flowOf, inventoryOf, ref, type TestResource } from './plan-builder.js';

const endpoint = (values: Record<string, unknown> = {}) => ({
  type: 'google_vertex_ai_endpoint',
  name: 'e',
  values: { name: '1234', display_name: 'chat', location: 'europe-west4', ...values } as never,
});

describe('google_vertex_ai_endpoint (+ IAM)', () => {
  it('without network or PSC it is a public endpoint that still requires IAM', () => {
    const f = assetOf(inventoryOf([endpoint()]), 'google_vertex_ai_endpoint.e').facts;
    expect(f.internetReachable).toMatchObject({ state: 'explicit', value: true });
    expect(f.requiresAuthentication).toMatchObject({ state: 'explicit', value: true });
    expect(f.invocationLogging).toMatchObject({ state: 'default', value: false });
    expect(f.customerManagedKey).toMatchObject({ state: 'default', value: false });
  });

  it('on a VPC or behind PSC it is not internet reachable; request-response logging to BigQuery', () => {
    const inv = inventoryOf([
      endpoint({
        network: 'projects/1/global/networks/vpc',
        predict_request_response_logging_config: [
          {
            enabled: true,
            sampling_rate: 1,
            bigquery_destination: [{ output_uri: 'bq://p.llm_logs.requests' }],
          },
        ],
      }),
      { type: 'google_bigquery_dataset', name: 'logs', values: { dataset_id: 'llm_logs' } },
      {
        type: 'google_vertex_ai_endpoint',
        name: 'psc',
        values: {
          name: '99',
          private_service_connect_config: [
            { enable_private_service_connect: true, project_allowlist: ['p'] },
          ],
        },
      },
    ]);
    const f = assetOf(inv, 'google_vertex_ai_endpoint.e').facts;
    expect(f.internetReachable).toMatchObject({ state: 'explicit', value: false });
    expect(f.invocationLogging).toMatchObject({ state: 'explicit', value: true });
    expect(flowOf(inv, 'write', 'google_vertex_ai_endpoint.e', 'google_bigquery_dataset.logs')).toBeDefined();
    expect(assetOf(inv, 'google_vertex_ai_endpoint.psc').facts.internetReachable).toMatchObject({
      state: 'explicit',
      value: false,
    });
  });

  it('network known only after apply: reachability unknown', () => {
    const inv = inventoryOf([{ ...endpoint(), unknown: { network: true } }]);
    expect(assetOf(inv, 'google_vertex_ai_endpoint.e').facts.internetReachable).toMatchObject({
      state: 'unknown',
    });
  });

  it('roles/aiplatform.user to allUsers removes authentication', () => {
    const inv = inventoryOf([
      endpoint(),
      {
        type: 'google_vertex_ai_endpoint_iam_member',
        name: 'public',
        values: { endpoint: '1234', role: 'roles/aiplatform.user', member: 'allUsers' },
        expressions: { endpoint: ref('google_vertex_ai_endpoint.e.name') },
      },
    ]);
    expect(assetOf(inv, 'google_vertex_ai_endpoint.e').facts.requiresAuthentication).toMatchObject({
      state: 'explicit',
      value: false,
    });
  });
});

describe('google_vertex_ai_index_endpoint, index, deployed index', () => {
  it('public_endpoint_enabled makes the vector store internet reachable; default not', () => {
    const inv = inventoryOf([
      {
        type: 'google_vertex_ai_index_endpoint',
        name: 'pub',
        values: { display_name: 'pub', public_endpoint_enabled: true },
      },
      {
        type: 'google_vertex_ai_index_endpoint',
        name: 'priv',
        values: { display_name: 'priv', network: 'projects/1/global/networks/vpc' },
      },
    ]);
    expect(assetOf(inv, 'google_vertex_ai_index_endpoint.pub').facts.internetReachable).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_vertex_ai_index_endpoint.priv').facts.internetReachable).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('the index reads embeddings from GCS and the endpoint serves the deployed index', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'emb', values: { name: 'embeddings' } },
      {
        type: 'google_vertex_ai_index',
        name: 'i',
        values: { display_name: 'docs', metadata: [{ contents_delta_uri: 'gs://embeddings/v1' }] },
        unknown: { id: true },
      },
      {
        type: 'google_vertex_ai_index_endpoint',
        name: 'ie',
        values: { display_name: 'ie' },
        unknown: { id: true },
      },
      {
        type: 'google_vertex_ai_index_endpoint_deployed_index',
        name: 'd',
        values: { deployed_index_id: 'docs_v1' },
        unknown: { index: true, index_endpoint: true },
        expressions: {
          index: ref('google_vertex_ai_index.i.id'),
          index_endpoint: ref('google_vertex_ai_index_endpoint.ie.id'),
        },
      },
    ]);
    expect(assetOf(inv, 'google_vertex_ai_index.i').kind).toBe('vector-store');
    expect(
      flowOf(inv, 'retrieve-from', 'google_vertex_ai_index.i', 'google_storage_bucket.emb'),
    ).toBeDefined();
    expect(
      flowOf(inv, 'retrieve-from', 'google_vertex_ai_index_endpoint.ie', 'google_vertex_ai_index.i'),
    ).toBeDefined();
  });
});

describe('google_vertex_ai_persistent_resource, dataset, featurestores', () => {
  it('a training cluster without VPC has outbound internet; with a custom service account it assumes it', () => {
    const inv = inventoryOf([
      { type: 'google_service_account', name: 't', values: { account_id: 't' }, unknown: { email: true } },
      {
        type: 'google_vertex_ai_persistent_resource',
        name: 'c',
        values: {
          name: 'c',
          resource_runtime_spec: [{ service_account_spec: [{ enable_custom_service_account: true }] }],
        },
        unknown: { resource_runtime_spec: [{ service_account_spec: [{ service_account: true }] }] },
        expressions: {
          resource_runtime_spec: [
            { service_account_spec: [{ service_account: ref('google_service_account.t.email') }] },
          ],
        },
      },
    ]);
    const f = assetOf(inv, 'google_vertex_ai_persistent_resource.c');
    expect(f.kind).toBe('ml-compute');
    expect(f.facts.directInternetAccess).toMatchObject({ state: 'default', value: true });
    expect(f.facts.privateNetwork).toMatchObject({ state: 'default', value: false });
    expect(
      flowOf(inv, 'assume-identity', 'google_vertex_ai_persistent_resource.c', 'google_service_account.t'),
    ).toBeDefined();
  });

  it('without a custom service account no identity is invented, a note says why', () => {
    const inv = inventoryOf([
      {
        type: 'google_vertex_ai_persistent_resource',
        name: 'c',
        values: { name: 'c', network: 'projects/1/global/networks/v' },
      },
    ]);
    expect(inv.flows).toEqual([]);
    expect(assetOf(inv, 'google_vertex_ai_persistent_resource.c').facts.privateNetwork).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(inv.notes.some((n) => n.message.includes('Custom Code Service Agent'))).toBe(true);
  });

  it('datasets and feature stores carry CMK facts; a dedicated feature serving endpoint without PSC is public', () => {
    const inv = inventoryOf([
      {
        type: 'google_vertex_ai_dataset',
        name: 'd',
        values: {
          display_name: 'd',
          encryption_spec: [{ kms_key_name: 'projects/p/locations/l/keyRings/r/cryptoKeys/k' }],
        },
      },
      { type: 'google_vertex_ai_featurestore', name: 'fs', values: { name: 'fs' } },
      {
        type: 'google_vertex_ai_feature_online_store',
        name: 'os',
        values: { name: 'os', optimized: [{}], dedicated_serving_endpoint: [{}] },
      },
    ]);
    expect(assetOf(inv, 'google_vertex_ai_dataset.d').facts.customerManagedKey).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_vertex_ai_featurestore.fs').facts.customerManagedKey).toMatchObject({
      state: 'default',
      value: false,
    });
    expect(assetOf(inv, 'google_vertex_ai_feature_online_store.os').facts.internetReachable).toMatchObject({
      state: 'default',
      value: true,
    });
  });
});

describe('google_vertex_ai_reasoning_engine and google_model_armor_template', () => {
  it('an agent with a secret in its environment and memory', () => {
    const inv = inventoryOf([
      {
        type: 'google_vertex_ai_reasoning_engine',
        name: 'a',
        values: {
          display_name: 'support-agent',
          spec: [
            {
              deployment_spec: [
                {
                  env: [
                    { name: 'OPENAI_API_KEY', value: 'sk-test' },
                    { name: 'REGION', value: 'eu' },
                  ],
                },
              ],
            },
          ],
          context_spec: [{ memory_bank_config: [{}] }],
        },
      },
    ]);
    const f = assetOf(inv, 'google_vertex_ai_reasoning_engine.a');
    expect(f.kind).toBe('agent');
    expect(f.facts.plaintextSecrets).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'spec[0].deployment_spec[0].env.OPENAI_API_KEY',
    });
    expect(f.facts.memoryEnabled).toMatchObject({ state: 'explicit', value: true });
  });

  it('an agent retrieves from the index endpoint its environment references, not from literal ids', () => {
    const inv = inventoryOf([
      {
        type: 'google_vertex_ai_index_endpoint',
        name: 'ie',
        values: { display_name: 'ie' },
        unknown: { id: true },
      },
      {
        type: 'google_vertex_ai_reasoning_engine',
        name: 'a',
        values: {
          display_name: 'support-agent',
          spec: [
            {
              deployment_spec: [
                {
                  env: [{ name: 'REGION', value: 'eu' }, { name: 'INDEX_ENDPOINT' }],
                },
              ],
            },
          ],
        },
        unknown: { spec: [{ deployment_spec: [{ env: [{}, { value: true }] }] }] },
        expressions: {
          spec: [
            {
              deployment_spec: [
                {
                  env: [
                    { name: constant('REGION'), value: constant('eu') },
                    {
                      name: constant('INDEX_ENDPOINT'),
                      value: ref('google_vertex_ai_index_endpoint.ie.id'),
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
      {
        type: 'google_vertex_ai_reasoning_engine',
        name: 'b',
        values: {
          display_name: 'other-agent',
          spec: [
            {
              deployment_spec: [
                { env: [{ name: 'INDEX_ENDPOINT', value: 'projects/1/locations/eu/indexEndpoints/2' }] },
              ],
            },
          ],
        },
      },
    ]);
    const flow = flowOf(
      inv,
      'retrieve-from',
      'google_vertex_ai_reasoning_engine.a',
      'google_vertex_ai_index_endpoint.ie',
    );
    expect(flow?.evidence[0]?.attribute).toBe('spec[0].deployment_spec[0].env[1].value');
    expect(
      flowOf(
        inv,
        'retrieve-from',
        'google_vertex_ai_reasoning_engine.b',
        'google_vertex_ai_index_endpoint.ie',
      ),
    ).toBeUndefined();
  });

  it('an agent calling an auto-updated Gemini alias upgrades automatically; a stable version does not', () => {
    const agent = (name: string, env: JsonObject[], unknownEnv?: JsonObject[]): TestResource => ({
      type: 'google_vertex_ai_reasoning_engine',
      name,
      values: { display_name: name, spec: [{ deployment_spec: [{ env }] }] },
      ...(unknownEnv === undefined
        ? {}
        : { unknown: { spec: [{ deployment_spec: [{ env: unknownEnv }] }] } }),
    });
    const inv = inventoryOf([
      agent('latest', [{ name: 'GEMINI_MODEL', value: 'gemini-flash-latest' }]),
      agent('alias', [{ name: 'MODEL', value: 'publishers/google/models/gemini-2.0-flash' }]),
      agent('pinned', [{ name: 'MODEL_ID', value: 'gemini-2.0-flash-001' }]),
      agent('stable', [{ name: 'LLM_MODEL', value: 'gemini-2.5-flash' }]),
      agent('later', [{ name: 'GEMINI_MODEL' }], [{ value: true }]),
      agent('none', [
        { name: 'MODEL_ARMOR_TEMPLATE', value: 'projects/p/locations/l/templates/t' },
        { name: 'MODEL', value: 'gs://models/llm' },
      ]),
    ]);
    const upgrade = (name: string) =>
      assetOf(inv, `google_vertex_ai_reasoning_engine.${name}`).facts.autoModelUpgrade;
    expect(upgrade('latest')).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'spec[0].deployment_spec[0].env[0].value',
    });
    expect(upgrade('alias')).toMatchObject({ state: 'explicit', value: true });
    expect(upgrade('pinned')).toMatchObject({ state: 'explicit', value: false });
    expect(upgrade('stable')).toMatchObject({ state: 'explicit', value: false });
    expect(upgrade('later')).toMatchObject({ state: 'unknown' });
    expect(upgrade('none')).toBeUndefined();
  });

  it('an agent without secrets or memory', () => {
    const f = assetOf(
      inventoryOf([
        {
          type: 'google_vertex_ai_reasoning_engine',
          name: 'a',
          values: {
            display_name: 'x',
            spec: [{ deployment_spec: [{ env: [{ name: 'REGION', value: 'eu' }] }] }],
          },
        },
      ]),
      'google_vertex_ai_reasoning_engine.a',
    ).facts;
    expect(f.plaintextSecrets).toMatchObject({ state: 'explicit', value: false });
    expect(f.memoryEnabled).toMatchObject({ state: 'default', value: false });
  });

  it('Model Armor filters count only when ENABLED', () => {
    const inv = inventoryOf([
      {
        type: 'google_model_armor_template',
        name: 'on',
        values: {
          template_id: 'on',
          filter_config: [
            {
              pi_and_jailbreak_filter_settings: [{ filter_enforcement: 'ENABLED' }],
              sdp_settings: [
                { advanced_config: [{ inspect_template: 'projects/p/locations/l/inspectTemplates/t' }] },
              ],
            },
          ],
        },
      },
      {
        type: 'google_model_armor_template',
        name: 'off',
        values: {
          template_id: 'off',
          filter_config: [{ pi_and_jailbreak_filter_settings: [{ filter_enforcement: 'DISABLED' }] }],
        },
      },
    ]);
    expect(assetOf(inv, 'google_model_armor_template.on').facts).toMatchObject({
      promptAttackFilter: { state: 'explicit', value: true },
      sensitiveDataFilter: { state: 'explicit', value: true },
    });
    expect(assetOf(inv, 'google_model_armor_template.off').facts).toMatchObject({
      promptAttackFilter: { state: 'explicit', value: false },
      sensitiveDataFilter: { state: 'default', value: false },
    });
  });

  it('Model Armor filters harmful content only with a Responsible AI filter of every harm type', () => {
    const template = (name: string, rai_settings: unknown[], unknown?: JsonObject): TestResource => ({
      type: 'google_model_armor_template',
      name,
      values: { template_id: name, filter_config: [{ rai_settings }] } as never,
      ...(unknown === undefined ? {} : { unknown }),
    });
    const rai = (...types: string[]) => [
      { rai_filters: types.map((filter_type) => ({ filter_type, confidence_level: 'MEDIUM_AND_ABOVE' })) },
    ];
    const inv = inventoryOf([
      template('all', rai('DANGEROUS', 'HARASSMENT', 'HATE_SPEECH', 'SEXUALLY_EXPLICIT')),
      template('some', rai('DANGEROUS', 'HARASSMENT')),
      template('none', []),
      template('later', rai('DANGEROUS'), {
        filter_config: [{ rai_settings: [{ rai_filters: [{ filter_type: true }] }] }],
      }),
    ]);
    const harmful = (name: string) =>
      assetOf(inv, `google_model_armor_template.${name}`).facts.harmfulContentFilter;
    expect(harmful('all')).toMatchObject({ state: 'explicit', value: true });
    expect(harmful('some')).toMatchObject({ state: 'explicit', value: false });
    expect(harmful('some')?.attribute).toContain('HATE_SPEECH, SEXUALLY_EXPLICIT');
    expect(harmful('none')).toMatchObject({ state: 'default', value: false });
    expect(harmful('later')).toMatchObject({ state: 'unknown' });
  });
});

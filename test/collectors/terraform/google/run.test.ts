import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf, ref } from './plan-builder.js';

const service = (name: string, values: Record<string, unknown> = {}) => ({
  type: 'google_cloud_run_v2_service',
  name,
  values: {
    name,
    location: 'europe-west4',
    template: [{ containers: [{ image: 'gcr.io/p/web:1' }] }],
    ...values,
  } as never,
});

describe('google_cloud_run_v2_service (+ IAM)', () => {
  it('a plain service is a function; ingress defaults to all; IAM required by default', () => {
    const inv = inventoryOf([service('web')]);
    const a = assetOf(inv, 'google_cloud_run_v2_service.web');
    expect(a.kind).toBe('function');
    expect(a.facts.internetReachable).toMatchObject({ state: 'default', value: true });
    expect(a.facts.requiresAuthentication).toMatchObject({ state: 'default', value: true });
    expect(a.facts.guardrailAttached).toBeUndefined();
    expect(
      flowOf(
        inv,
        'assume-identity',
        'google_cloud_run_v2_service.web',
        'google_cloud_run_v2_service.web#default-compute-service-account',
      ),
    ).toBeDefined();
  });

  it('invoker IAM disabled: no authentication, whatever the grants', () => {
    const inv = inventoryOf([service('web', { invoker_iam_disabled: true })]);
    expect(assetOf(inv, 'google_cloud_run_v2_service.web').facts.requiresAuthentication).toEqual({
      state: 'explicit',
      value: false,
      attribute: 'invoker_iam_disabled',
    });
  });

  it('a model mounted from a Cloud Storage volume is read from its bucket', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'weights', values: { name: 'acme-weights' } },
      service('llm', {
        template: [
          {
            containers: [{ image: 'vllm/vllm-openai:latest' }],
            volumes: [{ name: 'weights', gcs: [{ bucket: 'acme-weights', read_only: true }] }],
          },
        ],
      }),
    ]);
    expect(
      flowOf(inv, 'read', 'google_cloud_run_v2_service.llm', 'google_storage_bucket.weights'),
    ).toBeDefined();
  });

  it('internal ingress is not internet reachable', () => {
    const inv = inventoryOf([service('web', { ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY' })]);
    expect(assetOf(inv, 'google_cloud_run_v2_service.web').facts.internetReachable).toMatchObject({
      state: 'explicit',
      value: false,
    });
  });

  it('run.invoker to allUsers: no authentication', () => {
    const inv = inventoryOf([
      service('web'),
      {
        type: 'google_cloud_run_v2_service_iam_member',
        name: 'public',
        values: { name: 'web', role: 'roles/run.invoker', member: 'allUsers' },
        expressions: { name: ref('google_cloud_run_v2_service.web.name') },
      },
    ]);
    expect(assetOf(inv, 'google_cloud_run_v2_service.web').facts.requiresAuthentication).toMatchObject({
      state: 'explicit',
      value: false,
    });
  });

  it('a GPU vLLM service is an inference endpoint; it reads its model and literal secrets in env are flagged', () => {
    const inv = inventoryOf([
      { type: 'google_storage_bucket', name: 'models', values: { name: 'models' } },
      service('llm', {
        template: [
          {
            node_selector: [{ accelerator: 'nvidia-l4' }],
            containers: [
              {
                image: 'vllm/vllm-openai:latest',
                env: [
                  { name: 'MODEL_URI', value: 'gs://models/llm' },
                  { name: 'HF_TOKEN', value: 'hf_abc' },
                ],
              },
            ],
          },
        ],
      }),
    ]);
    const a = assetOf(inv, 'google_cloud_run_v2_service.llm');
    expect(a.kind).toBe('inference-endpoint');
    expect(a.facts.guardrailAttached).toMatchObject({ state: 'default', value: false });
    expect(a.facts.plaintextSecrets).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'template[0].containers[0].env.HF_TOKEN',
    });
    expect(
      flowOf(inv, 'read', 'google_cloud_run_v2_service.llm', 'google_storage_bucket.models')?.evidence[0]
        ?.attribute,
    ).toBe('template[0].containers[0].env[0].value');
    // No training workload writes the bucket: no deploy flow.
    expect(inv.flows.filter((f) => f.kind === 'deploy')).toEqual([]);
  });

  it('reads every container: a literal secret in a sidecar counts, an unknown one in a sidecar leaves it open', () => {
    const containers = (sidecarEnv: unknown[]): unknown[] => [
      { name: 'app', image: 'gcr.io/acme/app:1', env: [{ name: 'PORT', value: '8080' }] },
      { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', env: sidecarEnv },
    ];
    const literal = inventoryOf([
      service('api', { template: [{ containers: containers([{ name: 'API_KEY', value: 'k-123' }]) }] }),
    ]);
    expect(assetOf(literal, 'google_cloud_run_v2_service.api').facts.plaintextSecrets).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'template[0].containers[1].env.API_KEY',
    });
    const later = inventoryOf([
      {
        ...service('api', { template: [{ containers: containers([{ name: 'API_KEY' }]) }] }),
        unknown: { template: [{ containers: [{}, { env: [{ value: true }] }] }] },
      },
    ]);
    expect(assetOf(later, 'google_cloud_run_v2_service.api').facts.plaintextSecrets).toMatchObject({
      state: 'unknown',
      attribute: 'template[0].containers[1].env.API_KEY',
    });
    const clean = inventoryOf([
      service('api', { template: [{ containers: containers([{ name: 'LOG_LEVEL', value: 'info' }]) }] }),
    ]);
    expect(assetOf(clean, 'google_cloud_run_v2_service.api').facts.plaintextSecrets).toEqual({
      state: 'explicit',
      value: false,
      attribute: 'template[0].containers[0].env',
    });
  });

  it('a secret-named env value known only after apply leaves plaintextSecrets unknown', () => {
    const inv = inventoryOf([
      service('llm', {
        template: [
          {
            containers: [
              {
                image: 'vllm/vllm-openai:latest',
                env: [{ name: 'MODEL_ID', value: 'llama' }, { name: 'HF_TOKEN' }],
              },
            ],
          },
        ],
      }),
    ]);
    // A plan marks the value in after_unknown (e.g. value = random_password.x.result).
    const unknownInv = inventoryOf([
      {
        ...service('llm', {
          template: [
            {
              containers: [
                {
                  image: 'vllm/vllm-openai:latest',
                  env: [{ name: 'MODEL_ID', value: 'llama' }, { name: 'HF_TOKEN' }],
                },
              ],
            },
          ],
        }),
        unknown: { template: [{ containers: [{ env: [{}, { value: true }] }] }] },
      },
    ]);
    expect(assetOf(inv, 'google_cloud_run_v2_service.llm').facts.plaintextSecrets).toMatchObject({
      state: 'explicit',
      value: false,
    });
    expect(assetOf(unknownInv, 'google_cloud_run_v2_service.llm').facts.plaintextSecrets).toMatchObject({
      state: 'unknown',
      attribute: 'template[0].containers[0].env.HF_TOKEN',
    });
  });

  it('a model server without vpc_access is not network isolated; ALL_TRAFFIC egress through the VPC is', () => {
    const gpu = (name: string, vpc: unknown[] | undefined, unknown?: Record<string, unknown>) => ({
      ...service(name, {
        template: [
          {
            node_selector: [{ accelerator: 'nvidia-l4' }],
            containers: [{ image: 'vllm/vllm-openai' }],
            ...(vpc === undefined ? {} : { vpc_access: vpc }),
          },
        ],
      }),
      ...(unknown === undefined ? {} : { unknown: unknown as never }),
    });
    const inv = inventoryOf([
      gpu('open', undefined),
      gpu('vpc', [{ egress: 'ALL_TRAFFIC', network_interfaces: [{ network: 'vpc' }] }]),
      gpu('later', undefined, { template: [{ vpc_access: true }] }),
      service('web'),
    ]);
    const isolated = (n: string) => assetOf(inv, `google_cloud_run_v2_service.${n}`).facts.networkIsolated;
    expect(isolated('open')).toMatchObject({
      state: 'default',
      value: false,
      attribute: 'template[0].vpc_access',
    });
    expect(isolated('vpc')).toMatchObject({ state: 'explicit', value: true });
    expect(isolated('later')).toMatchObject({ state: 'unknown' });
    // Only model servers carry the fact.
    expect(isolated('web')).toBeUndefined();
  });

  it('a whole env known only after apply: the guardrail and plaintext secrets are unknown, not absent', () => {
    const inv = inventoryOf([
      {
        ...service('llm', {
          template: [
            { node_selector: [{ accelerator: 'nvidia-l4' }], containers: [{ image: 'vllm/vllm-openai' }] },
          ],
        }),
        unknown: { template: [{ containers: [{ env: true }] }] },
      },
    ]);
    const a = assetOf(inv, 'google_cloud_run_v2_service.llm');
    expect(a.kind).toBe('inference-endpoint');
    expect(a.facts.guardrailAttached).toMatchObject({ state: 'unknown' });
    expect(a.facts.plaintextSecrets).toMatchObject({ state: 'unknown' });
  });
});

describe('google_cloudfunctions2_function', () => {
  it('ALLOW_ALL by default; internal-only is not reachable', () => {
    const inv = inventoryOf([
      { type: 'google_cloudfunctions2_function', name: 'f', values: { name: 'f', service_config: [{}] } },
      {
        type: 'google_cloudfunctions2_function',
        name: 'g',
        values: { name: 'g', service_config: [{ ingress_settings: 'ALLOW_INTERNAL_ONLY' }] },
      },
    ]);
    expect(assetOf(inv, 'google_cloudfunctions2_function.f').facts.internetReachable).toMatchObject({
      state: 'default',
      value: true,
    });
    expect(assetOf(inv, 'google_cloudfunctions2_function.g').facts.internetReachable).toMatchObject({
      state: 'explicit',
      value: false,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf } from './plan-builder.js';

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const AR = 'europe-west4-docker.pkg.dev/acme-ml-prod/apps';

const service = (image: string, unknown?: object) => ({
  type: 'google_cloud_run_v2_service',
  name: 'web',
  values: { name: 'web', location: 'europe-west4', template: [{ containers: [{ image }] }] } as never,
  ...(unknown === undefined ? {} : { unknown: unknown as never }),
});
const pinned = (resources: Parameters<typeof inventoryOf>[0]) =>
  assetOf(inventoryOf(resources), 'google_cloud_run_v2_service.web').facts.imagePinned;

describe('container images of Cloud Run services (imagePinned)', () => {
  it('pins an image named by digest, not one named by tag', () => {
    expect(pinned([service(`${AR}/chat@${DIGEST}`)])).toMatchObject({ state: 'explicit', value: true });
    expect(pinned([service(`${AR}/chat:2.1.0`)])).toMatchObject({ state: 'explicit', value: false });
    expect(pinned([service('gcr.io/acme/chat')])).toMatchObject({ state: 'explicit', value: false });
  });

  it('pins a tag of an Artifact Registry repository of the plan with immutable tags, in the same location', () => {
    const repo = (immutable: boolean, location = 'europe-west4') => ({
      type: 'google_artifact_registry_repository',
      name: 'apps',
      values: {
        repository_id: 'apps',
        location,
        format: 'DOCKER',
        docker_config: [{ immutable_tags: immutable }],
      },
    });
    expect(pinned([repo(true), service(`${AR}/chat:2.1.0`)])).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'google_artifact_registry_repository.apps.docker_config[0].immutable_tags',
    });
    expect(pinned([repo(false), service(`${AR}/chat:2.1.0`)])).toMatchObject({ value: false });
    expect(pinned([repo(true, 'us-central1'), service(`${AR}/chat:2.1.0`)])).toMatchObject({ value: false });
  });

  it('keeps an image known only after apply unknown', () => {
    expect(pinned([service('', { template: [{ containers: [{ image: true }] }] })])).toMatchObject({
      state: 'unknown',
    });
  });
});

describe('google_vertex_ai_reasoning_engine package (load-code)', () => {
  it('loads the pickled agent, its requirements and dependencies from their buckets, and reads none of them', () => {
    const bucket = (name: string) => ({
      type: 'google_storage_bucket',
      name,
      values: { name: `acme-${name}` },
    });
    const inv = inventoryOf([
      bucket('staging'),
      bucket('deps'),
      {
        type: 'google_vertex_ai_reasoning_engine',
        name: 'agent',
        values: {
          display_name: 'agent',
          spec: [
            {
              package_spec: [
                {
                  pickle_object_gcs_uri: 'gs://acme-staging/agent.pkl',
                  requirements_gcs_uri: 'gs://acme-staging/requirements.txt',
                  dependency_files_gcs_uri: 'gs://acme-deps/deps.tar.gz',
                },
              ],
            },
          ],
        },
      },
    ]);
    const engine = 'google_vertex_ai_reasoning_engine.agent';
    expect(
      flowOf(inv, 'load-code', engine, 'google_storage_bucket.staging')?.evidence.map((e) => e.attribute),
    ).toEqual([
      'spec[0].package_spec[0].pickle_object_gcs_uri',
      'spec[0].package_spec[0].requirements_gcs_uri',
    ]);
    expect(flowOf(inv, 'load-code', engine, 'google_storage_bucket.deps')).toBeDefined();
    expect(flowOf(inv, 'read', engine, 'google_storage_bucket.staging')).toBeUndefined();
  });
});

describe('google_vertex_ai_endpoint_with_model_garden_deployment', () => {
  const deployment = (values: object, unknown?: object) => ({
    type: 'google_vertex_ai_endpoint_with_model_garden_deployment',
    name: 'llm',
    values: { location: 'europe-west4', model_config: [{ accept_eula: true }], ...values } as never,
    ...(unknown === undefined ? {} : { unknown: unknown as never }),
  });
  const endpoint = (values: object, unknown?: object) =>
    assetOf(
      inventoryOf([deployment(values, unknown)]),
      'google_vertex_ai_endpoint_with_model_garden_deployment.llm',
    );

  it('is an IAM-authenticated endpoint, public unless Private Service Connect is enabled', () => {
    const open = endpoint({ hugging_face_model_id: 'Qwen/Qwen3-8B' });
    expect(open.kind).toBe('inference-endpoint');
    expect(open.facts.internetReachable).toMatchObject({ state: 'default', value: true });
    expect(open.facts.requiresAuthentication).toMatchObject({ value: true });
    const psc = endpoint({
      hugging_face_model_id: 'Qwen/Qwen3-8B',
      endpoint_config: [{ private_service_connect_config: [{ enable_private_service_connect: true }] }],
    });
    expect(psc.facts.internetReachable).toMatchObject({ state: 'explicit', value: false });
    expect(psc.facts.privateNetwork).toMatchObject({ state: 'explicit', value: true });
  });

  it('pulls Hugging Face and partner models from outside; Google-published models are the provider’s', () => {
    const source = (values: object, unknown?: object) => endpoint(values, unknown).facts.externalModelSource;
    expect(source({ hugging_face_model_id: 'Qwen/Qwen3-8B' })).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(
      source({ publisher_model_name: 'publishers/meta/models/llama3-3@llama-3.3-70b-instruct' }),
    ).toMatchObject({
      value: true,
    });
    expect(source({ publisher_model_name: 'publishers/hf-qwen/models/qwen3-8b@001' })).toMatchObject({
      value: true,
    });
    expect(source({ publisher_model_name: 'publishers/google/models/gemma3@gemma-3-12b-it' })).toMatchObject({
      state: 'explicit',
      value: false,
    });
    expect(source({}, { hugging_face_model_id: true })).toMatchObject({ state: 'unknown' });
  });
});

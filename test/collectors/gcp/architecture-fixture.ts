import { readFileSync } from 'node:fs';
import type { FakeProject, Item } from '../../fake-gcp/server.js';

/**
 * The whole reference architecture of fixtures/reference-architecture/gcp/plan.json as the Google APIs return it
 * once the plan is applied: every resource the live collector reads, with the plan's values and the defaults
 * Google fills in (the default network on the Workbench NIC and the default compute service account, which the
 * project policy grants roles/editor automatically; Google-managed encryption; the Cloud Run service's URLs; the
 * project's built-in _Default and _Required log sinks; the logging service agent as the sink's writer identity).
 * Secrets are as the APIs return them: absent.
 */

export const PLAN = 'fixtures/reference-architecture/gcp/plan.json';
export const PROJECT = 'acme-ml-prod';
export const NUMBER = '402817364512';
export const REGION = 'europe-west4';
export const ZONE = 'europe-west4-a';
export const email = (id: string): string => `${id}@${PROJECT}.iam.gserviceaccount.com`;
export const DEFAULT_SA = `${NUMBER}-compute@developer.gserviceaccount.com`;
export const SINK_WRITER = `service-${NUMBER}@gcp-sa-logging.iam.gserviceaccount.com`;
export const saId = (e: string): string => `//iam.googleapis.com/projects/-/serviceAccounts/${e}`;
export const bucketId = (b: string): string => `//storage.googleapis.com/projects/_/buckets/${b}`;
const V = `//aiplatform.googleapis.com/projects/${PROJECT}/locations/${REGION}`;
const C = `//compute.googleapis.com/projects/${PROJECT}`;
const URL_OF = `https://www.googleapis.com/compute/v1/projects/${PROJECT}`;
export const API_CONFIG = `projects/${PROJECT}/locations/global/apis/llm-api/configs/llm-api-2f7c`;
/** The service's hash URL, the one the plan's OpenAPI document names, and its deterministic URL. */
export const RUN_URLS = [
  'https://llm-inference-4k2q7xjv3a-ez.a.run.app',
  `https://llm-inference-${NUMBER}.${REGION}.run.app`,
];
export const DEFAULT_SUBNET = `${C}/regions/${REGION}/subnetworks/default`;
export const LOG_SINK = (id: string): string => `//logging.googleapis.com/projects/${PROJECT}/sinks/${id}`;

/** Plan address → the full resource name of the resource deployed from it, for every plan asset. */
export const DEPLOYED: Readonly<Record<string, string>> = {
  'google_compute_network.vpc': `${C}/global/networks/ml-vpc`,
  'google_compute_subnetwork.ml': `${C}/regions/${REGION}/subnetworks/ml-europe-west4`,
  'google_compute_firewall.notebook_ingress': `${C}/global/firewalls/allow-ssh-jupyter-notebooks`,
  'google_kms_crypto_key.data': `//cloudkms.googleapis.com/projects/${PROJECT}/locations/${REGION}/keyRings/ml-keys/cryptoKeys/ml-data`,
  'google_service_account.gateway': saId(email('sa-llm-gateway')),
  'google_service_account.inference': saId(email('sa-inference')),
  'google_service_account.training': saId(email('sa-training')),
  'google_identity_platform_config.auth': `//identitytoolkit.googleapis.com/projects/${PROJECT}/config`,
  'google_storage_bucket.user_data': bucketId('acme-ml-prod-user-data'),
  'google_storage_bucket.models': bucketId('acme-ml-prod-models'),
  'google_storage_bucket.logs': bucketId('acme-ml-prod-logs'),
  'module.training_data.google_storage_bucket.this': bucketId('acme-ml-prod-training-data'),
  'google_vertex_ai_dataset.conversations': `${V}/datasets/4617043816523579392`,
  'google_vertex_ai_persistent_resource.training': `${V}/persistentResources/llm-finetune-cluster`,
  'google_cloud_run_v2_service.inference': `//run.googleapis.com/projects/${PROJECT}/locations/${REGION}/services/llm-inference`,
  'google_api_gateway_gateway.llm': `//apigateway.googleapis.com/projects/${PROJECT}/locations/${REGION}/gateways/llm-gateway`,
  'google_logging_project_sink.inference': LOG_SINK('llm-inference-logs'),
  'google_workbench_instance.research': `//notebooks.googleapis.com/projects/${PROJECT}/locations/${ZONE}/instances/llm-research`,
};

interface PlanResource {
  readonly address: string;
  readonly values: { readonly openapi_documents?: { document: { contents: string }[] }[] };
}

/** The config's OpenAPI document as the plan holds it (base64, as the API's FULL view returns it too). */
export function planDocument(): string {
  const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as {
    planned_values: { root_module: { resources: PlanResource[] } };
  };
  const config = plan.planned_values.root_module.resources.find(
    (r) => r.address === 'google_api_gateway_api_config.llm',
  );
  const contents = config?.values.openapi_documents?.[0]?.document[0]?.contents;
  if (contents === undefined) throw new Error('the plan has no api_config document');
  return contents;
}

const labels = (element: string): Record<string, string> => ({ system: 'llm-chat', element });
const bucket = (name: string, element: string): Item => ({
  name,
  location: 'EUROPE-WEST4',
  storageClass: 'STANDARD',
  labels: labels(element),
  iamConfiguration: { publicAccessPrevention: 'inherited', uniformBucketLevelAccess: { enabled: false } },
});
const builtIn = (id: string): string =>
  `logging.googleapis.com/projects/${PROJECT}/locations/global/buckets/${id}`;
const sa = (id: string): string => `serviceAccount:${email(id)}`;

/** The project as deployed from the plan. */
export function architecture(): FakeProject {
  return {
    number: NUMBER,
    vertex: {
      [REGION]: {
        datasets: [
          {
            name: '4617043816523579392',
            displayName: 'support-conversations',
            metadataSchemaUri: 'gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml',
            labels: { element: 'training-data' },
          },
        ],
        persistentResources: [
          {
            name: 'llm-finetune-cluster',
            displayName: 'LLM fine-tuning cluster',
            resourcePools: [
              {
                id: 'a100-pool',
                replicaCount: '2',
                machineSpec: {
                  machineType: 'a2-highgpu-1g',
                  acceleratorType: 'NVIDIA_TESLA_A100',
                  acceleratorCount: 1,
                },
                diskSpec: { bootDiskType: 'pd-ssd', bootDiskSizeGb: 200 },
              },
            ],
            resourceRuntimeSpec: {
              serviceAccountSpec: { enableCustomServiceAccount: true, serviceAccount: email('sa-training') },
            },
            state: 'RUNNING',
            labels: { element: 'training-pipeline' },
          },
        ],
      },
    },
    workbench: {
      [ZONE]: [
        {
          name: 'llm-research',
          disableProxyAccess: false,
          proxyUri: 'abc123-dot-europe-west4.notebooks.googleusercontent.com',
          state: 'ACTIVE',
          gceSetup: {
            machineType: 'n1-standard-8',
            disablePublicIp: false,
            enableIpForwarding: false,
            tags: ['notebook'],
            metadata: { 'notebook-upgrade-schedule': '00 19 * * SUN' },
            serviceAccounts: [{ email: DEFAULT_SA }],
            bootDisk: { diskSizeGb: '150', diskType: 'PD_STANDARD', diskEncryption: 'GMEK' },
            networkInterfaces: [
              {
                network: `projects/${PROJECT}/global/networks/default`,
                subnet: `projects/${PROJECT}/regions/${REGION}/subnetworks/default`,
              },
            ],
          },
          labels: { element: 'development' },
        },
      ],
    },
    compute: {
      networks: [
        {
          name: 'ml-vpc',
          autoCreateSubnetworks: false,
          mtu: 1460,
          routingConfig: { routingMode: 'REGIONAL' },
        },
      ],
      subnetworks: {
        [REGION]: [
          {
            name: 'ml-europe-west4',
            ipCidrRange: '10.20.0.0/20',
            network: `${URL_OF}/global/networks/ml-vpc`,
            privateIpGoogleAccess: true,
          },
        ],
      },
      firewalls: [
        {
          name: 'allow-ssh-jupyter-notebooks',
          network: `${URL_OF}/global/networks/ml-vpc`,
          direction: 'INGRESS',
          priority: 1000,
          disabled: false,
          sourceRanges: ['0.0.0.0/0'],
          targetTags: ['notebook'],
          allowed: [{ IPProtocol: 'tcp', ports: ['22', '8888'] }],
        },
      ],
    },
    kms: {
      [REGION]: {
        'ml-keys': [
          {
            name: 'ml-data',
            purpose: 'ENCRYPT_DECRYPT',
            destroyScheduledDuration: '86400s',
            versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: 'SOFTWARE' },
          },
        ],
      },
    },
    storage: {
      buckets: [
        bucket('acme-ml-prod-user-data', 'data-layer'),
        bucket('acme-ml-prod-models', 'model-artifacts'),
        bucket('acme-ml-prod-logs', 'logs'),
        bucket('acme-ml-prod-training-data', 'training-data'),
      ],
      iam: {
        'acme-ml-prod-user-data': [{ role: 'roles/storage.objectCreator', members: [sa('sa-inference')] }],
        'acme-ml-prod-models': [
          { role: 'roles/storage.objectAdmin', members: [sa('sa-training')] },
          { role: 'roles/storage.objectViewer', members: [sa('sa-inference')] },
        ],
        'acme-ml-prod-logs': [
          { role: 'roles/storage.objectCreator', members: [`serviceAccount:${SINK_WRITER}`] },
        ],
        'acme-ml-prod-training-data': [{ role: 'roles/storage.objectViewer', members: [sa('sa-training')] }],
      },
    },
    iam: {
      serviceAccounts: [
        { email: email('sa-llm-gateway'), displayName: 'API Gateway backend caller' },
        { email: email('sa-inference'), displayName: 'Model server runtime' },
        { email: email('sa-training'), displayName: 'Training cluster runtime' },
        { email: DEFAULT_SA, displayName: 'Compute Engine default service account' },
      ],
      policy: {
        bindings: [
          { role: 'roles/editor', members: [sa('sa-training'), `serviceAccount:${DEFAULT_SA}`] },
          { role: 'roles/owner', members: ['user:admin@acme.example'] },
        ],
      },
    },
    run: {
      services: {
        [REGION]: [
          {
            name: 'llm-inference',
            description: 'Chat model server',
            labels: { element: 'ai-model-inference' },
            ingress: 'INGRESS_TRAFFIC_ALL',
            launchStage: 'GA',
            template: {
              serviceAccount: email('sa-inference'),
              executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
              gpuZonalRedundancyDisabled: true,
              maxInstanceRequestConcurrency: 16,
              timeout: '300s',
              nodeSelector: { accelerator: 'nvidia-l4' },
              scaling: { maxInstanceCount: 4 },
              containers: [
                {
                  name: 'vllm',
                  image: `${REGION}-docker.pkg.dev/${PROJECT}/serving/vllm-openai:v0.6.3`,
                  args: ['--model', '/models/llm', '--port', '8000'],
                  env: [{ name: 'MODEL_URI', value: `gs://${PROJECT}-models/llm/current` }],
                  resources: {
                    limits: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' },
                    startupCpuBoost: true,
                  },
                  ports: [{ name: 'http1', containerPort: 8000 }],
                },
              ],
            },
            traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
            uri: RUN_URLS[0] ?? '',
            urls: [...RUN_URLS],
          },
        ],
      },
      iam: { 'llm-inference': [{ role: 'roles/run.invoker', members: [sa('sa-llm-gateway')] }] },
    },
    apigateway: {
      gateways: {
        [REGION]: [
          {
            name: 'llm-gateway',
            displayName: 'LLM chat gateway',
            labels: { element: 'api-gateway' },
            apiConfig: API_CONFIG,
            state: 'ACTIVE',
            defaultHostname: 'llm-gateway-3k9d2x1q.ez.gateway.dev',
          },
        ],
      },
      configs: {
        'llm-api/llm-api-2f7c': {
          gatewayServiceAccount: email('sa-llm-gateway'),
          serviceConfigId: 'llm-api-2f7c-0a1b2c3d4e5f6',
          openapiDocuments: [{ document: { path: 'openapi.yaml', contents: planDocument() } }],
        },
      },
    },
    logging: {
      sinks: [
        {
          name: '_Required',
          destination: builtIn('_Required'),
          filter: 'LOG_ID("cloudaudit.googleapis.com/activity")',
        },
        {
          name: '_Default',
          destination: builtIn('_Default'),
          filter: 'NOT LOG_ID("cloudaudit.googleapis.com/activity")',
        },
        {
          name: 'llm-inference-logs',
          destination: 'storage.googleapis.com/acme-ml-prod-logs',
          filter: 'resource.type="cloud_run_revision" AND resource.labels.service_name="llm-inference"',
          description: 'Model server request and container logs',
          writerIdentity: `serviceAccount:${SINK_WRITER}`,
        },
      ],
      buckets: [
        { name: 'global/_Default', retentionDays: 30, lifecycleState: 'ACTIVE' },
        { name: 'global/_Required', retentionDays: 400, locked: true, lifecycleState: 'ACTIVE' },
      ],
    },
    identityPlatform: {
      signIn: {
        email: { enabled: true, passwordRequired: true },
        anonymous: { enabled: false },
        allowDuplicateEmails: false,
      },
      authorizedDomains: ['localhost', 'acme-ml-prod.firebaseapp.com', 'chat.acme.example'],
      mfa: { state: 'DISABLED' },
      autodeleteAnonymousUsers: false,
      subtype: 'IDENTITY_PLATFORM',
    },
  };
}

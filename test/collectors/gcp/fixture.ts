import type { FakeProject } from '../../fake-gcp/server.js';

export const PROJECT = 'acme-ml-test';
export const REGION = 'europe-west4';
export const ZONE = 'europe-west4-a';
export const KEY = `projects/${PROJECT}/locations/${REGION}/keyRings/ai/cryptoKeys/vertex`;
export const NETWORK = 'projects/123456789012/global/networks/ml-vpc';
export const SUBNET = `projects/${PROJECT}/regions/${REGION}/subnetworks/ml`;
export const SERVING_SA = `serving@${PROJECT}.iam.gserviceaccount.com`;
export const TRAINING_SA = `training@${PROJECT}.iam.gserviceaccount.com`;
export const DEFAULT_SA = '123456789012-compute@developer.gserviceaccount.com';

/** The full resource name of a Vertex resource of the fixture. */
export const vertex = (collection: string, id: string): string =>
  `//aiplatform.googleapis.com/projects/${PROJECT}/locations/${REGION}/${collection}/${id}`;
export const workbench = (id: string): string =>
  `//notebooks.googleapis.com/projects/${PROJECT}/locations/${ZONE}/instances/${id}`;
export const kmsKey = `//cloudkms.googleapis.com/${KEY}`;
export const bucket = (name: string): string => `//storage.googleapis.com/projects/_/buckets/${name}`;
export const sa = (email: string): string => `//iam.googleapis.com/projects/-/serviceAccounts/${email}`;

/**
 * One project in one region, as the v1 REST API returns it: three endpoints (two pages: one locked down, one
 * open, one behind PSC), two models, a dataset, a custom job, a pipeline job, a public index endpoint, an
 * online store, a persistent resource on a PSC interface, a Colab runtime, and two Workbench instances.
 */
export function project(): FakeProject {
  return {
    vertex: {
      [REGION]: {
        endpoints: [
          {
            name: 'locked',
            displayName: 'locked endpoint',
            network: NETWORK,
            encryptionSpec: { kmsKeyName: KEY },
            predictRequestResponseLoggingConfig: {
              enabled: true,
              samplingRate: 1,
              bigqueryDestination: { outputUri: `bq://${PROJECT}.prediction_logs.locked` },
            },
            deployedModels: [
              {
                id: '1',
                model: `projects/${PROJECT}/locations/${REGION}/models/m-tuned`,
                serviceAccount: SERVING_SA,
              },
            ],
            labels: { env: 'prod' },
          },
          {
            name: 'open',
            displayName: 'open endpoint',
            deployedModels: [{ id: '2', model: `projects/${PROJECT}/locations/${REGION}/models/m-base` }],
          },
          {
            name: 'psc',
            displayName: 'psc endpoint',
            privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: [PROJECT] },
          },
        ],
        models: [
          {
            name: 'm-tuned',
            displayName: 'tuned model',
            artifactUri: 'gs://acme-models/tuned/',
            encryptionSpec: { kmsKeyName: KEY },
          },
          { name: 'm-base', displayName: 'base model', artifactUri: 'gs://acme-models/base/' },
        ],
        datasets: [
          { name: 'd1', displayName: 'support tickets', metadataSchemaUri: 'gs://schema/text.yaml' },
        ],
        customJobs: [
          {
            name: 'j1',
            displayName: 'fine-tune',
            jobSpec: {
              workerPoolSpecs: [{ machineSpec: { machineType: 'n1-standard-8' }, replicaCount: '1' }],
              serviceAccount: TRAINING_SA,
              network: NETWORK,
              baseOutputDirectory: { outputUriPrefix: 'gs://acme-train-out/j1' },
              enableWebAccess: true,
            },
            encryptionSpec: { kmsKeyName: KEY },
          },
        ],
        pipelineJobs: [
          {
            name: 'p1',
            displayName: 'nightly',
            runtimeConfig: { gcsOutputDirectory: 'gs://acme-pipes/root' },
          },
        ],
        indexEndpoints: [
          {
            name: 'ie1',
            displayName: 'docs search',
            publicEndpointEnabled: true,
            deployedIndexes: [{ id: 'docs', index: `projects/${PROJECT}/locations/${REGION}/indexes/docs` }],
          },
        ],
        featureOnlineStores: [{ name: 'fos1', optimized: {}, dedicatedServingEndpoint: {} }],
        persistentResources: [
          {
            name: 'pr1',
            displayName: 'cluster',
            pscInterfaceConfig: {
              networkAttachment: `projects/${PROJECT}/regions/${REGION}/networkAttachments/na`,
            },
            resourceRuntimeSpec: {
              serviceAccountSpec: { enableCustomServiceAccount: true, serviceAccount: TRAINING_SA },
            },
          },
        ],
        notebookRuntimes: [
          {
            name: 'nr1',
            displayName: 'colab',
            runtimeUser: 'analyst@example.com',
            networkSpec: { enableInternetAccess: true },
          },
        ],
      },
    },
    workbench: {
      [ZONE]: [
        {
          name: 'wb-open',
          gceSetup: {
            machineType: 'n1-standard-4',
            serviceAccounts: [{ email: DEFAULT_SA }],
            bootDisk: { diskEncryption: 'GMEK' },
          },
        },
        {
          name: 'wb-locked',
          disableProxyAccess: true,
          gceSetup: {
            disablePublicIp: true,
            metadata: { 'notebook-disable-root': 'true', 'notebook-disable-terminal': 'TRUE' },
            serviceAccounts: [{ email: TRAINING_SA }],
            bootDisk: { diskEncryption: 'CMEK', kmsKey: KEY },
            networkInterfaces: [{ network: NETWORK, subnet: SUBNET }],
          },
          labels: { team: 'research' },
        },
      ],
    },
  };
}

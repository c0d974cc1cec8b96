import type { FakeProject } from '../../fake-gcp/server.js';
import { DEFAULT_SA, KEY, PROJECT, REGION, SERVING_SA } from './fixture.js';

export const GATEWAY_SA = `gateway@${PROJECT}.iam.gserviceaccount.com`;
export const ARMOR = `projects/${PROJECT}/locations/${REGION}/templates/chat`;
/** A literal secret in a variable: it must never reach the output. */
export const SECRET_VALUE = 'hf_Zq9literalSecretValue';
export const DIGEST = `sha256:${'a'.repeat(64)}`;

/**
 * One project with four Cloud Run services in one region (two pages), as the v2 REST API returns them: a GPU model
 * server on Direct VPC egress with CMEK, a Model Armor template, a literal secret, a Secret Manager variable, a
 * model in GCS (variable and Cloud Storage FUSE volume), invoked by the gateway's service account, under the project's Binary Authorization policy
 * (attestations required, enforced); a public web
 * app on the default service account whose image the policy's allowlist exempts; an API with invoker IAM disabled, deployed by breakglass, with a literal secret in its sidecar; and a service with a name that is not.
 */
export function runProject(): FakeProject {
  return {
    vertex: {},
    binauthzPolicy: {
      defaultAdmissionRule: {
        evaluationMode: 'REQUIRE_ATTESTATION',
        enforcementMode: 'ENFORCED_BLOCK_AND_AUDIT_LOG',
        requireAttestationsBy: [`projects/${PROJECT}/attestors/built-by-ci`],
      },
      admissionWhitelistPatterns: [{ namePattern: `gcr.io/${PROJECT}/web*` }],
    },
    run: {
      services: {
        [REGION]: [
          {
            name: 'llm',
            labels: { element: 'ai-model-inference' },
            ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
            launchStage: 'GA',
            binaryAuthorization: { useDefault: true },
            template: {
              serviceAccount: SERVING_SA,
              encryptionKey: KEY,
              executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
              nodeSelector: { accelerator: 'nvidia-l4' },
              vpcAccess: {
                egress: 'ALL_TRAFFIC',
                networkInterfaces: [{ network: 'ml-vpc', subnetwork: 'ml' }],
              },
              containers: [
                {
                  name: 'vllm',
                  image: `${REGION}-docker.pkg.dev/${PROJECT}/serving/vllm-openai:v0.6.3`,
                  resources: { limits: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '1' } },
                  env: [
                    { name: 'MODEL_URI', value: 'gs://acme-models/llm/current' },
                    { name: 'HF_TOKEN', value: SECRET_VALUE },
                    {
                      name: 'OPENAI_API_KEY',
                      valueSource: { secretKeyRef: { secret: 'openai', version: 'latest' } },
                    },
                    { name: 'MODEL_ARMOR_TEMPLATE', value: ARMOR },
                  ],
                  volumeMounts: [{ name: 'weights', mountPath: '/models' }],
                },
              ],
              volumes: [{ name: 'weights', gcs: { bucket: 'acme-weights', readOnly: true } }],
            },
            uri: 'https://llm-abc-ez.a.run.app',
          },
          {
            name: 'web',
            ingress: 'INGRESS_TRAFFIC_ALL',
            // The project policy's allowlist exempts its image.
            binaryAuthorization: { useDefault: true },
            template: { containers: [{ image: `gcr.io/${PROJECT}/web@${DIGEST}` }] },
          },
          {
            name: 'api',
            invokerIamDisabled: true,
            binaryAuthorization: { useDefault: true, breakglassJustification: 'incident 4711' },
            template: {
              serviceAccount: DEFAULT_SA,
              vpcAccess: { connector: `projects/${PROJECT}/locations/${REGION}/connectors/c1` },
              containers: [
                {
                  image: 'us-docker.pkg.dev/cloudrun/container/hello',
                  env: [{ name: 'PORT', value: '8080' }],
                },
                // A sidecar: its literal secret counts as much as the main container's.
                {
                  name: 'proxy',
                  image: 'envoyproxy/envoy:v1.31.0',
                  env: [{ name: 'API_KEY', value: SECRET_VALUE }],
                },
              ],
            },
          },
          { name: 'Not_A_Service', template: { containers: [{ image: 'x' }] } },
        ],
      },
      iam: {
        llm: [{ role: 'roles/run.invoker', members: [`serviceAccount:${GATEWAY_SA}`, 'user:ops@acme.test'] }],
        web: [{ role: 'roles/run.invoker', members: ['allUsers'] }],
      },
    },
  };
}

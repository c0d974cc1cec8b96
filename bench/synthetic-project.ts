import { gatewayProject } from '../test/collectors/gcp/apigateway-fixture.js';
import { project as fixtureProject, PROJECT, REGION, ZONE } from '../test/collectors/gcp/fixture.js';
import { runProject } from '../test/collectors/gcp/run-fixture.js';
import type { FakeApiKeys } from '../test/fake-gcp/apikeys.js';
import type { FakeIam } from '../test/fake-gcp/iam.js';
import type { FakeMonitoring } from '../test/fake-gcp/monitoring.js';
import type { FakeProject, Item } from '../test/fake-gcp/server.js';

/**
 * A fake GCP project for the live collector's benchmark: the test project's Vertex AI resources (endpoints with
 * deployed models, models, datasets, jobs, index endpoints, online stores, persistent resources, Colab runtimes)
 * copied `copies` times into each of `locations`, and its Workbench instances into a zone of each; the Cloud Run
 * test project's services (each with its IAM policy) likewise into each location; the API Gateway test
 * project's europe-west4 gateways (a third as many copies) in each location, serving its two good configs (each
 * read once); and `copies` service accounts with their policies, the project policy and a policy on each
 * endpoint. Deterministic.
 */

export const BENCH_PROJECT = 'acme-ml-bench';
export const BENCH_LOCATIONS = [
  'us-central1',
  'us-east4',
  'europe-west4',
  'europe-west1',
  'asia-northeast1',
  'asia-southeast1',
  'australia-southeast1',
  'southamerica-east1',
];

/** The scan's clock: the publisher model invocations are counted in the 30 days before it. */
export const BENCH_NOW = new Date('2026-06-30T00:00:00.000Z');

export interface SyntheticProject {
  readonly projects: Readonly<Record<string, FakeProject>>;
  readonly resources: number;
}

/** The item with its names, and every reference to the project and region, moved into copy `k` of `location`. */
function moved<T>(value: T, location: string, k: number): T {
  const text = JSON.stringify(value)
    .replaceAll(PROJECT, BENCH_PROJECT)
    .replaceAll(REGION, location)
    .replace(/"name":"([^"]+)"/g, (_, name: string) => `"name":"${name}-${String(k)}"`);
  return JSON.parse(text) as T;
}

export function syntheticProject(copies = 18): SyntheticProject {
  const source = fixtureProject();
  const items = source.vertex[REGION] ?? {};
  const vertex: Record<string, Record<string, Item[]>> = {};
  const workbench: Record<string, Item[]> = {};
  const gateway = gatewayProject();
  const gateways: Record<string, Item[]> = {};
  let resources = 0;
  for (const location of BENCH_LOCATIONS) {
    const byCollection: Record<string, Item[]> = {};
    for (const [collection, list] of Object.entries(items)) {
      byCollection[collection] = Array.from({ length: copies }, (_, k) =>
        list.map((item) => moved(item, location, k)),
      ).flat();
      resources += byCollection[collection].length;
    }
    vertex[location] = byCollection;
    const zone = `${location}-a`;
    workbench[zone] = Array.from({ length: copies }, (_, k) =>
      (source.workbench?.[ZONE] ?? []).map((item) => moved(item, location, k)),
    ).flat();
    resources += workbench[zone].length;
    gateways[location] = Array.from({ length: Math.ceil(copies / 3) }, (_, k) =>
      (gateway.apigateway?.gateways?.[REGION] ?? []).map((item) => moved(item, location, k)),
    ).flat();
    resources += gateways[location].length;
  }
  const run = runServices(copies);
  resources += Object.values(run.services).reduce((n, list) => n + list.length, 0);
  const all = gateway.apigateway?.configs ?? {};
  const configs = { 'chat/v1': all['chat/v1'] ?? {}, 'open/v1': all['open/v1'] ?? {} };
  resources += Object.keys(configs).length;
  const iam = syntheticIam(vertex, copies);
  resources += iam.serviceAccounts?.length ?? 0;
  const apikeys = syntheticKeys(copies);
  const monitoring = syntheticInvocations(copies);
  resources += (apikeys.keys?.length ?? 0) + (monitoring.series?.length ?? 0);
  return {
    projects: {
      [BENCH_PROJECT]: {
        vertex,
        workbench,
        run,
        apigateway: { gateways, configs },
        iam,
        apikeys,
        monitoring,
      },
    },
    resources,
  };
}

/** The valid services of the Cloud Run test project in each location, `copies` times, with their policies. */
function runServices(copies: number): NonNullable<FakeProject['run']> {
  const source = runProject().run;
  const valid = (source?.services[REGION] ?? []).filter((s) => /^[a-z][a-z0-9-]*$/.test(s.name));
  const services: Record<string, Item[]> = {};
  const iam: Record<string, { role: string; members: string[] }[]> = {};
  for (const location of BENCH_LOCATIONS)
    services[location] = Array.from({ length: copies }, (_, k) =>
      valid.map((item) => moved(item, location, k)),
    ).flat();
  for (let k = 0; k < copies; k++)
    for (const [name, bindings] of Object.entries(source?.iam ?? {}))
      iam[`${name}-${String(k)}`] = moved([...bindings], REGION, k);
  return { services, iam };
}

/**
 * Service accounts (`copies` of them, each acting as the next), a project policy granting the first one
 * roles/aiplatform.user, and a policy on every endpoint, so that the bench counts the IAM calls.
 */
function syntheticIam(vertex: Record<string, Record<string, Item[]>>, copies: number): FakeIam {
  const email = (k: number): string => `sa-${String(k)}@${BENCH_PROJECT}.iam.gserviceaccount.com`;
  const accounts = Array.from({ length: copies }, (_, k) => ({ email: email(k) }));
  const endpoints = Object.values(vertex).flatMap((c) => c['endpoints'] ?? []);
  return {
    serviceAccounts: accounts,
    accountPolicies: Object.fromEntries(
      accounts.map((a, k) => [
        a.email,
        [{ role: 'roles/iam.serviceAccountUser', members: [`serviceAccount:${email((k + 1) % copies)}`] }],
      ]),
    ),
    policy: { bindings: [{ role: 'roles/aiplatform.user', members: [`serviceAccount:${email(0)}`] }] },
    endpointPolicies: Object.fromEntries(
      endpoints.map((e) => [
        e.name,
        [{ role: 'roles/aiplatform.user', members: [`serviceAccount:${email(0)}`] }],
      ]),
    ),
  };
}

/** API keys: for the Gemini API, for Vertex AI from listed IP addresses, and for another API, in turn. */
function syntheticKeys(copies: number): FakeApiKeys {
  const restrictions = [
    { apiTargets: [{ service: 'generativelanguage.googleapis.com' }] },
    {
      apiTargets: [{ service: 'aiplatform.googleapis.com' }],
      serverKeyRestrictions: { allowedIps: ['203.0.113.10/32'] },
    },
    { apiTargets: [{ service: 'maps-backend.googleapis.com' }] },
  ];
  return {
    keys: Array.from({ length: copies }, (_, k) => ({
      name: `key-${String(k)}`,
      restrictions: restrictions[k % restrictions.length] ?? {},
    })),
  };
}

/** A publisher model invoked in each bench location and on the global endpoint, in turn. */
function syntheticInvocations(copies: number): FakeMonitoring {
  const locations = ['global', ...BENCH_LOCATIONS];
  const day = (d: number): string => new Date(BENCH_NOW.getTime() - d * 86_400_000).toISOString();
  return {
    series: Array.from({ length: copies }, (_, k) => ({
      labels: {
        location: locations[k % locations.length] ?? 'global',
        publisher: 'google',
        model_user_id: `gemini-bench-${String(k)}`,
      },
      points: [
        [day(1 + (k % 28)), k + 1],
        [day(2), 1],
      ],
    })),
  };
}

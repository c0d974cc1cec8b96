import { describe, expect, it } from 'vitest';
import { collectGcp } from '../../../collectors/gcp/index.js';
import type { GcpScanOptions } from '../../../collectors/gcp/options.js';
import type { CoverageNote, Inventory } from '../../../src/model/index.js';
import { fakeGcpOptions } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { answered, FakeGcp, readOnly, type Fault } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import {
  bucket,
  DEFAULT_SA,
  kmsKey,
  PROJECT,
  project,
  REGION,
  sa,
  SERVING_SA,
  TRAINING_SA,
  vertex,
  workbench,
  ZONE,
} from './fixture.js';

/**
 * collectGcp against a fake Vertex AI and Notebooks REST API, with the real clients over the REST fallback and a
 * fixed-token auth client. Building the clients costs seconds (their protobuf roots), so the fault cases share
 * one fake and one scan each.
 */

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: project() }));

const collect = (more: Partial<GcpScanOptions> = {}): Promise<Inventory> =>
  collectGcp(fakeGcpOptions(scanned.fake, more));

/** A scan with `faults`, the calls it made and its notes. */
async function withFaults(
  faults: Fault[],
  more: Partial<GcpScanOptions> = {},
): Promise<{ inv: Inventory; calls: string[] }> {
  scanned.fake.log.length = 0;
  scanned.fake.faults.length = 0;
  scanned.fake.faults.push(...faults);
  try {
    const got = await collect(more);
    return { inv: got, calls: scanned.fake.apiCalls() };
  } finally {
    scanned.fake.faults.length = 0;
  }
}

const E = 'ListEndpoints.';
const LOCKED = vertex('endpoints', 'locked');
const OPEN = vertex('endpoints', 'open');
const PARENT = `/v1/projects/${PROJECT}/locations/${REGION}`;
/** The fixture's endpoints have empty IAM policies: prediction needs IAM (iam.test.ts has the open ones). */
const IAM_READ = ['explicit', true, 'GetEndpointIamPolicy.bindings'];
/** The endpoint lists, without the endpoints' getIamPolicy calls. */
const listsOf = (calls: string[]): string[] => calls.filter((c) => /^GET .*\/endpoints/.test(c));
const flowsFrom = (i: Inventory, id: string): [string, string, string][] =>
  i.flows.filter((f) => f.from === id).map((f) => [f.kind, f.to, f.evidence.map((e) => e.attribute).join()]);
const note = (
  api: string,
  kind: CoverageNote['kind'],
  errorCode: string,
  message: string,
  service = 'aiplatform.googleapis.com',
  region: string | null = REGION,
): CoverageNote => ({
  kind,
  message,
  input: `gcp://${PROJECT}`,
  service,
  api,
  ...(region === null ? {} : { region }),
  account: PROJECT,
  errorCode,
});

describe('collectGcp: Vertex AI endpoints', () => {
  it('reads a locked-down endpoint: on a VPC, request-response logging to BigQuery, CMEK', () => {
    expect(facts(scanned.inv, LOCKED)).toEqual({
      internetReachable: ['explicit', false, `${E}network`],
      privateNetwork: ['explicit', true, `${E}network`],
      requiresAuthentication: IAM_READ,
      invocationLogging: ['explicit', true, `${E}predictRequestResponseLoggingConfig.enabled`],
      requestBodyLogging: ['explicit', true, `${E}predictRequestResponseLoggingConfig.enabled`],
      dataCapture: ['explicit', true, `${E}predictRequestResponseLoggingConfig.enabled`],
      customerManagedKey: ['explicit', true, `${E}encryptionSpec.kmsKeyName`],
    });
    expect(scanned.inv.assets.find((a) => a.id === LOCKED)).toMatchObject({
      kind: 'inference-endpoint',
      provider: 'gcp',
      nativeType: 'aiplatform.googleapis.com/Endpoint',
      name: 'locked endpoint',
      source: { input: `gcp://${PROJECT}`, address: LOCKED, region: REGION },
      tags: { env: 'prod' },
    });
    expect(flowsFrom(scanned.inv, LOCKED)).toEqual([
      ['assume-identity', sa(SERVING_SA), `${E}deployedModels.serviceAccount`],
      ['encrypt-with', kmsKey, `${E}encryptionSpec.kmsKeyName`],
      ['invoke', vertex('models', 'm-tuned'), `${E}deployedModels.model`],
      ['network', '//compute.googleapis.com/projects/123456789012/global/networks/ml-vpc', `${E}network`],
      [
        'write',
        `//bigquery.googleapis.com/projects/${PROJECT}/datasets/prediction_logs`,
        `${E}predictRequestResponseLoggingConfig.bigqueryDestination.outputUri`,
      ],
    ]);
  });

  it('reads an open endpoint: public, no logging, Google-managed key, one deployed model', () => {
    expect(facts(scanned.inv, OPEN)).toEqual({
      internetReachable: ['explicit', true, `${E}network`],
      privateNetwork: ['explicit', false, `${E}network`],
      requiresAuthentication: IAM_READ,
      invocationLogging: ['default', false, `${E}predictRequestResponseLoggingConfig.enabled`],
      requestBodyLogging: ['default', false, `${E}predictRequestResponseLoggingConfig.enabled`],
      dataCapture: ['default', false, `${E}predictRequestResponseLoggingConfig.enabled`],
      customerManagedKey: ['default', false, `${E}encryptionSpec.kmsKeyName`],
    });
    expect(flowsFrom(scanned.inv, OPEN)).toEqual([
      ['invoke', vertex('models', 'm-base'), `${E}deployedModels.model`],
    ]);
  });

  it('counts Private Service Connect as private', () => {
    const psc = `${E}privateServiceConnectConfig.enablePrivateServiceConnect`;
    expect(facts(scanned.inv, vertex('endpoints', 'psc'))).toMatchObject({
      internetReachable: ['explicit', false, psc],
      privateNetwork: ['explicit', true, psc],
    });
  });
});

describe('collectGcp: the other Vertex AI resources and Workbench', () => {
  it('reads models and the bucket each reads its artifacts from', () => {
    expect(facts(scanned.inv, vertex('models', 'm-tuned'))).toEqual({
      customerManagedKey: ['explicit', true, 'ListModels.encryptionSpec.kmsKeyName'],
    });
    expect(flowsFrom(scanned.inv, vertex('models', 'm-tuned'))).toEqual([
      ['encrypt-with', kmsKey, 'ListModels.encryptionSpec.kmsKeyName'],
      ['read', bucket('acme-models'), 'ListModels.artifactUri'],
    ]);
    expect(flowsFrom(scanned.inv, vertex('models', 'm-base'))).toEqual([
      ['read', bucket('acme-models'), 'ListModels.artifactUri'],
    ]);
  });

  it('reads a custom job: VPC, service account, CMEK, web access and its output bucket', () => {
    const j = vertex('customJobs', 'j1');
    const C = 'ListCustomJobs.';
    expect(facts(scanned.inv, j)).toEqual({
      privateNetwork: ['explicit', true, `${C}jobSpec.network`],
      directInternetAccess: ['explicit', false, `${C}jobSpec.network`],
      networkIsolated: ['explicit', true, `${C}jobSpec.network`],
      customerManagedKey: ['explicit', true, `${C}encryptionSpec.kmsKeyName`],
      shellAccess: ['explicit', true, `${C}jobSpec.enableWebAccess`],
    });
    expect(flowsFrom(scanned.inv, j)).toEqual([
      ['assume-identity', sa(TRAINING_SA), `${C}jobSpec.serviceAccount`],
      ['encrypt-with', kmsKey, `${C}encryptionSpec.kmsKeyName`],
      [
        'network',
        '//compute.googleapis.com/projects/123456789012/global/networks/ml-vpc',
        `${C}jobSpec.network`,
      ],
      ['produce-artifact', bucket('acme-train-out'), `${C}jobSpec.baseOutputDirectory.outputUriPrefix`],
    ]);
  });

  it('reads a pipeline job in Google’s network with no service account of its own', () => {
    const p = vertex('pipelineJobs', 'p1');
    const P = 'ListPipelineJobs.';
    expect(facts(scanned.inv, p)).toEqual({
      privateNetwork: ['default', false, `${P}network`],
      directInternetAccess: ['default', true, `${P}network`],
      networkIsolated: ['default', false, `${P}network`],
      customerManagedKey: ['default', false, `${P}encryptionSpec.kmsKeyName`],
    });
    expect(flowsFrom(scanned.inv, p)).toEqual([
      ['produce-artifact', bucket('acme-pipes'), `${P}runtimeConfig.gcsOutputDirectory`],
    ]);
  });

  it('reads a public index endpoint, an online store, a persistent resource and a Colab runtime', () => {
    expect(facts(scanned.inv, vertex('indexEndpoints', 'ie1'))).toEqual({
      internetReachable: ['explicit', true, 'ListIndexEndpoints.publicEndpointEnabled'],
      requiresAuthentication: ['explicit', true, 'iam'],
      customerManagedKey: ['default', false, 'ListIndexEndpoints.encryptionSpec.kmsKeyName'],
      accessLogging: ['default', false, 'Projects.GetIamPolicy.auditConfigs'],
    });
    expect(flowsFrom(scanned.inv, vertex('indexEndpoints', 'ie1'))).toEqual([
      ['retrieve-from', vertex('indexes', 'docs'), 'ListIndexEndpoints.deployedIndexes.index'],
    ]);
    expect(facts(scanned.inv, vertex('featureOnlineStores', 'fos1'))).toEqual({
      internetReachable: [
        'explicit',
        true,
        'ListFeatureOnlineStores.dedicatedServingEndpoint.privateServiceConnectConfig.enablePrivateServiceConnect',
      ],
      requiresAuthentication: ['explicit', true, 'iam'],
      customerManagedKey: ['default', false, 'ListFeatureOnlineStores.encryptionSpec.kmsKeyName'],
    });
    const R = 'ListPersistentResources.';
    expect(facts(scanned.inv, vertex('persistentResources', 'pr1'))).toEqual({
      privateNetwork: ['explicit', true, `${R}pscInterfaceConfig.networkAttachment`],
      directInternetAccess: ['explicit', false, `${R}pscInterfaceConfig.networkAttachment`],
      networkIsolated: ['explicit', true, `${R}pscInterfaceConfig.networkAttachment`],
      customerManagedKey: ['default', false, `${R}encryptionSpec.kmsKeyName`],
    });
    expect(flowsFrom(scanned.inv, vertex('persistentResources', 'pr1'))).toEqual([
      ['assume-identity', sa(TRAINING_SA), `${R}resourceRuntimeSpec.serviceAccountSpec.serviceAccount`],
    ]);
    expect(facts(scanned.inv, vertex('notebookRuntimes', 'nr1'))).toEqual({
      directInternetAccess: ['explicit', true, 'ListNotebookRuntimes.networkSpec.enableInternetAccess'],
      privateNetwork: ['default', false, 'ListNotebookRuntimes.networkSpec.subnetwork'],
      customerManagedKey: ['default', false, 'ListNotebookRuntimes.encryptionSpec.kmsKeyName'],
      requiresAuthentication: ['default', true, 'ListNotebookRuntimes.proxyUri'],
    });
  });

  it('reads Workbench instances of every zone as the google mapper does', () => {
    const I = 'ListInstances.';
    expect(facts(scanned.inv, workbench('wb-locked'))).toEqual({
      directInternetAccess: ['explicit', false, `${I}gceSetup.disablePublicIp`],
      rootAccess: ['explicit', false, `${I}gceSetup.metadata.notebook-disable-root`],
      shellAccess: ['explicit', false, `${I}gceSetup.metadata.notebook-disable-terminal`],
      customerManagedKey: ['explicit', true, `${I}gceSetup.bootDisk.diskEncryption`],
      privateNetwork: ['explicit', true, `${I}gceSetup.networkInterfaces.subnet`],
      internetReachable: ['explicit', false, `${I}disableProxyAccess`],
      requiresAuthentication: ['default', true, `${I}proxyUri`],
    });
    expect(scanned.inv.assets.find((a) => a.id === workbench('wb-locked'))?.source.region).toBe(ZONE);
    expect(facts(scanned.inv, workbench('wb-open'))).toEqual({
      directInternetAccess: ['explicit', true, `${I}gceSetup.disablePublicIp`],
      rootAccess: ['default', true, `${I}gceSetup.metadata.notebook-disable-root`],
      shellAccess: ['default', true, `${I}gceSetup.metadata.notebook-disable-terminal`],
      customerManagedKey: ['explicit', false, `${I}gceSetup.bootDisk.diskEncryption`],
      privateNetwork: ['default', false, `${I}gceSetup.networkInterfaces.subnet`],
      internetReachable: ['explicit', true, `${I}disableProxyAccess`],
      requiresAuthentication: ['default', true, `${I}proxyUri`],
    });
    // The default compute service account is an identity whose admin privileges are unknown.
    expect(flowsFrom(scanned.inv, workbench('wb-open'))).toEqual([
      ['assume-identity', sa(DEFAULT_SA), `${I}gceSetup.serviceAccounts.email`],
    ]);
    expect(facts(scanned.inv, sa(DEFAULT_SA))).toMatchObject({
      adminPrivileges: ['unknown', undefined, expect.stringContaining('roles/editor') as string],
      externalTrust: ['default', false, `${I}gceSetup.serviceAccounts.email`],
    });
    expect(flowsFrom(scanned.inv, workbench('wb-locked')).map((f) => f[0])).toEqual([
      'assume-identity',
      'encrypt-with',
      'network',
    ]);
  });

  it('names one input per project with its regions, and leaves no notes on a clean scan', () => {
    expect(scanned.inv.inputs).toEqual([
      expect.objectContaining({
        path: `gcp://${PROJECT}`,
        format: 'gcp-live',
        resources: 15,
        account: PROJECT,
        regions: [REGION],
      }),
    ]);
    expect(scanned.inv.notes).toEqual([]);
  });
});

describe('collectGcp: paging, read-only, determinism', () => {
  it('follows nextPageToken: the three endpoints come in two pages', async () => {
    const { inv: again, calls } = await withFaults([]);
    expect(listsOf(calls)).toEqual([`GET ${PARENT}/endpoints`, `GET ${PARENT}/endpoints?2`]);
    expect(again.assets.filter((a) => a.kind === 'inference-endpoint')).toHaveLength(3);
    // Read-only: every call is a GET, each made once, all with the bearer token (the fake answers 401 otherwise).
    // Read-only: GETs, and the getIamPolicy POSTs, which read a policy (IAM, Resource Manager, Vertex AI v1beta1).
    expect(scanned.fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
    expect(new Set(calls).size).toBe(calls.length);
    // Eleven Vertex and Workbench lists, the three Compute lists and GetProject (compute.test.ts), the API keys
    // and the publisher model invocations (one page each); storage, KMS, Cloud Run, API Gateway, IAM, Logging and
    // Identity Platform calls are counted in their own tests.
    expect(
      calls.filter(
        (c) =>
          !/\/storage\/|\/keyRings|\/services|\/gateways|\/configs\/|:getIamPolicy|\/serviceAccounts|\/v2\/projects\/[^/]+\/(?:sinks|locations\/-\/buckets)$|^GET \/admin\//.test(
            c,
          ),
      ),
    ).toHaveLength(17);
    // The same project gives byte-identical output.
    expect(JSON.stringify(again)).toBe(JSON.stringify(scanned.inv));
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    scanned.fake.latencyMs = 50;
    scanned.fake.maxInFlight = 0;
    try {
      await withFaults([], { concurrency: 1 });
      expect(scanned.fake.maxInFlight).toBe(1);
      // Clients are built one after another (seconds of CPU): replies slow enough let the bound fill up.
      scanned.fake.latencyMs = 500;
      scanned.fake.maxInFlight = 0;
      await withFaults([], { concurrency: 2 });
      expect(scanned.fake.maxInFlight).toBe(2);
    } finally {
      scanned.fake.latencyMs = 0;
    }
  });

  it('stops a listing whose page token repeats, with a note', async () => {
    scanned.fake.pageSize = 1;
    scanned.fake.loopPages = true;
    try {
      const { inv: got, calls } = await withFaults([]);
      expect(listsOf(calls)).toEqual([`GET ${PARENT}/endpoints`, `GET ${PARENT}/endpoints?1`]);
      expect(got.notes).toContainEqual(
        note(
          'ListEndpoints',
          'skipped',
          'RepeatedPageToken',
          `ListEndpoints in project ${PROJECT} (${REGION}) returned a page token it had returned before; the listing stopped after 2 pages`,
        ),
      );
      expect(got.assets.filter((a) => a.kind === 'inference-endpoint').map((a) => a.name)).toEqual([
        'locked endpoint',
        'open endpoint',
      ]);
    } finally {
      scanned.fake.pageSize = 2;
      scanned.fake.loopPages = false;
    }
  });
});

describe('collectGcp: failed calls become coverage notes', () => {
  it('notes a denied call, a disabled API and calls that outlive their retries; the rest is read', async () => {
    const { inv: got, calls } = await withFaults([
      { collection: 'datasets', kind: 'denied' },
      { collection: 'instances', kind: 'disabled' },
      { collection: 'models', kind: 'exhausted' },
      { collection: 'customJobs', kind: 'unavailable' },
    ]);
    expect(got.notes).toEqual([
      note(
        'ListInstances',
        'skipped',
        'SERVICE_DISABLED',
        `ListInstances was skipped: notebooks.googleapis.com is not enabled in project ${PROJECT}; what it would have told is unknown`,
        'notebooks.googleapis.com',
        null,
      ),
      note(
        'ListCustomJobs',
        'skipped',
        'UNAVAILABLE',
        `ListCustomJobs failed in project ${PROJECT} (${REGION}, UNAVAILABLE after 2 retries); what it would have told is unknown`,
      ),
      note(
        'ListDatasets',
        'denied',
        'PERMISSION_DENIED',
        `ListDatasets was denied in project ${PROJECT} (${REGION}, PERMISSION_DENIED); what it would have told is unknown`,
      ),
      note(
        'ListModels',
        'skipped',
        'RESOURCE_EXHAUSTED',
        `ListModels failed in project ${PROJECT} (${REGION}, RESOURCE_EXHAUSTED after 2 retries); what it would have told is unknown`,
      ),
    ]);
    // Throttled and unavailable calls are retried (twice after the first attempt); denied ones are not.
    const count = (path: string): number => calls.filter((c) => c === `GET ${path}`).length;
    expect(count(`${PARENT}/models`)).toBe(3);
    expect(count(`${PARENT}/customJobs`)).toBe(3);
    expect(count(`${PARENT}/datasets`)).toBe(1);
    expect(count(`/v2/projects/${PROJECT}/locations/-/instances`)).toBe(1);
    // What the failed calls would have listed is missing; everything else is read.
    const ids = got.assets.map((a) => a.id);
    expect(ids.filter((id) => /\/(datasets|models|customJobs)\/|notebooks\.googleapis/.test(id))).toEqual([]);
    expect(got.assets.filter((a) => a.kind === 'inference-endpoint')).toHaveLength(3);
  });

  it('recovers from a throttled page: the retry reads it and nothing is noted', async () => {
    const { inv: got, calls } = await withFaults([
      { collection: 'endpoints', kind: 'exhausted', times: 1 },
      { collection: 'pipelineJobs', kind: 'unavailable', times: 1 },
    ]);
    expect(got.notes).toEqual([]);
    expect(listsOf(calls)).toEqual([
      `GET ${PARENT}/endpoints`,
      `GET ${PARENT}/endpoints`,
      `GET ${PARENT}/endpoints?2`,
    ]);
    expect(JSON.stringify(got.assets)).toBe(JSON.stringify(scanned.inv.assets));
  });
});

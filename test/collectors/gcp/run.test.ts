import { describe, expect, it } from 'vitest';
import { DEFAULT_SA_NOTE } from '../../../collectors/terraform/google/common.js';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { answered, FakeGcp, readOnly, type Fault } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { bucket, DEFAULT_SA, kmsKey, PROJECT, REGION, sa, SERVING_SA } from './fixture.js';
import { ARMOR, GATEWAY_SA, runProject, SECRET_VALUE } from './run-fixture.js';

/** Cloud Run services and their IAM policies, read from the fake Admin API v2 with the fixed-token credential. */

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: runProject() }));

async function withFaults(faults: Fault[]): Promise<{ inv: Inventory; calls: string[] }> {
  const got = await collectWithFaults(scanned.fake, faults);
  return {
    inv: got,
    calls: scanned.fake
      .apiCalls()
      .filter((c) => c.includes('/services') || c.endsWith(`/projects/${PROJECT}/policy`)),
  };
}

const S = 'ListServices.';
const P = 'GetServiceIamPolicy.bindings';
const PARENT = `projects/${PROJECT}/locations/${REGION}/services`;
const run = (name: string): string => `//run.googleapis.com/${PARENT}/${name}`;
const LLM = run('llm');
const WEB = run('web');
const API = run('api');
const LIST = `GET /v2/${PARENT}`;
const flows = (i: Inventory, id: string): [string, string, string, string, string | undefined][] =>
  i.flows
    .filter((f) => f.from === id || f.to === id)
    .map((f) => [f.kind, f.from, f.to, f.evidence[0]?.attribute ?? '', f.evidence[0]?.note]);

describe('collectGcp: Cloud Run services', () => {
  it('reads a GPU model server: internal ingress, IAM, Direct VPC egress, CMEK, a literal secret, Model Armor', () => {
    expect(facts(scanned.inv, LLM)).toEqual({
      internetReachable: ['explicit', false, `${S}ingress`],
      requiresAuthentication: ['explicit', true, P],
      privateNetwork: ['explicit', true, `${S}template.vpcAccess.networkInterfaces`],
      customerManagedKey: ['explicit', true, `${S}template.encryptionKey`],
      plaintextSecrets: ['explicit', true, `${S}template.containers.env.HF_TOKEN`],
      imagePinned: ['explicit', false, `${S}template.containers.image`],
      // The project policy requires attestations and its allowlist does not cover the image.
      imageSignatureEnforced: ['explicit', true, 'GetPolicy.defaultAdmissionRule.evaluationMode'],
      guardrailAttached: ['explicit', true, `${S}template.containers.env.value`],
      networkIsolated: ['explicit', true, `${S}template.vpcAccess.egress`],
    });
    expect(scanned.inv.assets.find((a) => a.id === LLM)).toMatchObject({
      kind: 'inference-endpoint',
      provider: 'gcp',
      nativeType: 'run.googleapis.com/Service',
      name: 'llm',
      source: { input: `gcp://${PROJECT}`, address: LLM, region: REGION },
      tags: { element: 'ai-model-inference' },
    });
  });

  it('links its account, key, subnetwork, model buckets and guardrail, and the gateway that may invoke it', () => {
    expect(flows(scanned.inv, LLM)).toEqual([
      ['assume-identity', LLM, sa(SERVING_SA), `${S}template.serviceAccount`, undefined],
      ['encrypt-with', LLM, kmsKey, `${S}template.encryptionKey`, undefined],
      ['invoke', sa(GATEWAY_SA), LLM, P, `roles/run.invoker via serviceAccount:${GATEWAY_SA}`],
      ['invoke', LLM, `//modelarmor.googleapis.com/${ARMOR}`, `${S}template.containers.env.value`, undefined],
      [
        'network',
        LLM,
        `//compute.googleapis.com/projects/${PROJECT}/regions/${REGION}/subnetworks/ml`,
        `${S}template.vpcAccess.networkInterfaces.subnetwork`,
        undefined,
      ],
      ['read', LLM, bucket('acme-models'), `${S}template.containers.env.value`, undefined],
      ['read', LLM, bucket('acme-weights'), `${S}template.volumes.gcs.bucket`, undefined],
    ]);
  });

  it('never writes a variable’s value into the inventory', () => {
    expect(JSON.stringify(scanned.inv)).not.toContain(SECRET_VALUE);
  });

  it('reads a public web app: ingress all, allUsers invoker, pinned by digest, the default service account', () => {
    expect(facts(scanned.inv, WEB)).toEqual({
      internetReachable: ['explicit', true, `${S}ingress`],
      requiresAuthentication: ['explicit', false, P],
      privateNetwork: ['default', false, `${S}template.vpcAccess.connector`],
      customerManagedKey: ['default', false, `${S}template.encryptionKey`],
      plaintextSecrets: ['default', false, `${S}template.containers.env`],
      imagePinned: ['explicit', true, `${S}template.containers.image`],
      imageSignatureEnforced: ['explicit', false, 'GetPolicy.admissionWhitelistPatterns'],
    });
    expect(scanned.inv.assets.find((a) => a.id === WEB)?.kind).toBe('function');
    const identity = `${WEB}#default-compute-service-account`;
    expect(flows(scanned.inv, WEB)).toEqual([
      ['assume-identity', WEB, identity, `${S}template.serviceAccount`, DEFAULT_SA_NOTE],
    ]);
    expect(facts(scanned.inv, identity)).toEqual({
      adminPrivileges: ['unknown', undefined, DEFAULT_SA_NOTE],
      externalTrust: ['default', false, `${S}template.serviceAccount`],
    });
  });

  it('reads an API with invoker IAM disabled as open to anyone, on a connector, as the default account', () => {
    expect(facts(scanned.inv, API)).toMatchObject({
      internetReachable: ['default', true, `${S}ingress`],
      requiresAuthentication: ['explicit', false, `${S}invokerIamDisabled`],
      privateNetwork: ['explicit', true, `${S}template.vpcAccess.connector`],
      // The literal is in the sidecar, the second container.
      plaintextSecrets: ['explicit', true, `${S}template.containers.env.API_KEY`],
      imageSignatureEnforced: ['explicit', false, `${S}binaryAuthorization.breakglassJustification`],
    });
    expect(flows(scanned.inv, API)).toEqual([
      ['assume-identity', API, sa(DEFAULT_SA), `${S}template.serviceAccount`, DEFAULT_SA_NOTE],
    ]);
    expect(
      scanned.inv.assets.filter((a) => a.nativeType === 'run.googleapis.com/Service').map((a) => a.name),
    ).toEqual(['api', 'llm', 'web']);
  });

  it('makes only GETs: the list in two pages, each service’s IAM policy once, the project policy once', async () => {
    const { calls, inv: again } = await withFaults([]);
    expect(calls.sort()).toEqual(
      [
        LIST,
        `${LIST}?2`,
        `GET /v1/projects/${PROJECT}/policy`,
        `GET /v2/${PARENT}/api:getIamPolicy`,
        `GET /v2/${PARENT}/llm:getIamPolicy`,
        `GET /v2/${PARENT}/web:getIamPolicy`,
      ].sort(),
    );
    expect(scanned.fake.log.every((c) => readOnly(c) && answered(c))).toBe(true);
    expect(again.notes).toEqual([]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(scanned.inv));
  });
});

describe('collectGcp: failed Cloud Run calls', () => {
  it('notes a denied IAM policy and leaves that service’s authentication unknown', async () => {
    const { inv: got } = await withFaults([
      { collection: 'serviceIam', kind: 'denied', pathIncludes: '/web:' },
    ]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `GetServiceIamPolicy was denied in project ${PROJECT} (${REGION}, PERMISSION_DENIED) for ${WEB}; what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        address: WEB,
        service: 'run.googleapis.com',
        api: 'GetServiceIamPolicy',
        region: REGION,
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    expect(facts(got, WEB)['requiresAuthentication']).toEqual([
      'unknown',
      undefined,
      'the service IAM policy: GetServiceIamPolicy denied (PERMISSION_DENIED)',
    ]);
    // The other services' policies are read.
    expect(facts(got, LLM)['requiresAuthentication']?.[1]).toBe(true);
  });

  it('notes a denied Binary Authorization policy once and leaves the services that use it unknown', async () => {
    const { inv: got, calls } = await withFaults([{ collection: 'binauthzPolicy', kind: 'denied' }]);
    expect(calls.filter((c) => c.endsWith('/policy'))).toEqual([`GET /v1/projects/${PROJECT}/policy`]);
    expect(got.notes.map((n) => [n.kind, n.service, n.api, n.errorCode])).toEqual([
      ['denied', 'binaryauthorization.googleapis.com', 'GetPolicy', 'PERMISSION_DENIED'],
    ]);
    for (const id of [LLM, WEB])
      expect(facts(got, id)['imageSignatureEnforced']).toEqual([
        'unknown',
        undefined,
        "the project's Binary Authorization policy: GetPolicy denied (PERMISSION_DENIED)",
      ]);
    // The breakglass deployment never asked the policy.
    expect(facts(got, API)['imageSignatureEnforced']?.[1]).toBe(false);
  });

  it('notes a disabled Cloud Run API: no service, no IAM call', async () => {
    const { inv: got, calls } = await withFaults([{ collection: 'services', kind: 'disabled' }]);
    expect(calls).toEqual([LIST]);
    expect(got.assets.filter((a) => a.nativeType === 'run.googleapis.com/Service')).toEqual([]);
    expect(got.notes.map((n) => [n.kind, n.api, n.message])).toEqual([
      [
        'skipped',
        'ListServices',
        `ListServices was skipped: run.googleapis.com is not enabled in project ${PROJECT}; what it would have told is unknown`,
      ],
    ]);
  });

  it('retries a throttled page; a policy that outlives the retries is noted', async () => {
    const { inv: got, calls } = await withFaults([
      { collection: 'services', kind: 'exhausted', times: 1 },
      { collection: 'serviceIam', kind: 'unavailable', pathIncludes: '/llm:' },
    ]);
    expect(calls.filter((c) => c === LIST)).toHaveLength(2);
    expect(calls.filter((c) => c.endsWith('/llm:getIamPolicy'))).toHaveLength(3);
    expect(got.notes.map((n) => [n.kind, n.errorCode, n.address])).toEqual([['skipped', 'UNAVAILABLE', LLM]]);
    expect(facts(got, LLM)['requiresAuthentication']?.[0]).toBe('unknown');
    expect(facts(got, API)['requiresAuthentication']?.[1]).toBe(false);
  });
});

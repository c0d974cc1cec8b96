import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { collectWithFaults } from '../../fake-gcp/client.js';
import { scannedFake } from '../../fake-gcp/scanned.js';
import { answered, FakeGcp, type Fault } from '../../fake-gcp/server.js';
import { facts } from '../aws/scan.js';
import { bucket, kmsKey, PROJECT, sa, TRAINING_SA } from './fixture.js';
import { storageProject } from './storage-fixture.js';

/** Cloud Storage buckets and their IAM policies, read from the fake JSON API with the fixed-token credential. */

const scanned = scannedFake(() => new FakeGcp({ [PROJECT]: storageProject() }));

async function withFaults(faults: Fault[]): Promise<{ inv: Inventory; calls: string[] }> {
  const got = await collectWithFaults(scanned.fake, faults);
  return { inv: got, calls: scanned.fake.apiCalls().filter((c) => c.includes('/storage/')) };
}

const B = 'ListBuckets.';
const LOCKED = bucket('acme-locked');
const OPEN = bucket('acme-open');
const LIST = `GET /storage/v1/b`;
const flows = (i: Inventory, id: string): [string, string, string, string, string | undefined][] =>
  i.flows
    .filter((f) => f.from === id || f.to === id)
    .map((f) => [f.kind, f.from, f.to, f.evidence[0]?.attribute ?? '', f.evidence[0]?.note]);

describe('collectGcp: Cloud Storage buckets', () => {
  it('reads a locked-down bucket: prevention enforced, versioning, locked retention, delete rule, logs, CMEK', () => {
    expect(facts(scanned.inv, LOCKED)).toEqual({
      anonymousRead: ['default', false, 'iam'],
      anonymousWrite: ['default', false, 'iam'],
      publicAccessBlocked: ['explicit', true, `${B}iamConfiguration.publicAccessPrevention`],
      encryptedAtRest: ['default', true, `${B}encryption`],
      customerManagedKey: ['explicit', true, `${B}encryption.defaultKmsKeyName`],
      versioning: ['explicit', true, `${B}versioning.enabled`],
      immutability: ['explicit', true, `${B}retentionPolicy.isLocked`],
      deletionLifecycle: ['explicit', true, `${B}lifecycle.rule.action.type`],
      accessLogging: ['explicit', true, `${B}logging.logBucket`],
    });
    expect(scanned.inv.assets.find((a) => a.id === LOCKED)).toMatchObject({
      kind: 'object-store',
      provider: 'gcp',
      nativeType: 'storage.googleapis.com/Bucket',
      name: 'acme-locked',
      source: { input: `gcp://${PROJECT}`, address: LOCKED, region: 'europe-west4' },
      tags: { env: 'prod' },
    });
  });

  it('links the key (version dropped), the log bucket and the service account granted objectAdmin', () => {
    expect(flows(scanned.inv, LOCKED)).toEqual([
      ['encrypt-with', LOCKED, kmsKey, `${B}encryption.defaultKmsKeyName`, undefined],
      ['log-to', LOCKED, bucket('acme-logs'), `${B}logging.logBucket`, undefined],
      [
        'read',
        sa(TRAINING_SA),
        LOCKED,
        'GetBucketIamPolicy.bindings',
        `roles/storage.objectAdmin via serviceAccount:${TRAINING_SA}`,
      ],
      [
        'write',
        sa(TRAINING_SA),
        LOCKED,
        'GetBucketIamPolicy.bindings',
        `roles/storage.objectAdmin via serviceAccount:${TRAINING_SA}`,
      ],
    ]);
  });

  it('reads an open bucket: allUsers read, allAuthenticatedUsers write, an unlocked retention policy', () => {
    expect(facts(scanned.inv, OPEN)).toEqual({
      anonymousRead: ['explicit', true, 'GetBucketIamPolicy.bindings'],
      anonymousWrite: ['explicit', true, 'GetBucketIamPolicy.bindings'],
      publicAccessBlocked: ['explicit', false, `${B}iamConfiguration.publicAccessPrevention`],
      encryptedAtRest: ['default', true, `${B}encryption`],
      customerManagedKey: ['default', false, `${B}encryption.defaultKmsKeyName`],
      versioning: ['default', false, `${B}versioning.enabled`],
      immutability: ['default', false, `${B}retentionPolicy.isLocked`],
      deletionLifecycle: ['default', false, `${B}lifecycle.rule`],
      accessLogging: ['default', false, `${B}logging.logBucket`],
    });
    expect(flows(scanned.inv, OPEN)).toEqual([]);
    expect(scanned.inv.assets.find((a) => a.id === OPEN)?.source.region).toBe('us');
  });

  it('makes only GETs: the bucket list in two pages, then each bucket’s IAM policy once', async () => {
    const { calls, inv: again } = await withFaults([]);
    expect(calls.sort()).toEqual(
      [
        LIST,
        `${LIST}?2`,
        'GET /storage/v1/b/acme-locked/iam',
        'GET /storage/v1/b/acme-logs/iam',
        'GET /storage/v1/b/acme-open/iam',
      ].sort(),
    );
    expect(
      scanned.fake.log.filter((c) => c.path.startsWith('/storage/')).every((c) => c.method === 'GET'),
    ).toBe(true);
    expect(scanned.fake.log.every((c) => answered(c))).toBe(true);
    expect(scanned.fake.log.find((c) => c.path === '/storage/v1/b')?.query['project']).toBe(PROJECT);
    expect(again.notes).toEqual([]);
  });
});

describe('collectGcp: failed Cloud Storage calls', () => {
  it('notes a denied IAM policy and leaves that bucket’s anonymous access unknown', async () => {
    const { inv: got } = await withFaults([
      { collection: 'bucketIam', kind: 'denied', pathIncludes: 'acme-open' },
    ]);
    expect(got.notes).toEqual([
      {
        kind: 'denied',
        message: `GetBucketIamPolicy was denied in project ${PROJECT} (all locations, PERMISSION_DENIED) for ${OPEN}; what it would have told is unknown`,
        input: `gcp://${PROJECT}`,
        address: OPEN,
        service: 'storage.googleapis.com',
        api: 'GetBucketIamPolicy',
        account: PROJECT,
        errorCode: 'PERMISSION_DENIED',
      },
    ]);
    const why = 'the bucket IAM policy: GetBucketIamPolicy denied (PERMISSION_DENIED)';
    expect(facts(got, OPEN)).toMatchObject({
      anonymousRead: ['unknown', undefined, why],
      anonymousWrite: ['unknown', undefined, why],
      publicAccessBlocked: ['explicit', false, `${B}iamConfiguration.publicAccessPrevention`],
    });
    expect(flows(got, LOCKED).filter((f) => f[0] === 'read')).toHaveLength(1);
  });

  it('notes a denied bucket list: no bucket, no IAM call', async () => {
    const { inv: got, calls } = await withFaults([{ collection: 'buckets', kind: 'denied' }]);
    expect(calls).toEqual([LIST]);
    expect(got.assets.filter((a) => a.kind === 'object-store')).toEqual([]);
    expect(got.notes.map((n) => [n.kind, n.api, n.message])).toEqual([
      [
        'denied',
        'ListBuckets',
        `ListBuckets was denied in project ${PROJECT} (all locations, PERMISSION_DENIED); what it would have told is unknown`,
      ],
    ]);
  });

  it('retries 503 and 429: a recovered page leaves no note, one that outlives 2 retries is noted', async () => {
    const recovered = await withFaults([{ collection: 'buckets', kind: 'unavailable', times: 2 }]);
    expect(recovered.calls.filter((c) => c === LIST)).toHaveLength(3);
    expect(recovered.inv.notes).toEqual([]);
    expect(facts(recovered.inv, OPEN)['anonymousRead']?.[1]).toBe(true);

    const exhausted = await withFaults([
      { collection: 'bucketIam', kind: 'exhausted', pathIncludes: 'acme-locked' },
    ]);
    expect(exhausted.calls.filter((c) => c === 'GET /storage/v1/b/acme-locked/iam')).toHaveLength(3);
    expect(exhausted.inv.notes.map((n) => [n.kind, n.errorCode, n.message])).toEqual([
      [
        'skipped',
        'RESOURCE_EXHAUSTED',
        `GetBucketIamPolicy failed in project ${PROJECT} (all locations, RESOURCE_EXHAUSTED after 2 retries) for ${LOCKED}; what it would have told is unknown`,
      ],
    ]);
  });
});

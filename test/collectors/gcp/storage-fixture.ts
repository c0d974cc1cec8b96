import type { FakeProject } from '../../fake-gcp/server.js';
import { KEY, PROJECT, TRAINING_SA } from './fixture.js';

/**
 * One project with three Cloud Storage buckets (two pages): a locked-down one (prevention enforced,
 * versioning, a locked retention policy, a delete rule, access logs, CMEK) readable by the training service
 * account, an open one granted to allUsers and allAuthenticatedUsers, and the log bucket.
 */
export function storageProject(): FakeProject {
  return {
    vertex: {},
    storage: {
      buckets: [
        {
          name: 'acme-locked',
          location: 'EUROPE-WEST4',
          labels: { env: 'prod' },
          iamConfiguration: {
            uniformBucketLevelAccess: { enabled: true },
            publicAccessPrevention: 'enforced',
          },
          versioning: { enabled: true },
          retentionPolicy: { retentionPeriod: '86400', isLocked: true },
          lifecycle: { rule: [{ action: { type: 'SetStorageClass' } }, { action: { type: 'Delete' } }] },
          logging: { logBucket: 'acme-logs', logObjectPrefix: 'locked' },
          encryption: { defaultKmsKeyName: `${KEY}/cryptoKeyVersions/3` },
        },
        {
          name: 'acme-open',
          location: 'US',
          iamConfiguration: { publicAccessPrevention: 'inherited' },
          retentionPolicy: { retentionPeriod: '60' },
        },
        {
          name: 'acme-logs',
          location: 'EUROPE-WEST4',
          iamConfiguration: { publicAccessPrevention: 'enforced' },
        },
      ],
      iam: {
        'acme-locked': [
          {
            role: 'roles/storage.objectAdmin',
            members: [`serviceAccount:${TRAINING_SA}`, 'user:alice@acme.test'],
          },
          { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${PROJECT}`] },
        ],
        'acme-open': [
          { role: 'roles/storage.objectViewer', members: ['allUsers'] },
          { role: 'roles/storage.objectCreator', members: ['allAuthenticatedUsers'] },
        ],
      },
    },
  };
}

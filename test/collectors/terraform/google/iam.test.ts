import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf, ref, type TestResource } from './plan-builder.js';

const sa = (name: string): TestResource => ({
  type: 'google_service_account',
  name,
  action: 'no-op',
  values: {
    account_id: name,
    project: 'p',
    email: `${name}@p.iam.gserviceaccount.com`,
    member: `serviceAccount:${name}@p.iam.gserviceaccount.com`,
    name: `projects/p/serviceAccounts/${name}@p.iam.gserviceaccount.com`,
  },
});

describe('google_service_account and google_identity_platform_config', () => {
  it('a service account is an identity without admin privileges or external trust until a grant says so', () => {
    const inv = inventoryOf([
      sa('app'),
      { type: 'google_identity_platform_config', name: 'auth', values: { project: 'p' } },
    ]);
    expect(assetOf(inv, 'google_service_account.app')).toMatchObject({
      kind: 'identity',
      facts: {
        adminPrivileges: { state: 'default', value: false },
        externalTrust: { state: 'default', value: false },
      },
    });
    expect(assetOf(inv, 'google_identity_platform_config.auth')).toMatchObject({
      kind: 'identity-provider',
      name: 'https://securetoken.google.com/p',
    });
  });
});

describe('google_project_iam_member / _binding', () => {
  it('roles/editor makes the service account an administrator (through a reference)', () => {
    const inv = inventoryOf([
      sa('ci'),
      {
        type: 'google_project_iam_member',
        name: 'ci',
        values: { project: 'p', role: 'roles/editor' },
        unknown: { member: true },
        expressions: { member: ref('google_service_account.ci.member') },
      },
    ]);
    expect(assetOf(inv, 'google_service_account.ci').facts.adminPrivileges).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'google_project_iam_member.ci.role',
    });
  });

  it('a viewer role does not', () => {
    const inv = inventoryOf([
      sa('ci'),
      {
        type: 'google_project_iam_member',
        name: 'ci',
        values: { project: 'p', role: 'roles/viewer', member: 'serviceAccount:ci@p.iam.gserviceaccount.com' },
      },
    ]);
    expect(assetOf(inv, 'google_service_account.ci').facts.adminPrivileges).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('an admin role to a member that cannot be resolved makes adminPrivileges unknown', () => {
    const inv = inventoryOf([
      sa('ci'),
      {
        type: 'google_project_iam_member',
        name: 'x',
        values: { project: 'p', role: 'roles/owner' },
        unknown: { member: true },
      },
    ]);
    expect(assetOf(inv, 'google_service_account.ci').facts.adminPrivileges).toMatchObject({
      state: 'unknown',
    });
  });

  it('a project-level storage role reaches every bucket of the project, not those of others', () => {
    const inv = inventoryOf([
      sa('etl'),
      { type: 'google_storage_bucket', name: 'mine', values: { name: 'mine', project: 'p' } },
      { type: 'google_storage_bucket', name: 'theirs', values: { name: 'theirs', project: 'q' } },
      {
        type: 'google_project_iam_binding',
        name: 'etl',
        values: {
          project: 'p',
          role: 'roles/storage.objectViewer',
          members: ['serviceAccount:etl@p.iam.gserviceaccount.com'],
        },
      },
    ]);
    expect(
      flowOf(inv, 'read', 'google_service_account.etl', 'google_storage_bucket.mine')?.evidence[0]?.note,
    ).toContain('on the project');
    expect(flowOf(inv, 'read', 'google_service_account.etl', 'google_storage_bucket.theirs')).toBeUndefined();
  });
});

describe('google_service_account_iam_member', () => {
  it('serviceAccountUser for another service account: it can act as the target', () => {
    const inv = inventoryOf([
      sa('deployer'),
      sa('runtime'),
      {
        type: 'google_service_account_iam_member',
        name: 'actas',
        values: {
          service_account_id: 'projects/p/serviceAccounts/runtime@p.iam.gserviceaccount.com',
          role: 'roles/iam.serviceAccountUser',
          member: 'serviceAccount:deployer@p.iam.gserviceaccount.com',
        },
        expressions: { service_account_id: ref('google_service_account.runtime.name') },
      },
    ]);
    expect(
      flowOf(inv, 'assume-identity', 'google_service_account.deployer', 'google_service_account.runtime'),
    ).toBeDefined();
    expect(assetOf(inv, 'google_service_account.runtime').facts.externalTrust).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('workload identity federation without a condition: externalTrust', () => {
    const inv = inventoryOf([
      sa('runtime'),
      {
        type: 'google_service_account_iam_member',
        name: 'wif',
        values: {
          service_account_id: 'projects/p/serviceAccounts/runtime@p.iam.gserviceaccount.com',
          role: 'roles/iam.workloadIdentityUser',
          member: 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/*',
        },
      },
    ]);
    expect(assetOf(inv, 'google_service_account.runtime').facts.externalTrust).toMatchObject({
      state: 'explicit',
      value: true,
    });
  });

  it('the same grant with an IAM condition is not unconditional external trust', () => {
    const inv = inventoryOf([
      sa('runtime'),
      {
        type: 'google_service_account_iam_member',
        name: 'wif',
        values: {
          service_account_id: 'projects/p/serviceAccounts/runtime@p.iam.gserviceaccount.com',
          role: 'roles/iam.workloadIdentityUser',
          member: 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/*',
          condition: [{ title: 'main only', expression: 'assertion.ref == "refs/heads/main"' }],
        },
      },
    ]);
    expect(assetOf(inv, 'google_service_account.runtime').facts.externalTrust).toMatchObject({
      state: 'default',
      value: false,
    });
  });
});

describe('google_kms_crypto_key (+ _iam_member)', () => {
  it('rotation_period set: keyRotation; absent: default false', () => {
    const inv = inventoryOf([
      { type: 'google_kms_crypto_key', name: 'rotated', values: { name: 'a', rotation_period: '7776000s' } },
      { type: 'google_kms_crypto_key', name: 'static', values: { name: 'b' } },
    ]);
    expect(assetOf(inv, 'google_kms_crypto_key.rotated').facts.keyRotation).toMatchObject({
      state: 'explicit',
      value: true,
    });
    expect(assetOf(inv, 'google_kms_crypto_key.static').facts.keyRotation).toMatchObject({
      state: 'default',
      value: false,
    });
  });

  it('encrypter/decrypter grants become encrypt-with flows from the identity; other roles do not', () => {
    const inv = inventoryOf([
      sa('app'),
      { type: 'google_kms_crypto_key', name: 'k', values: { name: 'k' }, unknown: { id: true } },
      {
        type: 'google_kms_crypto_key_iam_member',
        name: 'use',
        values: {
          role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
          member: 'serviceAccount:app@p.iam.gserviceaccount.com',
        },
        unknown: { crypto_key_id: true },
        expressions: { crypto_key_id: ref('google_kms_crypto_key.k.id') },
      },
      {
        type: 'google_kms_crypto_key_iam_member',
        name: 'view',
        values: { role: 'roles/cloudkms.viewer', member: 'serviceAccount:app@p.iam.gserviceaccount.com' },
        unknown: { crypto_key_id: true },
        expressions: { crypto_key_id: ref('google_kms_crypto_key.k.id') },
      },
    ]);
    const flows = inv.flows.filter((f) => f.kind === 'encrypt-with');
    expect(flows.map((f) => `${f.from} -> ${f.to}`)).toEqual([
      'google_service_account.app -> google_kms_crypto_key.k',
    ]);
    expect(flows[0]?.evidence).toHaveLength(1);
  });
});

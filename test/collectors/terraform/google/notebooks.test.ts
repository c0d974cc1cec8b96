import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf } from './plan-builder.js';

describe('google_workbench_instance', () => {
  it('defaults: external IP, root, terminal, GMEK, default compute service account', () => {
    const inv = inventoryOf([
      {
        type: 'google_workbench_instance',
        name: 'nb',
        values: { name: 'nb', gce_setup: [{ machine_type: 'n1-standard-4' }] },
      },
    ]);
    const f = assetOf(inv, 'google_workbench_instance.nb').facts;
    expect(f.directInternetAccess).toMatchObject({ state: 'default', value: true });
    expect(f.rootAccess).toMatchObject({
      state: 'default',
      value: true,
      attribute: 'gce_setup[0].metadata.notebook-disable-root',
    });
    expect(f.shellAccess).toMatchObject({ state: 'default', value: true });
    expect(f.customerManagedKey).toMatchObject({ state: 'default', value: false });
    expect(f.privateNetwork).toMatchObject({ state: 'default', value: false });
    const sa = 'google_workbench_instance.nb#default-compute-service-account';
    expect(assetOf(inv, sa).facts.adminPrivileges).toMatchObject({ state: 'unknown' });
    expect(flowOf(inv, 'assume-identity', 'google_workbench_instance.nb', sa)?.evidence[0]?.note).toContain(
      'default Compute Engine service account',
    );
  });

  it('hardened: no public IP, root disabled, CMEK, VPC subnet; the default compute account by email is recognised', () => {
    const inv = inventoryOf([
      {
        type: 'google_workbench_instance',
        name: 'nb',
        values: {
          name: 'nb',
          disable_proxy_access: true,
          gce_setup: [
            {
              disable_public_ip: true,
              metadata: { 'notebook-disable-root': 'true', 'notebook-disable-terminal': 'true' },
              boot_disk: [
                { disk_encryption: 'CMEK', kms_key: 'projects/p/locations/l/keyRings/r/cryptoKeys/k' },
              ],
              network_interfaces: [
                { network: 'projects/p/global/networks/v', subnet: 'projects/p/regions/r/subnetworks/s' },
              ],
              service_accounts: [{ email: '123456789012-compute@developer.gserviceaccount.com' }],
            },
          ],
        },
      },
    ]);
    const f = assetOf(inv, 'google_workbench_instance.nb').facts;
    expect(f.directInternetAccess).toMatchObject({ state: 'explicit', value: false });
    expect(f.rootAccess).toMatchObject({ state: 'explicit', value: false });
    expect(f.shellAccess).toMatchObject({ state: 'explicit', value: false });
    expect(f.customerManagedKey).toMatchObject({ state: 'explicit', value: true });
    expect(f.privateNetwork).toMatchObject({ state: 'explicit', value: true });
    expect(f.internetReachable).toMatchObject({ state: 'explicit', value: false });
    expect(assetOf(inv, 'google_workbench_instance.nb#default-compute-service-account').name).toBe(
      '123456789012-compute@developer.gserviceaccount.com',
    );
  });

  it('metadata known only after apply: rootAccess unknown', () => {
    const inv = inventoryOf([
      {
        type: 'google_workbench_instance',
        name: 'nb',
        values: { name: 'nb', gce_setup: [{}] },
        unknown: { gce_setup: [{ metadata: true }] },
      },
    ]);
    expect(assetOf(inv, 'google_workbench_instance.nb').facts.rootAccess).toMatchObject({
      state: 'unknown',
      reason: 'known only after apply',
    });
  });
});

describe('google_notebooks_instance (legacy)', () => {
  it('no_public_ip and metadata as on Workbench', () => {
    const inv = inventoryOf([
      {
        type: 'google_notebooks_instance',
        name: 'old',
        values: { name: 'old', no_public_ip: false, metadata: { 'notebook-disable-root': 'false' } },
      },
      {
        type: 'google_notebooks_instance',
        name: 'safe',
        values: {
          name: 'safe',
          no_public_ip: true,
          disk_encryption: 'CMEK',
          metadata: { 'notebook-disable-root': 'true' },
        },
      },
    ]);
    expect(assetOf(inv, 'google_notebooks_instance.old').facts).toMatchObject({
      directInternetAccess: { state: 'explicit', value: true },
      rootAccess: { state: 'explicit', value: true },
    });
    expect(assetOf(inv, 'google_notebooks_instance.safe').facts).toMatchObject({
      directInternetAccess: { state: 'explicit', value: false },
      rootAccess: { state: 'explicit', value: false },
      customerManagedKey: { state: 'explicit', value: true },
    });
  });
});

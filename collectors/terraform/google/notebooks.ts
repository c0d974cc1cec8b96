import { byDefault } from '../../../src/model/index.js';
import { boolFact, enumFact, presenceFact } from '../attributes.js';
import type { MapFn } from '../context.js';
import { encryptsWith, placedIn, runsAs } from './common.js';

/**
 * google_workbench_instance. Defaults: an external IP (`disable_public_ip` false), root/sudo for the user
 * (metadata `notebook-disable-root` absent or "false"), a terminal in JupyterLab (`notebook-disable-terminal`
 * absent), Google-managed disk encryption (`disk_encryption` GMEK), the default compute service account.
 */
export const mapWorkbenchInstance: MapFn = (r, ctx) => {
  const g = 'gce_setup.0';
  ctx.asset(r, {
    kind: 'notebook',
    facts: {
      directInternetAccess: boolFact(r, `${g}.disable_public_ip`, false, true),
      rootAccess: boolFact(r, `${g}.metadata.notebook-disable-root`, false, true),
      shellAccess: boolFact(r, `${g}.metadata.notebook-disable-terminal`, false, true),
      customerManagedKey: enumFact(r, `${g}.boot_disk.0.disk_encryption`, ['CMEK'], 'GMEK'),
      privateNetwork: presenceFact(r, `${g}.network_interfaces.0.subnet`),
      // Reachable through the Google-managed Jupyter proxy (IAM-authenticated) unless disabled.
      internetReachable: boolFact(r, 'disable_proxy_access', false, true),
      requiresAuthentication: byDefault(true, 'proxy_uri'),
    },
  });
  runsAs(ctx, r, `${g}.service_accounts.0.email`, r.address, true);
  placedIn(ctx, r, `${g}.network_interfaces.0.subnet`);
  encryptsWith(ctx, r, `${g}.boot_disk.0.kms_key`);
};

/** google_notebooks_instance (user-managed notebooks, removed in provider v8): same facts, older attribute names. */
export const mapNotebooksInstance: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'notebook',
    facts: {
      directInternetAccess: boolFact(r, 'no_public_ip', false, true),
      rootAccess: boolFact(r, 'metadata.notebook-disable-root', false, true),
      shellAccess: boolFact(r, 'metadata.notebook-disable-terminal', false, true),
      customerManagedKey: enumFact(r, 'disk_encryption', ['CMEK'], 'GMEK'),
      privateNetwork: presenceFact(r, 'subnet'),
      internetReachable: boolFact(r, 'no_proxy_access', false, true),
      requiresAuthentication: byDefault(true, 'proxy_uri'),
    },
  });
  runsAs(ctx, r, 'service_account', r.address, true);
  placedIn(ctx, r, 'subnet');
  encryptsWith(ctx, r, 'kms_key');
};

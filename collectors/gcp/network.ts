import { byDefault, explicit, type Facts } from '../../src/model/index.js';
import { cmek, negate, present } from './links.js';

/**
 * Network and key facts of a training workload (google_vertex_ai_persistent_resource in the google mapper): on a
 * peered VPC (`network`) or a PSC interface it reaches out only through the customer VPC; otherwise it runs in
 * Google's network with internet egress.
 */
export function workloadFacts(
  operation: string,
  w: {
    readonly network?: string | null;
    readonly pscInterfaceConfig?: { readonly networkAttachment?: string | null } | null;
    readonly kmsKeyName?: string | null;
  },
  prefix = '',
): Facts {
  const inVpc = present(w.network)
    ? explicit(true, `${operation}.${prefix}network`)
    : present(w.pscInterfaceConfig?.networkAttachment)
      ? explicit(true, `${operation}.${prefix}pscInterfaceConfig.networkAttachment`)
      : byDefault(false, `${operation}.${prefix}network`);
  return {
    privateNetwork: inVpc,
    directInternetAccess: negate(inVpc),
    networkIsolated: inVpc,
    customerManagedKey: cmek(w.kmsKeyName, `${operation}.encryptionSpec.kmsKeyName`),
  };
}

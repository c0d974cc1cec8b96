import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { byDefault, everyFact, explicit, unknown, type Fact, type Facts } from '../../src/model/index.js';
import { assumeIdentities } from './managed-identity.js';
import { SERVICE, at, type WorkspaceContext } from './ml-common.js';
import type { Listing } from './runtime.js';

const ENDPOINTS = { service: SERVICE, operation: 'OnlineEndpoints_List' } as const;
const DEPLOYMENTS = { service: SERVICE, operation: 'OnlineDeployments_List' } as const;

/** Online endpoints (inference endpoints) and their deployments (models the endpoint invokes). */
export async function endpoints(
  ctx: WorkspaceContext,
  pages: () => AsyncIterableIterator<OnlineEndpoint[]>,
  deploymentPages: (endpoint: string) => AsyncIterableIterator<OnlineDeployment[]>,
): Promise<void> {
  const listing = await ctx.rt.list(ctx.subscription, ENDPOINTS, pages, ctx.id);
  await Promise.all(
    listing.items.map(async (e) => {
      if (e.id === undefined || e.name === undefined) return;
      const name = e.name;
      const deployments = await ctx.rt.list(ctx.subscription, DEPLOYMENTS, () => deploymentPages(name), e.id);
      const facts = endpointFacts(e, deployments);
      ctx.inv.asset(ctx.subscription, {
        id: e.id,
        kind: 'inference-endpoint',
        nativeType: `${SERVICE}/workspaces/onlineEndpoints`,
        name,
        region: e.location,
        facts,
        tags: e.tags ?? {},
      });
      assumeIdentities(
        ctx.inv,
        ctx.subscription,
        e.id,
        e.identity,
        at(ENDPOINTS, 'identity.userAssignedIdentities'),
      );
      for (const d of deployments.items) {
        if (d.id === undefined || d.name === undefined) continue;
        ctx.inv.asset(ctx.subscription, {
          id: d.id,
          kind: 'model',
          nativeType: `${SERVICE}/workspaces/onlineEndpoints/deployments`,
          name: d.name,
          region: d.location,
          facts: { networkIsolated: egressFact(d) },
          tags: d.tags ?? {},
        });
        ctx.inv.flow('invoke', e.id, d.id, { assetId: e.id, attribute: at(DEPLOYMENTS, 'id') });
        assumeIdentities(
          ctx.inv,
          ctx.subscription,
          d.id,
          d.identity,
          at(DEPLOYMENTS, 'identity.userAssignedIdentities'),
        );
      }
    }),
  );
}

function endpointFacts(e: OnlineEndpoint, deployments: Listing<OnlineDeployment>): Facts {
  const pna = at(ENDPOINTS, 'properties.publicNetworkAccess');
  const auth = at(ENDPOINTS, 'properties.authMode');
  const mode = e.properties.authMode as string | undefined;
  const facts: Facts = {
    internetReachable:
      e.properties.publicNetworkAccess === undefined
        ? byDefault(true, pna)
        : explicit(e.properties.publicNetworkAccess === 'Enabled', pna),
    // Key, AMLToken and AADToken all need a credential; only Key is a static key.
    requiresAuthentication: explicit(true, auth),
    keyAuthEnabled: mode === undefined ? byDefault(true, auth) : explicit(mode === 'Key', auth),
  };
  // Egress of the endpoint is that of its deployments: isolated only when every one of them is.
  facts.networkIsolated =
    deployments.incomplete !== undefined
      ? unknown(DEPLOYMENTS.operation, deployments.incomplete.message)
      : everyFact(
          deployments.items.map(egressFact),
          byDefault(false, at(DEPLOYMENTS, 'properties.egressPublicNetworkAccess')),
        );
  return facts;
}

function egressFact(d: OnlineDeployment): Fact<boolean> {
  const attribute = at(DEPLOYMENTS, 'properties.egressPublicNetworkAccess');
  const egress = d.properties.egressPublicNetworkAccess;
  return egress === undefined ? byDefault(false, attribute) : explicit(egress === 'Disabled', attribute);
}

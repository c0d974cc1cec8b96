import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  boolFact,
  isUnknownAt,
  object,
  presenceFact,
  str,
  unknownReason,
} from '../attributes.js';
import type { MapperContext } from '../context.js';
import { imagePinnedFact, pinnedReference } from '../image.js';
import type { TfResource } from '../types.js';
import { assumeIdentities, publicNetworkFact } from './common.js';

/** Azure AI Search: the vector index of a RAG application. */
export function mapSearchService(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, {
    kind: 'vector-store',
    facts: {
      internetReachable: boolFact(r, 'public_network_access_enabled', true),
      keyAuthEnabled: boolFact(r, 'local_authentication_enabled', true),
      customerManagedKey: boolFact(r, 'customer_managed_key_enforcement_enabled', false),
      // Queries and indexing are logged only through a diagnostic setting (OperationLogs), which patches this.
      accessLogging: byDefault(false, 'azurerm_monitor_diagnostic_setting'),
    },
  });
  assumeIdentities(r, ctx, id);
}

export function mapContainerRegistry(r: TfResource, ctx: MapperContext): void {
  const id = ctx.asset(r, {
    kind: 'container-registry',
    facts: {
      internetReachable: publicNetworkFact(r, 'public_network_access_enabled', 'network_rule_set'),
      anonymousRead: boolFact(r, 'anonymous_pull_enabled', false),
      keyAuthEnabled: boolFact(r, 'admin_enabled', false),
      customerManagedKey: presenceFact(r, 'encryption.0.key_vault_key_id'),
    },
  });
  assumeIdentities(r, ctx, id);
}

const SECRET_NAME = /(key|secret|password|token|connection_?string)/i;

/** App settings whose names look like credentials and whose values are literals (not Key Vault references). */
function plaintextSettings(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'app_settings')) return unknown('app_settings', AFTER_APPLY);
  const settings = object(r, 'app_settings') ?? {};
  const hit = Object.entries(settings).find(
    ([k, v]) =>
      SECRET_NAME.test(k) && typeof v === 'string' && v !== '' && !v.startsWith('@Microsoft.KeyVault('),
  );
  return hit ? explicit(true, `app_settings.${hit[0]}`) : byDefault(false, 'app_settings');
}

const STACK = 'site_config.0.application_stack.0';

/**
 * Whether a container app runs a pinned image: a web app names it with its tag in `docker_image_name`, a function
 * app in `docker[0].image_name` and `image_tag`. Azure Container Registry has no immutable tags to configure here,
 * so only a digest pins it. Absent for code deployments.
 */
function appImage(r: TfResource): Fact<boolean> | undefined {
  const web = imagePinnedFact(r, `${STACK}.docker_image_name`);
  if (web !== undefined) return web;
  const docker = `${STACK}.docker.0`;
  for (const part of ['image_name', 'image_tag']) {
    const path = `${docker}.${part}`;
    if (isUnknownAt(r, path)) return unknown(attributeName(path), unknownReason(r, path));
  }
  const name = str(r, `${docker}.image_name`);
  if (name === undefined) return undefined;
  const tag = str(r, `${docker}.image_tag`);
  const image = tag === undefined || name.includes('@') ? name : `${name}:${tag}`;
  return pinnedReference(image, attributeName(`${docker}.image_tag`));
}

/** Linux function and web apps: HTTP workloads (function kind). */
export function mapLinuxApp(r: TfResource, ctx: MapperContext): void {
  const image = appImage(r);
  const id = ctx.asset(r, {
    kind: 'function',
    facts: {
      internetReachable: boolFact(r, 'public_network_access_enabled', true),
      privateNetwork: presenceFact(r, 'virtual_network_subnet_id'),
      plaintextSecrets: plaintextSettings(r),
      // Built-in authentication (Easy Auth) with unauthenticated requests rejected.
      requiresAuthentication: boolFact(r, 'auth_settings_v2.0.require_authentication', false),
      ...(image === undefined ? {} : { imagePinned: image }),
    },
  });
  assumeIdentities(r, ctx, id);
  for (const l of ctx.linked(r, 'virtual_network_subnet_id', ['azurerm_subnet'], ['id'])) {
    ctx.flow(id, l.resource.address, 'network', ctx.evidence(r, 'virtual_network_subnet_id', l.via));
  }
}

import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import {
  AFTER_APPLY,
  attributeName,
  bool,
  hasUnknownBelow,
  isUnknownAt,
  list,
  presenceFact,
  str,
  strings,
} from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { cmekFact, encryptsWith, linkByName, placedIn, runsAs } from './common.js';

export const mapNetwork: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'network' });
};

export const mapSubnetwork: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'subnet' });
};

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** An enabled INGRESS rule (the default direction) that allows traffic from 0.0.0.0/0 or ::/0. */
function firewallOpen(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'direction') || hasUnknownBelow(r, 'source_ranges')) {
    return unknown(attributeName('source_ranges'), AFTER_APPLY);
  }
  const direction = str(r, 'direction') ?? 'INGRESS';
  if (direction !== 'INGRESS' || bool(r, 'disabled') === true || list(r, 'allow').length === 0) {
    return explicit(
      false,
      direction !== 'INGRESS' ? 'direction' : bool(r, 'disabled') === true ? 'disabled' : 'allow',
    );
  }
  const ranges = strings(r, 'source_ranges');
  return explicit(
    ranges.some((c) => ANYWHERE.has(c)),
    'source_ranges',
  );
}

export const mapFirewall: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'firewall-rule', facts: { internetReachable: firewallOpen(r) } });
  for (const link of linkByName(ctx, r, 'network', ['google_compute_network'])) {
    ctx.flow(r.address, link.resource.address, 'network', ctx.evidence(r, 'network', link.via));
  }
};

/** google_compute_instance: a VM; with GPUs attached it is treated as a self-hosted model server. */
export const mapComputeInstance: MapFn = (r, ctx) => {
  const gpu = list(r, 'guest_accelerator').length > 0;
  ctx.asset(r, {
    kind: gpu ? 'inference-endpoint' : 'compute-instance',
    facts: {
      directInternetAccess: presenceFact(r, 'network_interface.0.access_config'),
      customerManagedKey: cmekFact(ctx, r, 'boot_disk.0.kms_key_self_link'),
      privateNetwork: byDefault(true, 'network_interface'),
    },
  });
  runsAs(ctx, r, 'service_account.0.email', r.address, true);
  placedIn(ctx, r, 'network_interface.0.subnetwork');
  encryptsWith(ctx, r, 'boot_disk.0.kms_key_self_link');
};

/** google_compute_security_policy: a Cloud Armor policy (WAF); rate-based rules are throttling. */
export const mapSecurityPolicy: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'waf', facts: { throttling: securityPolicyThrottles(r) } });
};

function securityPolicyThrottles(r: TfResource): Fact<boolean> {
  if (hasUnknownBelow(r, 'rule')) return unknown('rule', AFTER_APPLY);
  const i = list(r, 'rule').findIndex((_, n) =>
    ['throttle', 'rate_based_ban'].includes(str(r, `rule.${n}.action`) ?? ''),
  );
  return i < 0 ? byDefault(false, 'rule') : explicit(true, attributeName(`rule.${i}.action`));
}

const NEG = ['google_compute_region_network_endpoint_group'] as const;

/** google_compute_region_network_endpoint_group: read by the backend services that use it (mapBackendService). */
export const mapNetworkEndpointGroup: MapFn = () => undefined;

/** What a serverless NEG routes to: an API Gateway gateway or a Cloud Run service. */
function negTargets(ctx: MapperContext, neg: TfResource): string[] {
  const out = ctx
    .linked(
      neg,
      'serverless_deployment.0.resource',
      ['google_api_gateway_gateway'],
      ['gateway_id', 'name', 'id'],
    )
    .map((l) => l.resource.address);
  for (const l of ctx.linked(neg, 'cloud_run.0.service', ['google_cloud_run_v2_service'], ['name']))
    out.push(l.resource.address);
  for (const l of ctx.linked(neg, 'cloud_function.0.function', ['google_cloudfunctions2_function'], ['name']))
    out.push(l.resource.address);
  return out;
}

/**
 * google_compute_backend_service: the backends behind an external HTTPS load balancer. Its Cloud Armor policy
 * protects the serverless targets of its NEGs (wafProtected) and its rate limits throttle them.
 */
export const mapBackendService: MapFn = (r, ctx) => {
  const policies = ctx.linked(
    r,
    'security_policy',
    ['google_compute_security_policy'],
    ['self_link', 'id', 'name'],
  );
  const waf: Fact<boolean> =
    policies.length > 0 || str(r, 'security_policy') !== undefined
      ? explicit(true, `${r.address}.security_policy`)
      : isUnknownAt(r, 'security_policy')
        ? unknown(`${r.address}.security_policy`, AFTER_APPLY)
        : byDefault(false, `${r.address}.security_policy`);
  const throttled = policies
    .map((p) => securityPolicyThrottles(p.resource))
    .find((f) => f.state !== 'default');
  list(r, 'backend').forEach((_, i) => {
    for (const neg of ctx.linked(r, `backend.${i}.group`, NEG, ['self_link', 'id', 'name'])) {
      for (const target of negTargets(ctx, neg.resource)) {
        ctx.patch(
          target,
          { wafProtected: waf, ...(throttled === undefined ? {} : { throttling: throttled }) },
          'or',
        );
      }
    }
  });
};

/** google_access_context_manager_service_perimeter: VPC Service Controls around projects. */
export const mapServicePerimeter: MapFn = (r, ctx) => {
  const restricted = strings(r, 'status.0.restricted_services');
  ctx.asset(r, {
    kind: 'network',
    facts: {
      networkIsolated: hasUnknownBelow(r, 'status.0.restricted_services')
        ? unknown('status[0].restricted_services', AFTER_APPLY)
        : explicit(
            restricted.includes('aiplatform.googleapis.com') && restricted.includes('storage.googleapis.com'),
            'status[0].restricted_services',
          ),
    },
  });
};

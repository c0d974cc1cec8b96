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
  unknownReason,
  valueAt,
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

/** The parts of a firewall rule that decide whether the internet reaches through it. */
export interface FirewallRule {
  /** INGRESS (the default) or EGRESS. */
  readonly direction: string | undefined;
  readonly disabled: boolean;
  /** How many allow blocks it has (a deny rule has none). */
  readonly allows: number;
  readonly sourceRanges: readonly string[];
}

/**
 * An enabled INGRESS rule that allows traffic from 0.0.0.0/0 or ::/0, and which part of the rule decided it.
 */
export function firewallOpenOf(rule: FirewallRule): {
  readonly open: boolean;
  readonly decidedBy: 'direction' | 'disabled' | 'allow' | 'sourceRanges';
} {
  const direction = rule.direction ?? 'INGRESS';
  if (direction !== 'INGRESS') return { open: false, decidedBy: 'direction' };
  if (rule.disabled) return { open: false, decidedBy: 'disabled' };
  if (rule.allows === 0) return { open: false, decidedBy: 'allow' };
  return { open: rule.sourceRanges.some((c) => ANYWHERE.has(c)), decidedBy: 'sourceRanges' };
}

const FIREWALL_ATTRIBUTE = {
  direction: 'direction',
  disabled: 'disabled',
  allow: 'allow',
  sourceRanges: 'source_ranges',
} as const;

function firewallOpen(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'direction') || hasUnknownBelow(r, 'source_ranges')) {
    return unknown(attributeName('source_ranges'), AFTER_APPLY);
  }
  const { open, decidedBy } = firewallOpenOf({
    direction: str(r, 'direction'),
    disabled: bool(r, 'disabled') === true,
    allows: list(r, 'allow').length,
    sourceRanges: strings(r, 'source_ranges'),
  });
  return explicit(open, FIREWALL_ATTRIBUTE[decidedBy]);
}

export const mapFirewall: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'firewall-rule', facts: { internetReachable: firewallOpen(r) } });
  for (const link of linkByName(ctx, r, 'network', ['google_compute_network'])) {
    ctx.flow(r.address, link.resource.address, 'network', ctx.evidence(r, 'network', link.via));
  }
};

const TRUTHY = new Set(['true', 'TRUE', 'True', '1']);

/**
 * Interactive shell on a VM set by its own metadata: SSH keys of the instance (`ssh-keys`, legacy `sshKeys`)
 * or the interactive serial console (`serial-port-enable`). Access through OS Login or project-wide keys depends
 * on IAM and project metadata outside the instance and is not read here.
 */
function instanceShellAccess(r: TfResource): Fact<boolean> {
  if (isUnknownAt(r, 'metadata')) return unknown('metadata', unknownReason(r, 'metadata'));
  for (const key of ['ssh-keys', 'sshKeys']) {
    const path = `metadata.${key}`;
    if (isUnknownAt(r, path)) return unknown(attributeName(path), unknownReason(r, path));
    if ((str(r, path) ?? '') !== '') return explicit(true, attributeName(path));
  }
  const serial = 'metadata.serial-port-enable';
  if (isUnknownAt(r, serial)) return unknown(attributeName(serial), unknownReason(r, serial));
  const v = valueAt(r, serial);
  if (v === true || (typeof v === 'string' && TRUTHY.has(v))) return explicit(true, attributeName(serial));
  return byDefault(false, 'metadata');
}

/** google_compute_instance: a VM; with GPUs attached it is treated as a self-hosted model server. */
export const mapComputeInstance: MapFn = (r, ctx) => {
  const gpu = list(r, 'guest_accelerator').length > 0;
  ctx.asset(r, {
    kind: gpu ? 'inference-endpoint' : 'compute-instance',
    facts: {
      directInternetAccess: presenceFact(r, 'network_interface.0.access_config'),
      shellAccess: instanceShellAccess(r),
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

/** The APIs a perimeter must restrict to keep datasets, models and predictions inside it. */
export const PERIMETER_MUST_RESTRICT: readonly string[] = [
  'aiplatform.googleapis.com',
  'storage.googleapis.com',
];

/** Whether a perimeter's enforced restricted services keep the AI and storage APIs inside it. */
export function perimeterIsolatesAi(restricted: readonly string[]): boolean {
  return PERIMETER_MUST_RESTRICT.every((s) => restricted.includes(s));
}

/**
 * A bridge perimeter only lets the projects of two regular perimeters call each other: it restricts no service
 * (the API refuses restricted services on it), so it isolates nothing and misses nothing either. It gets no
 * networkIsolated fact, which the regular perimeters around the same projects carry.
 */
export const BRIDGE_PERIMETER = 'PERIMETER_TYPE_BRIDGE';

/** google_access_context_manager_service_perimeter: VPC Service Controls around projects. */
export const mapServicePerimeter: MapFn = (r, ctx) => {
  if (str(r, 'perimeter_type') === BRIDGE_PERIMETER) {
    ctx.asset(r, { kind: 'network', facts: {} });
    return;
  }
  const restricted = strings(r, 'status.0.restricted_services');
  ctx.asset(r, {
    kind: 'network',
    facts: {
      networkIsolated: hasUnknownBelow(r, 'status.0.restricted_services')
        ? unknown('status[0].restricted_services', AFTER_APPLY)
        : explicit(perimeterIsolatesAi(restricted), 'status[0].restricted_services'),
    },
  });
};

const HTTPS_PROXY = ['google_compute_target_https_proxy'] as const;
const HTTP_PROXY = ['google_compute_target_http_proxy'] as const;
const URL_MAP = ['google_compute_url_map'] as const;
const BACKEND_SERVICE = ['google_compute_backend_service'] as const;
const EXTERNAL_SCHEMES = new Set(['EXTERNAL', 'EXTERNAL_MANAGED']);

/** The serverless targets behind a URL map: its default and path-matcher services, their NEGs' targets. */
function urlMapTargets(ctx: MapperContext, map: TfResource): string[] {
  const paths = ['default_service'];
  list(map, 'path_matcher').forEach((_, i) => {
    paths.push(`path_matcher.${i}.default_service`);
    list(map, `path_matcher.${i}.path_rule`).forEach((_, j) =>
      paths.push(`path_matcher.${i}.path_rule.${j}.service`),
    );
  });
  const out = new Set<string>();
  for (const path of paths) {
    for (const bs of ctx.linked(map, path, BACKEND_SERVICE, ['id', 'self_link', 'name'])) {
      list(bs.resource, 'backend').forEach((_, i) => {
        for (const neg of ctx.linked(bs.resource, `backend.${i}.group`, NEG, ['self_link', 'id', 'name']))
          for (const t of negTargets(ctx, neg.resource)) out.add(t);
      });
    }
  }
  return [...out].sort();
}

/**
 * google_compute_global_forwarding_rule: the front door of an external Application Load Balancer. Its target
 * proxy decides TLS (target_https_proxy) or plaintext HTTP (target_http_proxy); the proxy's URL map routes to
 * backend services whose serverless NEGs name the gateways and services behind it. An HTTP proxy whose URL map
 * only redirects to HTTPS has no backends, so it invokes nothing.
 */
export const mapForwardingRule: MapFn = (r, ctx) => {
  const scheme = str(r, 'load_balancing_scheme') ?? 'EXTERNAL';
  if (!isUnknownAt(r, 'load_balancing_scheme') && !EXTERNAL_SCHEMES.has(scheme)) return;
  const https = ctx.linked(r, 'target', HTTPS_PROXY, ['id', 'self_link', 'name']);
  const http = ctx.linked(r, 'target', HTTP_PROXY, ['id', 'self_link', 'name']);
  const proxies = [...https, ...http];
  if (proxies.length === 0) return;
  ctx.asset(r, {
    kind: 'load-balancer',
    facts: {
      internetReachable: isUnknownAt(r, 'load_balancing_scheme')
        ? unknown('load_balancing_scheme', unknownReason(r, 'load_balancing_scheme'))
        : str(r, 'load_balancing_scheme') === undefined
          ? byDefault(true, 'load_balancing_scheme')
          : explicit(true, 'load_balancing_scheme'),
      encryptedInTransit: explicit(https.length > 0, `target (${proxies[0]?.resource.type ?? 'proxy'})`),
    },
  });
  for (const proxy of proxies) {
    for (const map of ctx.linked(proxy.resource, 'url_map', URL_MAP, ['id', 'self_link', 'name'])) {
      for (const target of urlMapTargets(ctx, map.resource))
        ctx.flow(
          r.address,
          target,
          'invoke',
          ctx.evidence(proxy.resource, 'url_map', `routes to ${target}`),
          {
            encrypted: explicit(true, 'backend_service.protocol'),
          },
        );
    }
  }
};

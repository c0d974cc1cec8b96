import { describe, expect, it } from 'vitest';
import { assetOf, flowOf, inventoryOf, ref, type TestResource } from './plan-builder.js';

const fw = (name: string, values: Record<string, unknown>, unknown?: Record<string, unknown>) => ({
  type: 'google_compute_firewall',
  name,
  values: { name, network: 'vpc', allow: [{ protocol: 'tcp', ports: ['22'] }], ...values } as never,
  ...(unknown === undefined ? {} : { unknown: unknown as never }),
});

describe('google_compute_firewall', () => {
  it('ingress from 0.0.0.0/0 is internet reachable; from a private range, egress or disabled it is not', () => {
    const inv = inventoryOf([
      fw('open', { source_ranges: ['0.0.0.0/0'] }),
      fw('iap', { source_ranges: ['35.235.240.0/20'] }),
      fw('egress', { direction: 'EGRESS', destination_ranges: ['0.0.0.0/0'] }),
      fw('off', { source_ranges: ['0.0.0.0/0'], disabled: true }),
    ]);
    expect(assetOf(inv, 'google_compute_firewall.open').facts.internetReachable).toMatchObject({
      state: 'explicit',
      value: true,
    });
    for (const id of ['iap', 'egress', 'off']) {
      expect(assetOf(inv, `google_compute_firewall.${id}`).facts.internetReachable).toMatchObject({
        state: 'explicit',
        value: false,
      });
    }
  });

  it('source ranges known only after apply: unknown', () => {
    const inv = inventoryOf([fw('x', {}, { source_ranges: true })]);
    expect(assetOf(inv, 'google_compute_firewall.x').facts.internetReachable).toMatchObject({
      state: 'unknown',
    });
  });
});

describe('google_access_context_manager_service_perimeter', () => {
  it('a regular perimeter isolates when it restricts Vertex AI and Cloud Storage; a bridge gets no fact', () => {
    const sp = (name: string, values: Record<string, unknown>) => ({
      type: 'google_access_context_manager_service_perimeter',
      name,
      values: { name, title: name, ...values } as never,
    });
    const inv = inventoryOf([
      sp('ai', {
        status: [{ restricted_services: ['aiplatform.googleapis.com', 'storage.googleapis.com'] }],
      }),
      sp('storage', { status: [{ restricted_services: ['storage.googleapis.com'] }] }),
      sp('bridge', { perimeter_type: 'PERIMETER_TYPE_BRIDGE', status: [{ resources: ['projects/1'] }] }),
    ]);
    const isolated = (n: string) =>
      assetOf(inv, `google_access_context_manager_service_perimeter.${n}`).facts.networkIsolated;
    expect(isolated('ai')).toMatchObject({ state: 'explicit', value: true });
    expect(isolated('storage')).toMatchObject({ state: 'explicit', value: false });
    expect(isolated('bridge')).toBeUndefined();
    expect(assetOf(inv, 'google_access_context_manager_service_perimeter.bridge').kind).toBe('network');
  });
});

describe('google_compute_network, _subnetwork, _instance', () => {
  it('a GPU VM is a self-hosted model server placed in its subnet, running as its service account', () => {
    const inv = inventoryOf([
      { type: 'google_compute_network', name: 'vpc', values: { name: 'vpc' } },
      {
        type: 'google_compute_subnetwork',
        name: 's',
        values: { name: 's' },
        unknown: { id: true, self_link: true },
      },
      { type: 'google_service_account', name: 'vm', values: { account_id: 'vm' }, unknown: { email: true } },
      {
        type: 'google_compute_instance',
        name: 'gpu',
        values: {
          name: 'gpu',
          guest_accelerator: [{ type: 'nvidia-l4', count: 1 }],
          network_interface: [{ access_config: [{}] }],
          service_account: [{ scopes: ['cloud-platform'] }],
        },
        unknown: { network_interface: [{ subnetwork: true }], service_account: [{ email: true }] },
        expressions: {
          network_interface: [{ subnetwork: ref('google_compute_subnetwork.s.self_link') }],
          service_account: [{ email: ref('google_service_account.vm.email') }],
        },
      },
      { type: 'google_compute_instance', name: 'plain', values: { name: 'plain', network_interface: [{}] } },
    ]);
    expect(assetOf(inv, 'google_compute_network.vpc').kind).toBe('network');
    expect(assetOf(inv, 'google_compute_subnetwork.s').kind).toBe('subnet');
    const gpu = assetOf(inv, 'google_compute_instance.gpu');
    expect(gpu.kind).toBe('inference-endpoint');
    expect(gpu.facts.directInternetAccess).toMatchObject({ state: 'explicit', value: true });
    expect(
      flowOf(inv, 'network', 'google_compute_instance.gpu', 'google_compute_subnetwork.s'),
    ).toBeDefined();
    expect(
      flowOf(inv, 'assume-identity', 'google_compute_instance.gpu', 'google_service_account.vm'),
    ).toBeDefined();
    const plain = assetOf(inv, 'google_compute_instance.plain');
    expect(plain.kind).toBe('compute-instance');
    expect(plain.facts.directInternetAccess).toMatchObject({ state: 'default', value: false });
    expect(plain.facts.shellAccess).toMatchObject({ state: 'default', value: false });
  });

  it('instance SSH keys or the interactive serial console in metadata are shell access', () => {
    const vm = (
      name: string,
      metadata: Record<string, string> | undefined,
      unknown?: Record<string, unknown>,
    ) => ({
      type: 'google_compute_instance',
      name,
      values: { name, network_interface: [{}], ...(metadata === undefined ? {} : { metadata }) } as never,
      ...(unknown === undefined ? {} : { unknown: unknown as never }),
    });
    const inv = inventoryOf([
      vm('keys', { 'ssh-keys': 'ops:ssh-ed25519 AAAA ops@example' }),
      vm('serial', { 'serial-port-enable': 'TRUE' }),
      vm('oslogin', { 'enable-oslogin': 'TRUE', 'block-project-ssh-keys': 'true' }),
      vm('later', {}, { metadata: true }),
    ]);
    const shell = (n: string) => assetOf(inv, `google_compute_instance.${n}`).facts.shellAccess;
    expect(shell('keys')).toMatchObject({ state: 'explicit', value: true, attribute: 'metadata.ssh-keys' });
    expect(shell('serial')).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'metadata.serial-port-enable',
    });
    expect(shell('oslogin')).toMatchObject({ state: 'default', value: false });
    expect(shell('later')).toMatchObject({ state: 'unknown' });
  });
});

describe('google_compute_backend_service with Cloud Armor', () => {
  const gateway = {
    type: 'google_api_gateway_gateway',
    name: 'gw',
    values: { gateway_id: 'gw' },
    unknown: { api_config: true },
  };
  const neg = {
    type: 'google_compute_region_network_endpoint_group',
    name: 'neg',
    values: {
      name: 'neg',
      serverless_deployment: [{ platform: 'apigateway.googleapis.com', resource: 'gw' }],
    },
    unknown: { id: true },
    expressions: { serverless_deployment: [{ resource: ref('google_api_gateway_gateway.gw.gateway_id') }] },
  };

  it('a security policy on the backend service protects the gateway behind its serverless NEG', () => {
    const inv = inventoryOf([
      gateway,
      neg,
      {
        type: 'google_compute_security_policy',
        name: 'armor',
        values: { name: 'armor', rule: [{ action: 'throttle', priority: 10 }] },
        unknown: { self_link: true },
      },
      {
        type: 'google_compute_backend_service',
        name: 'be',
        values: { name: 'be', backend: [{}] },
        unknown: { security_policy: true, backend: [{ group: true }] },
        expressions: {
          security_policy: ref('google_compute_security_policy.armor.self_link'),
          backend: [{ group: ref('google_compute_region_network_endpoint_group.neg.id') }],
        },
      },
    ]);
    const f = assetOf(inv, 'google_api_gateway_gateway.gw').facts;
    expect(f.wafProtected).toMatchObject({
      state: 'explicit',
      value: true,
      attribute: 'google_compute_backend_service.be.security_policy',
    });
    expect(assetOf(inv, 'google_compute_security_policy.armor').facts.throttling).toMatchObject({
      state: 'explicit',
      value: true,
    });
  });

  it('a backend service without a policy leaves the gateway unprotected', () => {
    const inv = inventoryOf([
      gateway,
      neg,
      {
        type: 'google_compute_backend_service',
        name: 'be',
        values: { name: 'be', backend: [{}] },
        unknown: { backend: [{ group: true }] },
        expressions: { backend: [{ group: ref('google_compute_region_network_endpoint_group.neg.id') }] },
      },
    ]);
    expect(assetOf(inv, 'google_api_gateway_gateway.gw').facts.wafProtected).toMatchObject({
      state: 'default',
      value: false,
    });
  });
});

describe('google_compute_global_forwarding_rule (external Application Load Balancer)', () => {
  const chain = (proxyType: string): TestResource[] => [
    {
      type: 'google_api_gateway_gateway',
      name: 'gw',
      values: { gateway_id: 'gw' },
      unknown: { api_config: true },
    },
    {
      type: 'google_compute_region_network_endpoint_group',
      name: 'neg',
      values: {
        name: 'neg',
        serverless_deployment: [{ platform: 'apigateway.googleapis.com', resource: 'gw' }],
      },
      unknown: { id: true },
      expressions: { serverless_deployment: [{ resource: ref('google_api_gateway_gateway.gw.gateway_id') }] },
    },
    {
      type: 'google_compute_backend_service',
      name: 'be',
      values: { name: 'be', backend: [{}] },
      unknown: { id: true, backend: [{ group: true }] },
      expressions: { backend: [{ group: ref('google_compute_region_network_endpoint_group.neg.id') }] },
    },
    {
      type: 'google_compute_url_map',
      name: 'map',
      values: { name: 'map' },
      unknown: { id: true, default_service: true },
      expressions: { default_service: ref('google_compute_backend_service.be.id') },
    },
    {
      type: proxyType,
      name: 'proxy',
      values: { name: 'proxy' },
      unknown: { id: true, url_map: true },
      expressions: { url_map: ref('google_compute_url_map.map.id') },
    },
    {
      type: 'google_compute_global_forwarding_rule',
      name: 'front',
      values: { name: 'front', load_balancing_scheme: 'EXTERNAL_MANAGED' },
      unknown: { target: true },
      expressions: { target: ref(`${proxyType}.proxy.id`) },
    },
  ];

  it('an HTTPS proxy: an internet-facing load balancer with TLS that invokes the gateway behind its NEG', () => {
    const inv = inventoryOf(chain('google_compute_target_https_proxy'));
    const lb = assetOf(inv, 'google_compute_global_forwarding_rule.front');
    expect(lb.kind).toBe('load-balancer');
    expect(lb.facts.internetReachable).toMatchObject({ state: 'explicit', value: true });
    expect(lb.facts.encryptedInTransit).toMatchObject({ state: 'explicit', value: true });
    expect(
      flowOf(inv, 'invoke', 'google_compute_global_forwarding_rule.front', 'google_api_gateway_gateway.gw'),
    ).toBeDefined();
  });

  it('an HTTP proxy is plaintext; an internal scheme is not modelled as an entry point', () => {
    const inv = inventoryOf(chain('google_compute_target_http_proxy'));
    expect(
      assetOf(inv, 'google_compute_global_forwarding_rule.front').facts.encryptedInTransit,
    ).toMatchObject({ state: 'explicit', value: false });
    const internal = inventoryOf([
      {
        type: 'google_compute_global_forwarding_rule',
        name: 'ilb',
        values: { name: 'ilb', load_balancing_scheme: 'INTERNAL_MANAGED', target: 'proxy' },
      },
    ]);
    expect(internal.assets.find((a) => a.id === 'google_compute_global_forwarding_rule.ilb')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { factOf, flowOf, inventoryOf, show, type TestResource } from './plan-builder.js';

describe('API Management authMethod', () => {
  const service: TestResource = {
    address: 'azurerm_api_management.gw',
    values: { name: 'apim1' },
    unknown: { id: true, gateway_url: true },
  };
  const api = (values: TestResource['values'] = {}): TestResource => ({
    address: 'azurerm_api_management_api.a',
    values: { name: 'chat', api_management_name: 'apim1', ...values },
  });

  it('is KEY when an API requires a subscription key and no policy validates a token', () => {
    const inv = inventoryOf([service, api({ subscription_required: true })]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'authMethod'))).toBe('explicit:KEY');
  });

  it('is NONE, not KEY, when no API requires a subscription key or a token', () => {
    const inv = inventoryOf([service, api({ subscription_required: false })]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'authMethod'))).toBe('explicit:NONE');
  });

  it('is unknown when a policy that may validate a token cannot be read', () => {
    const inv = inventoryOf([
      service,
      api({ subscription_required: true }),
      {
        address: 'azurerm_api_management_api_policy.p',
        values: { api_name: 'chat', api_management_name: 'apim1' },
        unknown: { xml_content: true },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'authMethod'))).toBe('unknown');
  });
});

describe('API Management diagnostics', () => {
  const service: TestResource = {
    address: 'azurerm_api_management.gw',
    values: { name: 'apim1' },
    unknown: { id: true, gateway_url: true },
  };
  const diagnostic = (
    type: string,
    values: TestResource['values'],
    unknown: TestResource['unknown'] = {},
  ): TestResource => ({
    address: `${type}.d`,
    values: { identifier: 'azuremonitor', api_management_name: 'apim1', ...values },
    unknown,
  });

  it('has no body logging without a diagnostic', () => {
    const inv = inventoryOf([service]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'requestBodyLogging'))).toBe('default:false');
  });

  it('logs bodies when a service or API diagnostic logs body bytes', () => {
    for (const type of ['azurerm_api_management_diagnostic', 'azurerm_api_management_api_diagnostic']) {
      const inv = inventoryOf([
        service,
        diagnostic(type, { frontend_request: [{ body_bytes: 0 }], backend_response: [{ body_bytes: 1024 }] }),
      ]);
      expect(show(factOf(inv, 'azurerm_api_management.gw', 'requestBodyLogging'))).toBe('explicit:true');
    }
  });

  it('does not log bodies with body_bytes 0 or no settings, and is unknown when body_bytes is', () => {
    const zero = inventoryOf([
      service,
      diagnostic('azurerm_api_management_diagnostic', { frontend_request: [{ body_bytes: 0 }] }),
    ]);
    expect(show(factOf(zero, 'azurerm_api_management.gw', 'requestBodyLogging'))).toBe('explicit:false');
    const unknown = inventoryOf([
      service,
      diagnostic(
        'azurerm_api_management_diagnostic',
        { frontend_request: [{}] },
        { frontend_request: [{ body_bytes: true }] },
      ),
    ]);
    expect(show(factOf(unknown, 'azurerm_api_management.gw', 'requestBodyLogging'))).toBe('unknown');
  });

  it('makes body logging unknown when the diagnostic’s service cannot be linked', () => {
    const inv = inventoryOf([
      service,
      diagnostic('azurerm_api_management_diagnostic', {
        api_management_name: 'elsewhere',
        frontend_request: [{ body_bytes: 512 }],
      }),
    ]);
    expect(show(factOf(inv, 'azurerm_api_management.gw', 'requestBodyLogging'))).toBe('unknown');
  });
});

describe('federated identity credentials', () => {
  const identity: TestResource = {
    address: 'azurerm_user_assigned_identity.training',
    values: { name: 'id-training' },
    unknown: { id: true, principal_id: true },
  };
  const credential = (
    values: TestResource['values'],
    unknown: TestResource['unknown'] = {},
    refs: TestResource['refs'] = {},
  ): TestResource => ({
    address: 'azurerm_federated_identity_credential.fic',
    values: {
      name: 'fic',
      audience: ['api://AzureADTokenExchange'],
      subject: 'repo:o/r:ref:refs/heads/main',
      ...values,
    },
    unknown: { parent_id: true, ...unknown },
    refs: { parent_id: 'azurerm_user_assigned_identity.training.id', ...refs },
  });
  const trust = (inv: ReturnType<typeof inventoryOf>): string =>
    show(factOf(inv, 'azurerm_user_assigned_identity.training', 'externalTrust'));

  it('trusts no one outside without a federated credential', () => {
    expect(trust(inventoryOf([identity]))).toBe('default:false');
  });

  it('trusts an external issuer such as GitHub Actions', () => {
    const inv = inventoryOf([
      identity,
      credential({ issuer: 'https://token.actions.githubusercontent.com' }),
    ]);
    expect(trust(inv)).toBe('explicit:true');
  });

  it('does not count the OIDC issuer of an AKS cluster in the plan as external', () => {
    const inv = inventoryOf([
      identity,
      {
        address: 'azurerm_kubernetes_cluster.aks',
        values: { name: 'aks' },
        unknown: { oidc_issuer_url: true },
      },
      credential({}, { issuer: true }, { issuer: 'azurerm_kubernetes_cluster.aks.oidc_issuer_url' }),
    ]);
    expect(trust(inv)).toBe('explicit:false');
  });

  it('is unknown when the issuer is unknown or an Entra ID tenant given as a literal', () => {
    expect(trust(inventoryOf([identity, credential({}, { issuer: true })]))).toBe('unknown');
    const entra = credential({
      issuer: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
    });
    expect(trust(inventoryOf([identity, entra]))).toBe('unknown');
  });

  it('reads user_assigned_identity_id (newer provider versions) like parent_id', () => {
    const inv = inventoryOf([
      identity,
      {
        address: 'azurerm_federated_identity_credential.fic',
        values: { name: 'fic', issuer: 'https://accounts.google.com', subject: '1234' },
        unknown: { user_assigned_identity_id: true },
        refs: { user_assigned_identity_id: 'azurerm_user_assigned_identity.training.id' },
      },
    ]);
    expect(trust(inv)).toBe('explicit:true');
  });
});

describe('machine learning compute placement', () => {
  it('links no subnet when subnet_resource_id is null, even if its expression references one', () => {
    const inv = inventoryOf([
      { address: 'azurerm_subnet.training', values: { name: 'snet' }, unknown: { id: true } },
      {
        address: 'azurerm_machine_learning_compute_instance.dev',
        values: { name: 'ci', node_public_ip_enabled: true },
        refs: { subnet_resource_id: 'azurerm_subnet.training.id' },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_machine_learning_compute_instance.dev', 'privateNetwork'))).toBe(
      'default:false',
    );
    expect(
      flowOf(inv, 'network', 'azurerm_machine_learning_compute_instance.dev', 'azurerm_subnet.training'),
    ).toBeUndefined();
  });
});

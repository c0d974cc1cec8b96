import { describe, expect, it } from 'vitest';
import { summarizePolicy } from '../../../../collectors/terraform/azurerm/apim-policy.js';
import { factOf, inventoryOf, show, type TestResource } from './plan-builder.js';

const POLICY = 'azurerm_cognitive_account_rai_policy.p';
const HARMS = ['Hate', 'Sexual', 'Violence', 'Selfharm'];
const filter = (name: string, source: string, block_enabled = true) => ({
  name,
  source,
  filter_enabled: true,
  block_enabled,
  severity_threshold: 'Medium',
});
const raiPolicy = (values: TestResource['values'], unknown?: TestResource['unknown']): TestResource => ({
  address: POLICY,
  values: { name: 'p', base_policy_name: 'Microsoft.DefaultV2', ...values },
  ...(unknown === undefined ? {} : { unknown }),
});
const harmful = (r: TestResource): string => show(factOf(inventoryOf([r]), POLICY, 'harmfulContentFilter'));

describe('RAI policy harm filters on completions (harmfulContentFilter)', () => {
  it('blocks when every harm category has an enabled, blocking Completion filter (any spelling of Selfharm)', () => {
    const content_filter = [...HARMS, 'SelfHarm'].map((n) => filter(n, 'Completion'));
    expect(harmful(raiPolicy({ content_filter }))).toBe('explicit:true');
  });

  it('does not when a Completion filter only annotates, or in Asynchronous_filter mode', () => {
    const annotate = HARMS.map((n) => filter(n, 'Completion', n !== 'Violence'));
    expect(harmful(raiPolicy({ content_filter: annotate }))).toBe('explicit:false');
    const blocking = HARMS.map((n) => filter(n, 'Completion'));
    expect(harmful(raiPolicy({ content_filter: blocking, mode: 'Asynchronous_filter' }))).toBe(
      'explicit:false',
    );
  });

  it('is unknown when a category has Prompt filters only (the base policy may apply) or blocking is known after apply', () => {
    const promptOnly = HARMS.map((n) => filter(n, n === 'Hate' ? 'Prompt' : 'Completion'));
    expect(harmful(raiPolicy({ content_filter: promptOnly }))).toBe('unknown');
    const later = raiPolicy(
      {
        content_filter: HARMS.map((n) => ({
          ...filter(n, 'Completion'),
          block_enabled: n === 'Hate' ? null : true,
        })),
      },
      { content_filter: [{ block_enabled: true }, {}, {}, {}] },
    );
    expect(harmful(later)).toBe('unknown');
  });

  it('gives a deployment the default filter without a policy, and a built-in policy by name', () => {
    const inv = inventoryOf([
      { address: 'azurerm_cognitive_deployment.bare', values: { name: 'bare' } },
      {
        address: 'azurerm_cognitive_deployment.v2',
        values: { name: 'v2', rai_policy_name: 'Microsoft.DefaultV2' },
      },
      {
        address: 'azurerm_cognitive_deployment.other',
        values: { name: 'other', rai_policy_name: 'elsewhere' },
      },
    ]);
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.bare', 'harmfulContentFilter'))).toBe(
      'default:true',
    );
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.v2', 'harmfulContentFilter'))).toBe(
      'explicit:true',
    );
    expect(show(factOf(inv, 'azurerm_cognitive_deployment.other', 'harmfulContentFilter'))).toBe('unknown');
  });
});

describe('API Management request validation', () => {
  const prevent = `<validate-content unspecified-content-type-action="prevent" max-size="16384" size-exceeded-action="prevent" />`;
  it('reads a blocking validate-content in the inbound section only', () => {
    expect(
      summarizePolicy(`<policies><inbound><base />${prevent}</inbound></policies>`).validatesRequestBody,
    ).toBe(true);
    const schemaOnly = `<policies><inbound>
      <validate-content unspecified-content-type-action="detect" max-size="102400" size-exceeded-action="detect">
        <content-type-map missing-content-type-value="application/json" />
        <content type="application/json" validate-as="json" action="prevent" />
      </validate-content></inbound></policies>`;
    expect(summarizePolicy(schemaOnly).validatesRequestBody).toBe(true);
    expect(
      summarizePolicy(schemaOnly.replace('action="prevent"', 'action="detect"')).validatesRequestBody,
    ).toBe(false);
    expect(
      summarizePolicy(`<policies><inbound><base /></inbound><outbound>${prevent}</outbound></policies>`)
        .validatesRequestBody,
    ).toBe(false);
    expect(
      summarizePolicy(`<policies><inbound><!-- ${prevent} --></inbound></policies>`).validatesRequestBody,
    ).toBe(false);
  });

  const service: TestResource = { address: 'azurerm_api_management.gw', values: { name: 'apim1' } };
  const api = (name: string): TestResource => ({
    address: `azurerm_api_management_api.${name}`,
    values: { name, api_management_name: 'apim1' },
  });
  const policy = (address: string, values: TestResource['values'], xml?: string): TestResource => ({
    address,
    values: { api_management_name: 'apim1', ...values, ...(xml === undefined ? {} : { xml_content: xml }) },
    ...(xml === undefined ? { unknown: { xml_content: true } } : {}),
  });
  const inbound = (body: string) => `<policies><inbound><base />${body}</inbound></policies>`;
  const validation = (resources: TestResource[]) =>
    show(factOf(inventoryOf([service, ...resources]), 'azurerm_api_management.gw', 'requestValidation'));

  it('validates when a global or API policy does, for every API', () => {
    expect(
      validation([
        api('chat'),
        api('admin'),
        policy('azurerm_api_management_policy.all', {}, inbound(prevent)),
      ]),
    ).toBe('explicit:true');
    expect(
      validation([
        api('chat'),
        policy('azurerm_api_management_api_policy.chat', { api_name: 'chat' }, inbound(prevent)),
      ]),
    ).toBe('explicit:true');
    expect(
      validation([
        api('chat'),
        api('admin'),
        policy('azurerm_api_management_api_policy.chat', { api_name: 'chat' }, inbound(prevent)),
      ]),
    ).toBe('default:false');
  });

  it('judges the APIs that forward to a backend of the plan, not an API without one', () => {
    const openai: TestResource = {
      address: 'azurerm_cognitive_account.oai',
      values: { name: 'oai', kind: 'OpenAI', custom_subdomain_name: 'oai' },
    };
    const chat: TestResource = {
      address: 'azurerm_api_management_api.chat',
      values: {
        name: 'chat',
        api_management_name: 'apim1',
        service_url: 'https://oai.openai.azure.com/openai',
      },
    };
    const chatPolicy = policy(
      'azurerm_api_management_api_policy.chat',
      { api_name: 'chat' },
      inbound(prevent),
    );
    expect(validation([openai, chat, api('status'), chatPolicy])).toBe('explicit:true');
    expect(validation([openai, chat, api('status')])).toBe('default:false');
  });

  it('validates through operation policies only when every operation of the API has one', () => {
    const op = (id: string): TestResource => ({
      address: `azurerm_api_management_api_operation.${id}`,
      values: { api_name: 'chat', api_management_name: 'apim1', operation_id: id },
    });
    const opPolicy = (id: string): TestResource =>
      policy(
        `azurerm_api_management_api_operation_policy.${id}`,
        { api_name: 'chat', operation_id: id },
        inbound(prevent),
      );
    expect(validation([api('chat'), op('complete'), opPolicy('complete')])).toBe('explicit:true');
    expect(validation([api('chat'), op('complete'), op('embed'), opPolicy('complete')])).toBe(
      'default:false',
    );
  });

  it('is unknown when a policy’s XML is known only after apply', () => {
    expect(
      validation([api('chat'), policy('azurerm_api_management_api_policy.chat', { api_name: 'chat' })]),
    ).toBe('unknown');
  });
});

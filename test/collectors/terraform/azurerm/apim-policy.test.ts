import { describe, expect, it } from 'vitest';
import { policyElements, summarizePolicy } from '../../../../collectors/terraform/azurerm/apim-policy.js';

describe('API Management policy summary', () => {
  it('finds token validation, throttling, backend identity and backends', () => {
    const s = summarizePolicy(`<policies>
      <inbound>
        <base />
        <validate-jwt header-name="Authorization" failed-validation-httpcode="401">
          <openid-config url="https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration" />
        </validate-jwt>
        <rate-limit-by-key calls="10" renewal-period="60" counter-key="@(context.Request.IpAddress)" />
        <azure-openai-token-limit tokens-per-minute="1000" counter-key="@(context.Subscription.Id)" />
        <authentication-managed-identity resource="https://cognitiveservices.azure.com" />
        <set-backend-service base-url="https://oai.openai.azure.com/openai" />
      </inbound>
    </policies>`);
    expect(s.validateJwt).toBe(true);
    expect(s.openIdConfigUrls).toEqual([
      'https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration',
    ]);
    expect(s.throttling).toEqual(['azure-openai-token-limit', 'rate-limit-by-key']);
    expect(s.managedIdentityBackend).toBe(true);
    expect(s.backendUrls).toEqual(['https://oai.openai.azure.com/openai']);
    expect(s.staticApiKey).toBe(false);
  });

  it('ignores commented-out elements and detects a static api-key header', () => {
    const s = summarizePolicy(`<policies><inbound>
      <!-- <validate-jwt header-name="Authorization" /> <rate-limit calls="1" renewal-period="1" /> -->
      <set-header name="api-key" exists-action="override"><value>{{openai-key}}</value></set-header>
    </inbound></policies>`);
    expect(s.validateJwt).toBe(false);
    expect(s.throttling).toEqual([]);
    expect(s.staticApiKey).toBe(true);
  });

  it('decodes entities in attribute values', () => {
    const [el] = policyElements('<set-backend-service base-url="https://h/a?x=1&amp;y=2" />');
    expect(el?.attributes['base-url']).toBe('https://h/a?x=1&y=2');
  });
});

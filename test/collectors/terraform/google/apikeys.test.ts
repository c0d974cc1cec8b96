import { describe, expect, it } from 'vitest';
import { inventoryOf } from './plan-builder.js';

const key = (name: string, restrictions: Record<string, unknown>, unknown?: Record<string, unknown>) => ({
  type: 'google_apikeys_key',
  name,
  values: { name, restrictions: [restrictions] } as never,
  ...(unknown === undefined ? {} : { unknown: unknown as never }),
});

describe('google_apikeys_key', () => {
  it('a key for the Gemini API is a provider-run model service that accepts static keys', () => {
    const inv = inventoryOf([
      key('open', { api_targets: [{ service: 'generativelanguage.googleapis.com' }] }),
      key('servers', {
        api_targets: [{ service: 'aiplatform.googleapis.com' }],
        server_key_restrictions: [{ allowed_ips: ['203.0.113.10/32'] }],
      }),
      key(
        'later',
        { api_targets: [{ service: 'generativelanguage.googleapis.com' }] },
        {
          restrictions: [{ server_key_restrictions: true }],
        },
      ),
    ]);
    const open = inv.assets.find((a) => a.id === 'google_apikeys_key.open#ai-api');
    expect(open).toMatchObject({
      kind: 'foundation-model-service',
      name: 'generativelanguage.googleapis.com',
    });
    expect(open?.facts.internetReachable).toMatchObject({ state: 'explicit', value: true });
    expect(open?.facts.keyAuthEnabled).toMatchObject({ state: 'explicit', value: true });
    expect(open?.facts.providerManaged).toMatchObject({ state: 'explicit', value: true });
    const servers = inv.assets.find((a) => a.id === 'google_apikeys_key.servers#ai-api');
    expect(servers?.facts.internetReachable).toMatchObject({ state: 'explicit', value: false });
    const later = inv.assets.find((a) => a.id === 'google_apikeys_key.later#ai-api');
    expect(later?.facts.internetReachable).toMatchObject({ state: 'unknown' });
  });

  it('keys restricted to other APIs, or without api_targets, are not modelled', () => {
    const inv = inventoryOf([
      key('maps', { api_targets: [{ service: 'maps-backend.googleapis.com' }] }),
      key('any', {}),
    ]);
    expect(inv.assets.filter((a) => a.kind === 'foundation-model-service')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { GcpInventory, type UrlTarget } from '../../../collectors/gcp/inventory.js';
import type { CoverageNote } from '../../../src/model/index.js';

const GW = '//apigateway.googleapis.com/projects/p/locations/eu/gateways/chat';
const SVC = '//run.googleapis.com/projects/p/locations/eu/services/llm';
const BY_NUMBER = '//run.googleapis.com/projects/123/locations/eu/services/llm';
const CFG = '//apigateway.googleapis.com/projects/p/locations/global/apis/chat/configs/c1';

const unresolved = (url: string): CoverageNote => ({
  kind: 'unresolved-link',
  message: `${url} names no service`,
  input: 'gcp://p',
  address: CFG,
});
const target = (urls: string[], fallback?: string): UrlTarget => ({
  urls,
  ...(fallback === undefined ? {} : { fallback }),
  unresolved: unresolved(urls[0] ?? ''),
});
const backend = (note: string) => ({ assetId: CFG, attribute: 'document', note });

function inventory(): GcpInventory {
  const inv = new GcpInventory();
  inv.asset('p', {
    id: GW,
    kind: 'api-gateway',
    nativeType: 'apigateway.googleapis.com/Gateway',
    name: 'chat',
  });
  inv.asset('p', {
    id: SVC,
    kind: 'function',
    nativeType: 'run.googleapis.com/Service',
    name: 'llm',
  });
  return inv;
}

describe('GcpInventory URL flows (resolved at the build)', () => {
  it('draws one flow per target and lists a piece of evidence once, however many URLs of it a source names', () => {
    const inv = inventory();
    inv.alias('https://llm-abc-ew.a.run.app', SVC);
    inv.alias('https://llm-123.europe-west4.run.app', SVC);
    // Two backends of one config at two URLs of one service: the same evidence twice.
    inv.flowToUrl(
      target(['https://llm-abc-ew.a.run.app']),
      'invoke',
      GW,
      backend('x-google-backend address'),
    );
    inv.flowToUrl(
      target(['https://llm-123.europe-west4.run.app']),
      'invoke',
      GW,
      backend('x-google-backend address'),
    );
    // Other evidence for the same flow is kept.
    inv.flowToUrl(target(['https://llm-abc-ew.a.run.app']), 'invoke', GW, backend('another path'));
    const built = inv.build([{ id: 'p' }], []);
    const invokes = built.flows.filter((f) => f.kind === 'invoke');
    expect(invokes.map((f) => [f.from, f.to])).toEqual([[GW, SVC]]);
    expect(invokes[0]?.evidence.map((e) => e.note)).toEqual(['x-google-backend address', 'another path']);
  });

  it('points a fallback named by project number at the project id, and notes a URL nothing serves at', () => {
    const inv = inventory();
    inv.projectNumber('123', 'p');
    inv.flowToUrl(
      target(['https://unknown.example'], BY_NUMBER),
      'invoke',
      GW,
      backend('x-google-backend address'),
    );
    inv.flowToUrl(target(['https://nowhere.example']), 'invoke', GW, backend('x-google-backend address'));
    const built = inv.build([{ id: 'p' }], []);
    expect(built.flows.filter((f) => f.kind === 'invoke').map((f) => f.to)).toEqual([SVC]);
    expect(built.notes).toEqual([unresolved('https://nowhere.example')]);
  });
});

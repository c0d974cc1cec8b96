import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { createView } from '../../src/graph/view.js';
import { hasSourceOf, nameList } from '../../rules/lib.js';
import { asset, flow } from '../helpers/inventory.js';

describe('rule helpers', () => {
  it('names a few assets in a message and counts the rest', () => {
    expect(nameList([{ name: 'b' }, { name: 'a' }])).toBe('a, b');
    expect(nameList(['e', 'd', 'c', 'b', 'a'].map((name) => ({ name })))).toBe('a, b, c and 2 more');
    expect(nameList([{ name: 'a' }, { name: 'a' }, { name: 'a' }, { name: 'a' }])).toBe('a');
  });

  it('answers whether a source of a kind writes an asset, also through a resource set', () => {
    const set = { ...asset('set', 'resource-set'), members: ['b1', 'b2'] };
    const view = createView(
      buildGraph({
        inputs: [],
        assets: [
          asset('b1', 'object-store'),
          asset('b2', 'object-store'),
          asset('b3', 'object-store'),
          asset('ep', 'inference-endpoint'),
          asset('fn', 'function'),
          set,
        ],
        flows: [flow('ep', 'set', 'write'), flow('fn', 'b3', 'write')],
        notes: [],
      }),
    );
    for (let i = 0; i < 2; i++) {
      expect(hasSourceOf(view, 'b1', ['write'], ['inference-endpoint'])).toBe(true);
      expect(hasSourceOf(view, 'b2', ['write'], ['inference-endpoint'])).toBe(true);
      expect(hasSourceOf(view, 'b2', ['write'], ['function'])).toBe(false);
      expect(hasSourceOf(view, 'b3', ['write'], ['inference-endpoint'])).toBe(false);
      expect(hasSourceOf(view, 'b3', ['write'], ['function'])).toBe(true);
      expect(hasSourceOf(view, 'b1', ['read'], ['inference-endpoint'])).toBe(false);
    }
  });
});

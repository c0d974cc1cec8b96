import { describe, expect, it } from 'vitest';
import { nameList } from '../../rules/lib.js';

describe('rule helpers', () => {
  it('names a few assets in a message and counts the rest', () => {
    expect(nameList([{ name: 'b' }, { name: 'a' }])).toBe('a, b');
    expect(nameList(['e', 'd', 'c', 'b', 'a'].map((name) => ({ name })))).toBe('a, b, c and 2 more');
    expect(nameList([{ name: 'a' }, { name: 'a' }, { name: 'a' }, { name: 'a' }])).toBe('a');
  });
});

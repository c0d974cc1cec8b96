import { describe, expect, it } from 'vitest';
import { syntaxErrorOffset } from '../../../collectors/terraform/decode.js';

/** Deterministic pseudo-random numbers (no Math.random in tests that must be repeatable). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SAMPLE = JSON.stringify({
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [{ address: 'a.b', values: { x: [1, 2.5e3, -0.1, true, null], s: 'q"\\\u00e9' } }],
    },
  },
});

describe('syntaxErrorOffset', () => {
  it('agrees with JSON.parse on which of 5000 mutated documents are valid', () => {
    const rand = lcg(42);
    const alphabet = '{}[]":,.-+eE0123456789 \\ntruefalsn';
    for (let k = 0; k < 5000; k++) {
      let text = SAMPLE;
      const edits = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * text.length);
        const op = rand();
        const ch = alphabet[Math.floor(rand() * alphabet.length)] ?? '';
        text =
          op < 0.33
            ? text.slice(0, at) + text.slice(at + 1)
            : op < 0.66
              ? text.slice(0, at) + ch + text.slice(at)
              : text.slice(0, at) + ch + text.slice(at + 1);
      }
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const offset = syntaxErrorOffset(text);
      expect(offset === -1, text).toBe(valid);
      if (!valid) expect(offset).toBeGreaterThanOrEqual(0);
    }
  });

  it('points at the offending character', () => {
    expect(syntaxErrorOffset('{"a":1,}')).toBe(7);
    expect(syntaxErrorOffset('[1,2')).toBe(4);
    expect(syntaxErrorOffset('{"a":[1,{"b":2}]}x')).toBe(17);
  });
});

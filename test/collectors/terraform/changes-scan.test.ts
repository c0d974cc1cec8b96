import { describe, expect, it } from 'vitest';
import { FIELD, ROW_INTS, rowIsComplete, scanChanges } from '../../../collectors/terraform/changes-scan.js';

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** What the scan says of a whole text: valid (one value and only whitespace after it) or not. */
function scanAccepts(text: string): boolean {
  const bytes = Buffer.from(text, 'utf8');
  const outcome = scanChanges(bytes, 0, bytes.length);
  if (!outcome.ok) return false;
  for (let i = outcome.end; i < bytes.length; i++) if (!WS.has(bytes[i] as number)) return false;
  return true;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'address',
  'type',
  'name',
  'change',
  'actions',
  'after_unknown',
  'after_sensitive',
  'after',
  '__proto__',
  'é',
  'a"b',
];
const STRINGS = [
  '',
  'aws_s3_bucket.b',
  'module.m["k"].x',
  'tab\there',
  'quote"',
  'back\\slash',
  'é中😀',
  '\u2028',
  '\ud800',
];

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 4 || pick < 0.3) {
    const scalars: unknown[] = [null, true, false, 0, -0.5, 1e21, 2 ** 64, -7, ...STRINGS];
    return scalars[Math.floor(next() * scalars.length)];
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--)
    Object.defineProperty(out, KEYS[Math.floor(next() * KEYS.length)] as string, {
      value: value(next, depth + 1),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  return out;
}

/** JSON text with whitespace sprinkled between tokens. */
function spaced(text: string, next: () => number): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    out += c;
    if (c === '"' && text[i - 1] !== '\\') inString = !inString;
    if (!inString && ',:[]{}'.includes(c) && next() < 0.3)
      out += [' ', '\n', '\t', '\r\n'][Math.floor(next() * 4)] as string;
  }
  return out;
}

const MUTATIONS = ['', '"', '\\', ',', ':', '{', '}', '[', ']', '0', '-', '.', 'e', 'n', 't', '\u0001', ' '];

describe('scanChanges accepts exactly what JSON.parse accepts', () => {
  it('on literal edge cases', () => {
    const cases = [
      '0',
      '-0',
      '01',
      '1.',
      '.5',
      '-',
      '1e',
      '1e+',
      '1E-2',
      '2.5e10',
      '-12.0e-3',
      '00',
      '1.2.3',
      '+1',
      'true',
      'tru',
      'truex',
      'null',
      'nul',
      'false',
      'falsey',
      '""',
      '"\\u0041"',
      '"\\u00"',
      '"\\u00zz"',
      '"\\x"',
      '"\\/"',
      '"a\u0001"',
      '"a\u007f"',
      '"\\ud800"',
      '"unterminated',
      '[]',
      '[ ]',
      '[,]',
      '[1,]',
      '[1 2]',
      '[1,,2]',
      '{}',
      '{ }',
      '{"a"}',
      '{"a":}',
      '{"a":1,}',
      '{"a" 1}',
      '{1:2}',
      '{"a":1}}',
      '[[[]]]',
      '[[[]]',
      ' \n[1]\t',
      '{"a":[{"b":{}}]}',
      '',
    ];
    for (const text of cases) expect(scanAccepts(text), JSON.stringify(text)).toBe(parses(text));
  });

  it('on generated documents and single-byte mutations of them', () => {
    const next = random(20261206);
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      const text = spaced(JSON.stringify(value(next, 0)), next);
      expect(scanAccepts(text), text).toBe(true);
      for (let m = 0; m < 6; m++) {
        const at = Math.floor(next() * (text.length + 1));
        const insert = MUTATIONS[Math.floor(next() * MUTATIONS.length)] as string;
        const mutated =
          next() < 0.5
            ? text.slice(0, at) + insert + text.slice(at)
            : text.slice(0, at) + insert + text.slice(at + 1);
        expect(scanAccepts(mutated), mutated).toBe(parses(mutated));
        checked++;
      }
    }
    expect(checked).toBe(2400);
  });

  it('on every truncation of a plan-like document', () => {
    const text = JSON.stringify([
      { address: 'a.b', change: { actions: ['create'], after: { x: [1, 2.5, 'é'] } } },
    ]);
    for (let end = 0; end < text.length; end++) expect(scanAccepts(text.slice(0, end))).toBe(false);
  });

  it('on nesting far deeper than a plan has', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(scanAccepts(deep)).toBe(true);
    expect(scanAccepts(deep.slice(0, -1))).toBe(false);
  });
});

describe('scanChanges notes where each change field lies', () => {
  const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
  function fields(text: string): Record<string, unknown>[] {
    const b = bytes(text);
    const outcome = scanChanges(b, 0, b.length);
    if (!outcome.ok) throw new Error('scan failed');
    const names = Object.keys(FIELD) as (keyof typeof FIELD)[];
    return Array.from({ length: outcome.count }, (_, row) => {
      const out: Record<string, unknown> = {};
      for (const name of names) {
        const from = outcome.rows[row * ROW_INTS + FIELD[name] * 2] as number;
        const to = outcome.rows[row * ROW_INTS + FIELD[name] * 2 + 1] as number;
        if (from >= 0) out[name] = JSON.parse(b.toString('utf8', from, to));
      }
      return out;
    });
  }

  it('per element of the array: head, change and its markers', () => {
    const changes = [
      {
        address: 'module.m.aws_s3_bucket.b["é"]',
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'b',
        change: {
          actions: ['delete', 'create'],
          before: { bucket: 'old', nested: { actions: ['not these'] } },
          after: { bucket: 'new', address: 'not this one' },
          after_unknown: { arn: true },
          after_sensitive: { tags: {} },
        },
      },
      { address: 'x.y', type: 't', name: 'y', change: null },
      7,
    ];
    const text = spaced(JSON.stringify(changes), random(7));
    const rows = fields(text);
    expect(rows).toHaveLength(2); // the element after a rejected one is validated, not noted
    const [first, second] = rows;
    expect(first).toEqual({
      element: changes[0],
      address: 'module.m.aws_s3_bucket.b["é"]',
      type: 'aws_s3_bucket',
      name: 'b',
      change: (changes[0] as { change: unknown }).change,
      actions: ['delete', 'create'],
      unknown: { arn: true },
      sensitive: { tags: {} },
    });
    expect(second).toEqual({ element: changes[1], address: 'x.y', type: 't', name: 'y', change: null });
  });

  it('keeps the last of duplicate keys, as JSON.parse does, and forgets an earlier change', () => {
    const text =
      '[{"address":"a.first","address":"a.last","change":{"actions":["create"],"after_unknown":{"id":true}},' +
      '"change":{"actions":["no-op"]}}]';
    const [row] = fields(text);
    expect(row?.['address']).toBe('a.last');
    expect(row?.['actions']).toEqual(['no-op']);
    expect(row).not.toHaveProperty('unknown');
    expect(row?.['change']).toEqual((JSON.parse(text) as { change: unknown }[])[0]?.change);
  });

  it('reads markers only in the change itself, not in an object beside it', () => {
    const [row] = fields(
      '[{"change":{"actions":["create"]},"meta":{"actions":["delete"],"after_unknown":{"x":true}},"type":"t"}]',
    );
    expect(row?.['actions']).toEqual(['create']);
    expect(row).not.toHaveProperty('unknown');
    expect(row?.['type']).toBe('t');
  });

  it('does not note an escaped key, so the reader parses that element whole', () => {
    const [row] = fields('[{"addr\\u0065ss":"a.b","type":"t"}]');
    expect(row).toEqual({ element: { address: 'a.b', type: 't' }, type: 't' });
  });

  it('marks a row whose element or change has an escaped key, which may repeat a field', () => {
    const text =
      '[{"address":"a.b","type":"t","name":"n","change":{},"addr\\u0065ss":5},{"change":{"act\\u0069ons":[]}}]';
    const b = bytes(text);
    const outcome = scanChanges(b, 0, b.length);
    if (!outcome.ok) throw new Error('scan failed');
    expect(outcome.count).toBe(2);
    expect(rowIsComplete(b, outcome.rows, 0)).toBe(false);
    expect(rowIsComplete(b, outcome.rows, ROW_INTS)).toBe(false);
  });

  it('stops noting rows after an element the reader will reject, and still validates the rest', () => {
    const valid = '{"address":"a.b","type":"t","name":"n","change":{"actions":["create"]}}';
    const b = bytes(`[${valid},7,${valid},${'0,'.repeat(100_000)}${valid}]`);
    const outcome = scanChanges(b, 0, b.length);
    expect(outcome).toMatchObject({ ok: true, count: 2, end: b.length });
    if (outcome.ok) expect(outcome.rows.length).toBeLessThan(ROW_INTS * 2048);
    expect(scanChanges(bytes(`[${valid},7,${valid},{]`), 0, 1_000).ok).toBe(false);
    // An element that is incomplete only for an escaped key may be valid: rows go on after it.
    const escaped = bytes(`[{"addr\\u0065ss":"x.y","type":"t","name":"n","change":{}},${valid}]`);
    expect(scanChanges(escaped, 0, escaped.length)).toMatchObject({ ok: true, count: 2 });
  });

  it('notes no rows for a value that is not an array', () => {
    const b = bytes('{"address":"a.b","change":{}}');
    const outcome = scanChanges(b, 0, b.length);
    expect(outcome).toMatchObject({ ok: true, isArray: false, count: 0, end: b.length });
  });

  it('stops at the end of the value and never reads past the limit', () => {
    const b = bytes('[1,2] ,"prior_state":{}}');
    expect(scanChanges(b, 0, b.length)).toMatchObject({ ok: true, end: 5, count: 1 });
    expect(scanChanges(b, 0, 4).ok).toBe(false);
    expect(scanChanges(bytes('"abc'), 0, 4).ok).toBe(false);
  });
});

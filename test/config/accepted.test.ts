import { describe, expect, it } from 'vitest';
import { parseAcceptedRisks } from '../../src/config/accepted.js';
import { parseBaseline } from '../../src/config/baseline.js';

const F = 'accepted.yaml';
const error = (source: string): string => {
  try {
    parseAcceptedRisks(F, source);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('accepted-risks file', () => {
  it('reads entries by fingerprint or by rule and asset pattern, with their line', () => {
    const entries = parseAcceptedRisks(
      F,
      [
        'version: 1',
        'accepted:',
        '  - fingerprint: 0123456789abcdef0123456789abcdef',
        '    justification: Pilot only',
        '  - rule: TG-INF-002',
        '    asset: module.api.*',
        '    justification: "  Usage plan ships in Q1  "',
        '    owner: platform',
        '    ticket: SEC-1',
        '    expires: 2027-03-31',
      ].join('\n'),
    );
    expect(entries).toEqual([
      {
        source: `${F}:3`,
        file: F,
        line: 3,
        fingerprint: '0123456789abcdef0123456789abcdef',
        justification: 'Pilot only',
      },
      {
        source: `${F}:5`,
        file: F,
        line: 5,
        rule: 'TG-INF-002',
        asset: 'module.api.*',
        justification: 'Usage plan ships in Q1',
        owner: 'platform',
        ticket: 'SEC-1',
        expires: '2027-03-31',
      },
    ]);
  });

  it('accepts an empty list', () => {
    expect(parseAcceptedRisks(F, 'accepted: []\n')).toEqual([]);
  });

  it.each([
    [
      'accepted:\n  - rule: TG-INF-002\n    asset: x\n',
      `${F}:2: accepted[0]: has no justification; say why the risk is accepted`,
    ],
    [
      'accepted:\n  - rule: TG-INF-002\n    justification: y\n',
      `${F}:2: accepted[0]: names no threat; give a fingerprint, or a rule and an asset pattern`,
    ],
    [
      'accepted:\n  - fingerprint: abc\n    justification: y\n',
      `${F}:2: accepted[0].fingerprint: is not a threat fingerprint; copy the 32 hexadecimal characters of \`fingerprint\` from a JSON or SARIF report`,
    ],
    [
      'accepted:\n  - rule: R\n    asset: a\n    justification: y\n    expires: 2027-02-30\n',
      `${F}:5: accepted[0].expires: is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31`,
    ],
    [
      'accepted:\n  - rule: R\n    asset: a\n    justification: y\n    reason: z\n',
      `${F}:5: accepted[0]: unknown key "reason"; an accepted risk takes fingerprint, rule, asset, justification, owner, ticket, expires`,
    ],
    [
      'accepted:\n  - rule: R\n    asset: a\n    justification: y\n    __proto__: z\n',
      `${F}:5: accepted[0]: unknown key "__proto__"; an accepted risk takes fingerprint, rule, asset, justification, owner, ticket, expires`,
    ],
    ['version: 2\naccepted: []\n', `${F}:1: version: is 2; this threatgraph reads version 1`],
    ['accepted: {}\n', `${F}:1: accepted: is a mapping, not a list; list the accepted risks under it`],
    [
      'accepted:\n  - rule: [unclosed\n',
      `${F}:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the syntax`,
    ],
    ['', `${F}: is empty; list accepted risks under \`accepted:\` (see the README)`],
  ])('rejects %j with a one-line error naming the file and line', (source, message) => {
    expect(error(source)).toBe(message);
  });
});

describe('baseline report', () => {
  it('refuses what is not a threatgraph JSON report, saying what to pass', () => {
    expect(() => parseBaseline('b.json', '{"tool":{"name":"other"}}')).toThrow(
      'b.json: is not a threatgraph JSON report; pass a report written by `threatgraph scan --format json`',
    );
    expect(() => parseBaseline('b.json', '{"tool":')).toThrow('b.json: is not valid JSON');
    expect(() =>
      parseBaseline('b.json', '{"tool":{"name":"threatgraph"},"schemaVersion":"2.0.0","threats":[]}'),
    ).toThrow(
      'b.json: has report schema version "2.0.0"; this threatgraph compares with version 1.x reports',
    );
    expect(() =>
      parseBaseline(
        'b.json',
        '{"tool":{"name":"threatgraph"},"schemaVersion":"1.0.0","threats":[{"fingerprint":"x"}]}',
      ),
    ).toThrow('b.json: threats[0] has no severity');
  });
});

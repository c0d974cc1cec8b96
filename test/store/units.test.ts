import { describe, expect, it } from 'vitest';
import { diffScans } from '../../src/store/diff.js';
import { DEFAULT_STORE, storeTarget } from '../../src/store/open.js';
import { displayUrl } from '../../src/store/postgres.js';
import { identityOf } from '../../src/store/record.js';
import { renderDiff, renderHistory } from '../../src/store/render.js';
import { SCAN_ID_PATTERN, newScanId } from '../../src/store/scan-id.js';
import { assetRecord, id, scanRecord, threat } from '../helpers/scan-records.js';

describe('scan ids', () => {
  it('are 26-character ULIDs that sort in the order they were made, within one millisecond too', () => {
    const ids = [
      newScanId(Date.parse('2030-01-01')),
      newScanId(Date.parse('2030-01-01')),
      newScanId(Date.parse('2031-01-01')),
    ];
    for (const i of ids) expect(i).toMatch(SCAN_ID_PATTERN);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('diffScans', () => {
  it('lists new, resolved and changed threats and added and removed assets, by key', () => {
    const a = scanRecord(
      id(1),
      't1',
      [threat('k'), threat('m'), threat('c', { confidence: 'possible' }), threat('z')],
      [assetRecord('x'), assetRecord('gone')],
    );
    const b = scanRecord(
      id(2),
      't2',
      [threat('n'), threat('c'), threat('k', { severity: 'low' }), threat('z')],
      [assetRecord('x'), assetRecord('b-new'), assetRecord('a-new')],
    );
    const d = diffScans(a, b);
    expect(d.threats.new.map((t) => t.fingerprint)).toEqual(['n']);
    expect(d.threats.resolved.map((t) => t.fingerprint)).toEqual(['m']);
    expect(
      d.threats.changed.map((c) => [
        c.after.fingerprint,
        c.before.severity,
        c.after.severity,
        c.before.confidence,
        c.after.confidence,
      ]),
    ).toEqual([
      ['c', 'high', 'high', 'possible', 'confirmed'],
      ['k', 'high', 'low', 'confirmed', 'confirmed'],
    ]);
    expect(d.assets.added.map((x) => x.id)).toEqual(['a-new', 'b-new']);
    expect(d.assets.removed.map((x) => x.id)).toEqual(['gone']);
    const table = renderDiff(d, 'table');
    expect(table.split('\n')[0]).toBe(
      `From ${id(1)} to ${id(2)}: 1 new, 1 resolved, 2 changed threats; 2 assets added, 1 removed`,
    );
    expect(table).toContain('high/confirmed -> low/confirmed');
  });
});

describe('history output', () => {
  it('escapes control characters a hostile input path could carry', () => {
    const s = scanRecord(id(1), '2026-01-01T00:00:00Z', []);
    const hostile = { ...s, inputs: [{ ...s.inputs[0], path: 'plan\u001b[2J\n.json' }] } as typeof s;
    const summary = {
      id: hostile.id,
      time: hostile.time,
      toolVersion: hostile.toolVersion,
      ruleSetHash: hostile.ruleSetHash,
      identity: hostile.identity,
      inputs: hostile.inputs,
      counts: { assets: 0, flows: 0, threats: 0, notes: 0 },
    };
    const text = renderHistory([summary], 'table');
    expect(text).toContain('plan\\u001b[2J\\u000a.json');
    expect(text).not.toContain('\u001b');
  });
});

describe('where history goes', () => {
  it('follows --store, then --no-store, then THREATGRAPH_STORE, then the default file', () => {
    expect(storeTarget('x.db', { THREATGRAPH_STORE: 'off' })).toBe('x.db');
    expect(storeTarget(false, { THREATGRAPH_STORE: 'y.db' })).toBeUndefined();
    expect(storeTarget(undefined, { THREATGRAPH_STORE: 'OFF' })).toBeUndefined();
    expect(storeTarget(undefined, { THREATGRAPH_STORE: 'postgres://h/db' })).toBe('postgres://h/db');
    expect(storeTarget(undefined, {})).toBe(DEFAULT_STORE);
    expect(DEFAULT_STORE).toBe('.threatgraph/history.db');
    expect(() => storeTarget(' ', {})).toThrow('--store: is empty; give a file path or a postgres:// URL');
  });

  it('never shows a PostgreSQL password', () => {
    expect(displayUrl('postgres://alice:s3cret@db.example:5432/tg')).toBe(
      'postgres://alice:***@db.example:5432/tg',
    );
  });
});

describe('who ran the scan', () => {
  it('is the OS user, with the CI actor when a CI system names one', () => {
    expect(identityOf({}, 'alice')).toEqual({ user: 'alice' });
    expect(identityOf({ GITHUB_ACTOR: 'octocat' }, 'runner')).toEqual({
      user: 'runner',
      ciSystem: 'github',
      ciActor: 'octocat',
    });
    expect(identityOf({ GITLAB_USER_LOGIN: 'gl-user', GITHUB_ACTOR: '' }, 'runner')).toEqual({
      user: 'runner',
      ciSystem: 'gitlab',
      ciActor: 'gl-user',
    });
  });
});

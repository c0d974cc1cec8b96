import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planToInventory } from '../../../collectors/terraform/index.js';
import { readPlanFile, type ReadOptions } from '../../../collectors/terraform/plan.js';
import { STATE } from '../../../collectors/terraform/changes-task.js';
import { readSplit } from '../../../collectors/terraform/plan-split.js';
import { CORPUS_DIR, corpusPlans, planWriter } from '../../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = ['aws', 'azure', 'gcp'].flatMap((cloud) =>
  ['plan.json', 'hardened.json'].map((f) => join(ROOT, 'fixtures/reference-architecture', cloud, f)),
);
const CORPUS_FILES = corpusPlans().map((f) => join(CORPUS_DIR, f));

/** Everything a plan read yields (the inventory exercises the references), or the error it ends with. */
function outcome(file: string, options: ReadOptions = {}): unknown {
  try {
    const plan = readPlanFile(file, options);
    return { info: plan.info, deleted: plan.deleted, inventory: planToInventory(plan) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The split read, scanning on this thread: vitest runs the TypeScript sources, which have no built worker. */
const SPLIT: ReadOptions = { splitAbove: 0, worker: false };

const { dir, write } = planWriter('tg-split-');

describe('a plan read split gives what the whole read gives', () => {
  it.each([...FIXTURES, ...CORPUS_FILES])('%s', (file) => {
    expect(outcome(file, SPLIT)).toEqual(outcome(file));
  });

  it('splits the reference plans rather than falling back to the whole read', () => {
    for (const file of FIXTURES) {
      const split = readSplit(file, statSync(file).size, { worker: false });
      expect(split.kind, file).toBe('split');
      if (split.kind === 'split') expect(split.scannedOn).toBe('main');
    }
  });
});

describe('hostile variants of a plan get the same result or error split as whole', () => {
  // Compact, as `terraform show -json` writes it (the fixtures are pretty-printed for review).
  const base = JSON.stringify(JSON.parse(readFileSync(FIXTURES[0] as string, 'utf8')));
  const rcAt = base.indexOf('"resource_changes":');
  const variants: [string, string | Buffer][] = [
    [
      'resource_changes is an object',
      base
        .replace('"resource_changes":[', '"resource_changes":{"x":[')
        .replace(/\],"prior_state"|\],"configuration"/, (m) => `]}${m.slice(1)}`),
    ],
    ['resource_changes is null', `${base.slice(0, -1)},"resource_changes":null}`],
    ['a later resource_changes wins', `${base.slice(0, -1)},"resource_changes":[]}`],
    [
      'an earlier escaped resource_changes loses',
      base.replace('{"format_version"', '{"resource\\u005fchanges":7,"format_version"'),
    ],
    ['an entry is not an object', base.replace('"resource_changes":[', '"resource_changes":[42,')],
    [
      'an entry lacks its change',
      base.replace('"resource_changes":[', '"resource_changes":[{"address":"a.b","type":"a","name":"b"},'),
    ],
    [
      'an entry has an escaped key',
      base.replace('"resource_changes":[{"address"', '"resource_changes":[{"addr\\u0065ss"'),
    ],
    [
      'an escaped address key before the address',
      base.replace('"resource_changes":[{"address":', '"resource_changes":[{"addr\\u0065ss":5,"address":'),
    ],
    [
      'an escaped address key after the address, which wins',
      base.replace(/("resource_changes":\[\{"address":"[^"]*")/, '$1,"addr\\u0065ss":5'),
    ],
    [
      'an entry that is not an object before many that are',
      base.replace('"resource_changes":[', '"resource_changes":["nope",'),
    ],
    [
      'an attribute named resource_changes before the changes',
      base.replace(
        '"values":{',
        '"values":{"resource_changes":[{"address":"x.y","type":"x","name":"y","change":{"actions":["delete"]}}],',
      ),
    ],
    [
      'a key ending in resource_changes before the changes',
      base.replace('{"format_version"', '{"x\\"resource_changes":[1],"format_version"'),
    ],
    [
      'a __proto__ key at the top',
      base.replace('{"format_version"', '{"__proto__":{"polluted":true},"format_version"'),
    ],
    ['a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(base)])],
    [
      'UTF-16 with a byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, 'utf16le')]),
    ],
    [
      'invalid UTF-8 inside the changes',
      Buffer.concat([
        Buffer.from(base.slice(0, rcAt + 40)),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(base.slice(rcAt + 40)),
      ]),
    ],
    ['trailing garbage', `${base}x`],
    ['pretty-printed', JSON.stringify(JSON.parse(base), null, 2)],
  ];
  // Truncations and stray bytes before, inside and after the changes.
  for (const at of [
    rcAt - 5,
    rcAt + 25,
    rcAt + 400,
    Math.floor((rcAt + base.length) / 2),
    base.length - 30,
  ]) {
    variants.push([`truncated at ${at}`, base.slice(0, at)]);
    for (const stray of ['}', ']', ',', '"', '\\', '\u0001'])
      variants.push([`${JSON.stringify(stray)} at ${at}`, base.slice(0, at) + stray + base.slice(at)]);
  }

  it('has variants that differ from the plan, split where the cut proves out and whole where not', () => {
    for (const [name, content] of variants) expect(content.toString(), name).not.toBe(base);
    const kinds = Object.fromEntries(
      variants.slice(0, 18).map(([name, content]) => {
        const file = write(content);
        return [name, readSplit(file, statSync(file).size, { worker: false }).kind];
      }),
    );
    const whole = [
      'a key ending in resource_changes before the changes',
      'an attribute named resource_changes before the changes',
      'UTF-16 with a byte order mark',
      'invalid UTF-8 inside the changes',
      'trailing garbage',
    ];
    for (const [name, kind] of Object.entries(kinds))
      expect(kind, name).toBe(whole.includes(name) ? 'whole' : 'split');
  });

  it.each(variants)('%s', (_name, content) => {
    const file = write(content);
    const whole = outcome(file);
    expect(outcome(file, SPLIT)).toEqual(whole);
  });

  it('leaves the prototype of the document alone', () => {
    const file = write(base.replace('{"format_version"', '{"__proto__":{"polluted":true},"format_version"'));
    const split = readSplit(file, statSync(file).size, { worker: false });
    expect(split.kind).toBe('split');
    if (split.kind === 'split') {
      expect(Object.getPrototypeOf(split.doc)).toBe(Object.prototype);
      expect(Object.hasOwn(split.doc, '__proto__')).toBe(true);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('a worker that fails', () => {
  const file = FIXTURES[0] as string;
  const script = (name: string, body: string): URL => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return new URL(`file://${path}`);
  };

  it('to load leaves the scan to this thread, with the same result and no uncaught error', () => {
    const broken = script('broken-worker.mjs', "throw new Error('cannot load');\n");
    const split = readSplit(file, statSync(file).size, { workerFile: broken });
    expect(split.kind).toBe('split');
    if (split.kind === 'split') expect(split.scannedOn).toBe('main');
    expect(outcome(file, { splitAbove: 0, workerFile: broken })).toEqual(outcome(file));
  });

  it('after starting leaves the scan to this thread', () => {
    // Signals that it started, then says it failed, as the real worker does when its scan throws.
    const failing = script(
      'failing-worker.mjs',
      [
        "import { workerData } from 'node:worker_threads';",
        'const flag = new Int32Array(workerData.control);',
        `Atomics.store(flag, 0, ${STATE.started}); Atomics.notify(flag, 0);`,
        "workerData.port.postMessage({ kind: 'error', message: 'scan threw' });",
        `Atomics.store(flag, 0, ${STATE.failed}); Atomics.notify(flag, 0);`,
        'workerData.port.close();',
      ].join('\n'),
    );
    const split = readSplit(file, statSync(file).size, { workerFile: failing });
    expect(split.kind).toBe('split');
    if (split.kind === 'split') expect(split.scannedOn).toBe('main');
    expect(outcome(file, { splitAbove: 0, workerFile: failing })).toEqual(outcome(file));
  });
});

// The worker runs from the built file (npm ci builds it); this checks that path on the reference plans.
const BUILT = join(ROOT, 'dist/collectors/terraform/plan-split.js');
describe.skipIf(!existsSync(BUILT))('the split read on a worker thread (built)', () => {
  it('scans the changes on a worker and gives what the whole read gives', async () => {
    const built = (await import(BUILT)) as typeof import('../../../collectors/terraform/plan-split.js');
    const plan = (await import(
      join(ROOT, 'dist/collectors/terraform/plan.js')
    )) as typeof import('../../../collectors/terraform/plan.js');
    const index = (await import(
      join(ROOT, 'dist/collectors/terraform/index.js')
    )) as typeof import('../../../collectors/terraform/index.js');
    for (const file of FIXTURES) {
      const split = built.readSplit(file, statSync(file).size);
      expect(split.kind).toBe('split');
      if (split.kind === 'split') expect(split.scannedOn, file).toBe('worker');
      const viaWorker = plan.readPlanFile(file, { splitAbove: 0 });
      expect({ info: viaWorker.info, inventory: index.planToInventory(viaWorker) }).toEqual({
        info: (outcome(file) as { info: unknown }).info,
        inventory: (outcome(file) as { inventory: unknown }).inventory,
      });
    }
  });
});

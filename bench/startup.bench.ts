/**
 * `npm run bench` (start-up part): how long the built CLI takes to start for commands that need no cloud SDK,
 * and what loading the cloud SDKs would add. The live collectors load their SDKs only for a live scan, so
 * `--help` and a plan scan must not pay for them.
 *
 *   node dist/bench/startup.bench.js [--runs 7]
 *
 * Prints the median wall time of each command in a fresh process, the import time of each SDK on its own, and
 * checks that neither command loads a cloud SDK module. Results also go to bench/out/startup.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const plan = path.join(root, 'fixtures', 'reference-architecture', 'aws', 'plan.json');
const SDKS = [
  '@aws-sdk/client-sagemaker',
  '@azure/arm-cognitiveservices',
  '@azure/identity',
  '@google-cloud/aiplatform',
];
/** Matches a path of any cloud SDK package. */
const CLOUD = /node_modules[\\/](@aws-sdk|@azure|@google-cloud|google-gax|@smithy)[\\/]/;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Median wall time of `args` in fresh processes; the modules the last run loaded (from a --require hook). */
function time(args: readonly string[]): { ms: number; cloudModules: string[] } {
  const ms: number[] = [];
  const dir = fs.mkdtempSync(path.join(root, 'bench', 'out', 'startup-'));
  const list = path.join(dir, 'modules.txt');
  const hooks = path.join(dir, 'hooks.mjs');
  const hook = path.join(dir, 'register.mjs');
  // Records every module URL the ESM loader resolves, so that lazy loading is checked, not assumed.
  fs.writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(list)}, r.url + '\\n'); return r; }\n`,
  );
  fs.writeFileSync(
    hook,
    `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`,
  );
  // Timed without the hook (it runs off-thread and slows every import); one more run with it.
  for (let i = 0; i <= runs; i++) {
    const hooked = i === runs;
    const start = performance.now();
    const run = spawnSync(process.execPath, [...(hooked ? ['--import', hook] : []), cli, ...args], {
      encoding: 'utf8',
    });
    if (!hooked) ms.push(performance.now() - start);
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`${args.join(' ')}: exit ${String(run.status)}`);
  }
  const loaded = fs.existsSync(list) ? fs.readFileSync(list, 'utf8').split('\n') : [];
  if (!loaded.some((u) => u.endsWith('/cli/main.js'))) throw new Error('the module hook recorded nothing');
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms: median(ms), cloudModules: [...new Set(loaded.filter((u) => CLOUD.test(u)))] };
}

function importMs(pkg: string): number {
  const ms: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(pkg)}); console.log(performance.now() - t);`,
      ],
      { encoding: 'utf8', cwd: root },
    );
    ms.push(Number(run.stdout.trim()));
  }
  return median(ms);
}

fs.mkdirSync(path.join(root, 'bench', 'out'), { recursive: true });
const help = time(['--help']);
const scan = time([
  'scan',
  plan,
  '--format',
  'json',
  '--output',
  path.join(root, 'bench', 'out', 'startup-scan.json'),
]);
const node = median(
  Array.from({ length: runs }, () => {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - start;
  }),
);
const imports = Object.fromEntries(SDKS.map((p) => [p, importMs(p)]));

const line = (label: string, value: string) => {
  console.log(`${label.padEnd(46)}${value}`);
};
console.log(`start-up, median of ${String(runs)} fresh processes`);
line('node -e 0', `${node.toFixed(0)} ms`);
line('threatgraph --help', `${help.ms.toFixed(0)} ms`);
line('threatgraph scan <aws plan> --format json', `${scan.ms.toFixed(0)} ms`);
console.log('\nimport on its own (not paid by the commands above)');
for (const [p, ms] of Object.entries(imports)) line(p, `${ms.toFixed(0)} ms`);
console.log('\nTargets');
const checks = [
  {
    name: '--help loads no cloud SDK module',
    pass: help.cloudModules.length === 0,
    detail: help.cloudModules[0] ?? 'none',
  },
  {
    name: 'a plan scan loads no cloud SDK module',
    pass: scan.cloudModules.length === 0,
    detail: scan.cloudModules[0] ?? 'none',
  },
];
for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
fs.rmSync(path.join(root, 'bench', 'out', 'startup-scan.json'), { force: true });
fs.writeFileSync(
  path.join(root, 'bench', 'out', 'startup.json'),
  `${JSON.stringify({ runs, nodeMs: node, helpMs: help.ms, scanMs: scan.ms, imports, checks }, null, 2)}\n`,
);

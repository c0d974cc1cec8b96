import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from './helpers/cli.js';

/**
 * The CI examples in examples/ and the pre-commit hook are what users copy: every threatgraph command in them
 * must still be accepted by the CLI and do what the comments say. Each command is run for real on the AWS
 * reference plan (or its source, for the pre-commit hook) in place of the user's plan or module.
 */
const PLAN = 'fixtures/reference-architecture/aws/plan.json';
const SOURCE = 'fixtures/reference-architecture/aws/source';

/** Every string in a parsed YAML document, depth first. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The arguments after `threatgraph` in each shell line that runs it (no quoting or variables in them). */
function threatgraphCommands(script: string): string[][] {
  const out: string[][] = [];
  for (const line of script.split('\n')) {
    const match = /(?:^|\s)(?:npx --yes threatgraph@[\w.]+|threatgraph)\s+(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    const args = match[1].trim().split(/\s+/);
    expect(args.join(' '), `a command in an example uses shell syntax the test cannot run`).toMatch(
      /^[\w./,:=@-]+( [\w./,:=@-]+)*$/,
    );
    out.push(args);
  }
  return out;
}

const examples = (dir: string): string[] =>
  readdirSync(join('examples', dir)).map((f) => join('examples', dir, f));

describe.each([...examples('github-actions'), ...examples('gitlab-ci')])('CI example %s', (file) => {
  const commands = threatgraphCommands(strings(parse(readFileSync(file, 'utf8'))).join('\n'));

  it('runs a scan of the plan that writes every report it names and fails on high threats', async () => {
    expect(commands).toHaveLength(1);
    const args = commands[0] ?? [];
    expect(args.slice(0, 2)).toEqual(['scan', 'plan.json']);
    const out = mkdtempSync(join(tmpdir(), 'tg-example-'));
    const formats = args[args.indexOf('--format') + 1]?.split(',') ?? [];
    const given = args.map((a) => (a === 'plan.json' ? PLAN : a === 'threatgraph' ? out : a));
    const run = await cli(...given);
    expect(run.stderr).toBe('');
    // The reference plan creates everything, so --changed-only keeps its high threats deciding: exit 1.
    expect(run.code).toBe(1);
    expect(readdirSync(out).length).toBe(formats.length);
  });
});

describe('pre-commit hook', () => {
  const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as {
    id: string;
    entry: string;
    args: string[];
    pass_filenames: boolean;
  }[];
  const config = parse(readFileSync('examples/pre-commit/.pre-commit-config.yaml', 'utf8')) as {
    repos: { hooks: { id: string; args: string[] }[] }[];
  };

  it('the example names the hook the repository defines', () => {
    expect(config.repos[0]?.hooks[0]?.id).toBe(hooks[0]?.id);
    expect(hooks[0]?.pass_filenames).toBe(false);
  });

  it.each([
    ['the hook default', hooks[0]?.args ?? []],
    ['the example', config.repos[0]?.hooks[0]?.args ?? []],
  ])('with %s arguments scans a source module and fails on high threats', async (_name, args) => {
    const entry = (hooks[0]?.entry ?? '').split(' ');
    expect(entry[0]).toBe('threatgraph');
    const given = args.map((a, i) => (i === 0 ? SOURCE : a));
    const run = await cli(...entry.slice(1), ...given);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });
});

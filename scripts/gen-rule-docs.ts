/**
 * Writes the rule documentation, docs/rules/<id>.md per built-in rule and docs/rules/README.md, from the rule
 * registry, and deletes the pages of rules that no longer exist.
 *
 *   npm run docs:rules                                 (builds, then runs dist/scripts/gen-rule-docs.js)
 *   node dist/scripts/gen-rule-docs.js [out-dir]       (out-dir defaults to docs/rules of the repository)
 *
 * The pages are a pure rendering of rule metadata (src/report/rule-docs.ts), so the output is deterministic;
 * test/report/rule-docs.test.ts fails when the committed pages differ from it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { BUILTIN_RULES } from '../rules/index.js';
import { RULE_DOCS_DIR, ruleDocFiles } from '../src/report/rule-docs.js';

/** The repository root: the nearest directory above this file with a package.json (works from dist/ too). */
function repositoryRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
}

function main(args: readonly string[]): void {
  const outDir = path.resolve(args[0] ?? path.join(repositoryRoot(), RULE_DOCS_DIR));
  mkdirSync(outDir, { recursive: true });
  const files = ruleDocFiles(BUILTIN_RULES);
  let written = 0;
  for (const [name, text] of files) {
    const file = path.join(outDir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text);
    written++;
  }
  const stale = readdirSync(outDir).filter((name) => name.endsWith('.md') && !files.has(name));
  for (const name of stale) rmSync(path.join(outDir, name));
  const where = path.relative(process.cwd(), outDir) || '.';
  const deleted = stale.length > 0 ? ` (${stale.join(', ')})` : '';
  process.stdout.write(
    `${where}: ${files.size} pages, ${written} written, ${stale.length} deleted${deleted}\n`,
  );
}

main(process.argv.slice(2));

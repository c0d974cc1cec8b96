import { Option } from 'commander';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { RuleRun } from '../engine/run.js';
import { selectRules } from '../engine/select.js';
import type { Rule } from '../model/index.js';
import { loadRulesDirs } from '../rules-dir/load.js';

/** `--rules`, `--skip-rules` and `--rules-dir`, as commander parses them (each repeatable). */
export interface RuleFlags {
  rules: string[];
  skipRules: string[];
  rulesDir: string[];
}

/** Commander's accumulator for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--rules`; with `--skip-rules` and `--rules-dir`, shared by `scan` and `rules` (which previews a selection). */
export function rulesOption(): Option {
  return new Option(
    '--rules <selectors>',
    'run only these rules: ids, families (ai/data, ai), severities (high, >=high), STRIDE, ATLAS, OWASP or AICM ids, lifecycle stages, SSRM layers (comma-separated, repeatable)',
  )
    .argParser(collect)
    .default([], 'all');
}

export function skipRulesOption(): Option {
  return new Option('--skip-rules <selectors>', 'leave out these rules (same selectors as --rules)')
    .argParser(collect)
    .default([], 'none');
}

export function rulesDirOption(): Option {
  return new Option(
    '--rules-dir <dir>',
    'load custom rules (.yaml, .yml, .js, .mjs, .cjs) from a directory (repeatable)',
  )
    .argParser(collect)
    .default([], 'none');
}

/** Built-in rules and the custom rules of `--rules-dir`, narrowed by `--rules` and `--skip-rules`. */
export async function chooseRules(flags: RuleFlags): Promise<Rule[]> {
  const custom = flags.rulesDir.length === 0 ? [] : await loadRulesDirs(flags.rulesDir, BUILTIN_RULES);
  return selectRules([...BUILTIN_RULES, ...custom], { only: flags.rules, skip: flags.skipRules });
}

/** One line on stderr per rule that could not be evaluated, whatever the output format or file. */
export function warnRuleErrors(runs: readonly RuleRun[]): void {
  for (const run of runs) {
    if (run.error !== undefined)
      process.stderr.write(
        `threatgraph: warning: rule ${run.ruleId} could not be evaluated: ${run.error}; the other rules ran\n`,
      );
  }
}

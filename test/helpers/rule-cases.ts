import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The rule case fixtures (see test/rules/cases.test.ts for what each kind asserts):
 *
 *   fixtures/rule-cases/<rule id>/<cloud>/<positive|unknown|negative>[-name]/
 *
 * Each case is Terraform source (a root module) or a `plan.json`. Folders starting with `_` hold shared modules.
 */
export const RULE_CASES_ROOT = join(import.meta.dirname, '../../fixtures/rule-cases');
export const CASE_KINDS = ['positive', 'unknown', 'negative'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export interface RuleCase {
  readonly rule: string;
  readonly cloud: string;
  /** `?` when the folder name starts with no known kind. */
  readonly kind: CaseKind | '?';
  readonly name: string;
  /** The case's plan.json, or its folder. */
  readonly input: string;
}

const dirs = (path: string): string[] =>
  existsSync(path)
    ? readdirSync(path)
        .filter((e) => statSync(join(path, e)).isDirectory())
        .sort()
    : [];

export const RULE_CASES: readonly RuleCase[] = dirs(RULE_CASES_ROOT)
  .filter((rule) => !rule.startsWith('_'))
  .flatMap((rule) =>
    dirs(join(RULE_CASES_ROOT, rule)).flatMap((cloud) =>
      dirs(join(RULE_CASES_ROOT, rule, cloud)).map((name) => {
        const kind = CASE_KINDS.find((k) => name === k || name.startsWith(`${k}-`)) ?? '?';
        const dir = join(RULE_CASES_ROOT, rule, cloud, name);
        const input = existsSync(join(dir, 'plan.json')) ? join(dir, 'plan.json') : dir;
        return { rule, cloud, kind, name, input };
      }),
    ),
  );

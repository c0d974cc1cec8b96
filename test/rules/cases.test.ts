import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Cloud } from '../../src/model/index.js';
import { toSarif } from '../../src/report/sarif.js';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';
import { noReads, recording, type Reads } from '../helpers/recording-view.js';
import { sarifErrors } from '../helpers/sarif-schema.js';
import { RULE_CASES as CASES, type CaseKind as Kind } from '../helpers/rule-cases.js';

/**
 * Every built-in rule against small Terraform root modules, per cloud it supports:
 *
 *   fixtures/rule-cases/<rule id>/<cloud>/positive[-name]/   the rule reports a confirmed threat
 *   fixtures/rule-cases/<rule id>/<cloud>/unknown[-name]/    the deciding value is unknown: the threat is possible
 *   fixtures/rule-cases/<rule id>/<cloud>/negative[-name]/   no rule at all reports a threat (precision)
 *
 * Each case is Terraform source (`.tf` files, scanned as a root module) or a `plan.json` from `terraform show -json`.
 * Folders whose name starts with `_` hold modules that cases share (`source = "../../../_modules/aws/x"`).
 */

/** Rules that read no fact a plan or source can leave unknown, so they have no `unknown` case (and why). */
const NO_UNKNOWN_CASE: Readonly<Record<string, string>> = {
  'TG-DATA-003': 'decides on write flows into training data alone; no fact of the store or writer is read',
  'TG-DATA-010': 'decides on write flows from inference assets into stores that training reads, alone',
  'TG-MODEL-008': 'decides on read flows from a serving workload (or its identity) into training data alone',
  'TG-ORCH-004':
    'decides on an invoke path from the internet to an agent and its tools, and their write flows; controls on the path only lower likelihood',
  'TG-ORCH-008': 'decides on an agent (or its tools) writing a store it retrieves from: flows alone',
  'TG-ORCH-009': 'decides on write flows from application workloads into retrieval sources alone',
  'TG-ORCH-011': 'decides on assume-identity flows alone: one identity held by several agents',
  'TG-IAM-003':
    'decides on assume-identity flows alone: one identity held by an application and a training workload',
  'TG-IAM-006': 'decides on write flows into guardrails from workloads on a model path: flows alone',
  'TG-IAM-007':
    'decides on deploy flows from application workloads into inference endpoints and model deployments: flows alone',
  'TG-MODEL-002':
    'decides on paths and write flows into the artifact store; versioning and immutability only lower likelihood',
};

describe('rule case fixtures', () => {
  it('are laid out as <rule id>/<cloud>/<positive|unknown|negative>[-name] for built-in rules and their clouds', () => {
    const rules = new Map(BUILTIN_RULES.map((r) => [r.id, r]));
    const wrong = CASES.filter(
      (c) =>
        !rules.has(c.rule) ||
        !(rules.get(c.rule)?.clouds as readonly string[] | undefined)?.includes(c.cloud) ||
        c.kind === '?',
    ).map((c) => `${c.rule}/${c.cloud}/${c.name}`);
    expect(wrong).toEqual([]);
  });

  it.each(BUILTIN_RULES.map((r) => [r.id, r.clouds] as const))(
    '%s has a positive and a negative case for each of its clouds, and an unknown case',
    (id, clouds: readonly Cloud[]) => {
      const have = (cloud: string, kind: Kind) =>
        CASES.some((c) => c.rule === id && c.cloud === cloud && c.kind === kind);
      const missing = clouds.flatMap((cloud) =>
        (['positive', 'negative'] as const).filter((k) => !have(cloud, k)).map((k) => `${cloud}/${k}`),
      );
      if (!Object.hasOwn(NO_UNKNOWN_CASE, id) && !clouds.some((cloud) => have(cloud, 'unknown')))
        missing.push('unknown (in any cloud)');
      expect(missing).toEqual([]);
    },
  );
});

const SCANS = new Map(CASES.map((c) => [c, scanFilesSync([c.input])]));

describe.each(CASES.map((c) => [`${c.rule} ${c.cloud}/${c.name}`, c] as const))('%s', (_label, c) => {
  const scan = SCANS.get(c) as ScanResult;
  const own = scan.threats.filter((t) => t.ruleId === c.rule);
  const notes = scan.inventory.notes.filter((n) => n.kind === 'skipped').map((n) => n.message);

  it('reads every file', () => {
    expect(notes).toEqual([]);
  });

  if (c.kind === 'positive') {
    it('gets a confirmed threat from the rule', () => {
      expect(own.map((t) => t.confidence)).toContain('confirmed');
    });
    it('renders valid SARIF 2.1.0', () => {
      expect(sarifErrors(toSarif({ scan }))).toBe('');
    });
  } else if (c.kind === 'unknown') {
    it('gets only possible threats from the rule, naming what was unknown', () => {
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((t) => t.confidence !== 'possible').map((t) => t.assets.join(','))).toEqual([]);
      expect(own.every((t) => t.unknowns.length > 0)).toBe(true);
    });
  } else {
    it('gets no threat from any rule', () => {
      expect(scan.threats.map((t) => `${t.ruleId} ${t.assets.join(',')}`)).toEqual([]);
    });
  }
});

/**
 * `evidence` in a rule's metadata says what the rule decides on and cites. Each rule runs against the view of
 * every case through a recording proxy; what it reads over all cases must be exactly what it declares: nothing
 * read that is not declared, nothing declared that no case reads.
 */
describe('declared evidence', () => {
  const reads = new Map<string, Reads>(BUILTIN_RULES.map((r) => [r.id, noReads()]));
  for (const scan of SCANS.values())
    for (const rule of BUILTIN_RULES)
      Array.from(rule.match(recording(scan.view, reads.get(rule.id) as Reads)));
  const sorted = (xs: Iterable<string> | undefined): string[] => [...(xs ?? [])].sort();

  it.each(BUILTIN_RULES.map((r) => [r.id, r] as const))(
    '%s declares what it reads, and nothing else',
    (id, rule) => {
      const read = reads.get(id) as Reads;
      const declared = rule.evidence;
      expect({
        facts: sorted(declared?.facts),
        flowFacts: sorted(declared?.flowFacts),
        flows: sorted(declared?.flows),
      }).toEqual({ facts: sorted(read.facts), flowFacts: sorted(read.flowFacts), flows: sorted(read.flows) });
    },
  );
});

import {
  LAYER_OWNERS,
  ownerLabel,
  userAction,
  type GraphView,
  type Party,
  type Rule,
  type Threat,
} from '../model/index.js';
import { fingerprint } from './fingerprint.js';
import { evaluateRule } from './guard.js';
import { SEVERITY_RANK, adjustedLikelihood, severityOf } from './scoring.js';
import { fillTemplate } from './template.js';

export interface EngineOptions {
  /** The SSRM parties the user plays; decides remediate / shared / verify-upstream. */
  readonly roles: readonly Party[];
}

export interface RuleRun {
  readonly ruleId: string;
  readonly threats: number;
  /** Why the rule could not be evaluated (it threw or yielded a malformed finding); its threats are missing. */
  readonly error?: string;
}

export interface EngineResult {
  readonly threats: Threat[];
  readonly rules: RuleRun[];
}

/** Runs every rule over the graph and turns findings into scored, fingerprinted threats in a stable order. */
export function runRules(rules: readonly Rule[], view: GraphView, options: EngineOptions): EngineResult {
  const threats = new Map<string, Threat>();
  const runs: RuleRun[] = [];
  for (const rule of rules) {
    // A rule that throws or yields a malformed finding fails alone (see guard.ts); the others still run.
    const outcome = evaluateRule(rule, view);
    if ('error' in outcome) {
      runs.push({ ruleId: rule.id, threats: 0, error: outcome.error });
      continue;
    }
    let count = 0;
    for (const finding of outcome.findings) {
      const assets = [...new Set(finding.assets)].sort();
      const print = fingerprint(rule.id, assets);
      if (threats.has(print)) continue;
      const controls = finding.controls ?? [];
      const unknowns = finding.unknowns ?? [];
      const likelihood = adjustedLikelihood(rule.likelihood, controls.length);
      const zones = [
        ...new Set(assets.flatMap((id) => (view.asset(id) !== undefined ? [view.zone(id).zone] : []))),
      ].sort();
      threats.set(print, {
        fingerprint: print,
        ruleId: rule.id,
        title: rule.title,
        message: fillTemplate(rule.message, finding.params),
        assets,
        ...(finding.path === undefined ? {} : { path: finding.path }),
        zones,
        stride: rule.stride,
        atlas: rule.atlas,
        owasp: rule.owasp,
        lifecycle: rule.lifecycle,
        ssrm: {
          layer: rule.ssrm,
          owners: LAYER_OWNERS[rule.ssrm],
          responsible: ownerLabel(rule.ssrm),
          action: userAction(rule.ssrm, options.roles),
        },
        controls: rule.controls,
        impact: rule.impact,
        likelihood,
        baseLikelihood: rule.likelihood,
        severity: severityOf(rule.impact, likelihood),
        confidence: unknowns.length > 0 ? 'possible' : 'confirmed',
        existingControls: controls,
        unknowns,
        evidence: finding.evidence,
        remediation: rule.remediation,
      });
      count++;
    }
    runs.push({ ruleId: rule.id, threats: count });
  }
  // Severity, then rule, then assets: the asset list is joined once per threat, not once per comparison.
  const keyed = [...threats.values()].map((t) => ({ t, assets: t.assets.join(',') }));
  keyed.sort((a, b) => {
    const bySeverity = SEVERITY_RANK[b.t.severity] - SEVERITY_RANK[a.t.severity];
    if (bySeverity !== 0) return bySeverity;
    const byRule = cmp(a.t.ruleId, b.t.ruleId);
    return byRule !== 0 ? byRule : cmp(a.assets, b.assets);
  });
  const sorted = keyed.map((k) => k.t);
  return { threats: sorted, rules: runs };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

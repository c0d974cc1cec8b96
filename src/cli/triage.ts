import { existsSync } from 'node:fs';
import { DEFAULT_ACCEPTED_FILE, parseAcceptedRisks } from '../config/accepted.js';
import { parseBaseline } from '../config/baseline.js';
import { readConfigText } from '../config/yaml.js';
import { triage } from '../engine/triage.js';
import { InputError, type AcceptedRisk } from '../model/index.js';
import type { ScanResult } from '../scan.js';

export interface TriageFlags {
  accepted?: string;
  baseline?: string;
  failOnNew?: boolean;
  changedOnly?: boolean;
}

/** The accepted-risks file: `--accepted`, else .threatgraph/accepted.yaml when it exists; undefined for none. */
export function acceptedFileOf(flags: Pick<TriageFlags, 'accepted'>): string | undefined {
  return flags.accepted ?? (existsSync(DEFAULT_ACCEPTED_FILE) ? DEFAULT_ACCEPTED_FILE : undefined);
}

/** The entries of the accepted-risks file (see acceptedFileOf); undefined when there is none. */
function readAcceptedRisks(flags: Pick<TriageFlags, 'accepted'>): AcceptedRisk[] | undefined {
  const file = acceptedFileOf(flags);
  return file === undefined
    ? undefined
    : parseAcceptedRisks(file, readConfigText(file, 'check the --accepted path'));
}

/**
 * Applies accepted risks (`--accepted`, else .threatgraph/accepted.yaml when it exists) and a baseline report
 * (`--baseline`) to a scan. `today` is YYYY-MM-DD.
 */
export function applyTriage(
  result: ScanResult,
  flags: TriageFlags,
  today: string,
): { result: ScanResult; accepted: AcceptedRisk[] | undefined } {
  if (flags.failOnNew === true && flags.baseline === undefined)
    throw new InputError(
      '--fail-on-new',
      'needs --baseline <report.json>: new is relative to an earlier report',
    );
  if (flags.changedOnly === true && !result.inventory.inputs.some((i) => i.format === 'terraform-plan'))
    throw new InputError(
      '--changed-only',
      'needs a plan: only `terraform show -json` output says what a change creates, updates or replaces',
    );
  const accepted = readAcceptedRisks(flags);
  const baseline =
    flags.baseline === undefined
      ? undefined
      : parseBaseline(flags.baseline, readConfigText(flags.baseline, 'check the --baseline path'));
  if (accepted === undefined && baseline === undefined) return { result, accepted };
  const out = triage(result.threats, {
    today,
    ...(accepted === undefined ? {} : { accepted }),
    ...(baseline === undefined ? {} : { baseline }),
  });
  return { result: { ...result, threats: out.threats, triage: out.triage }, accepted };
}

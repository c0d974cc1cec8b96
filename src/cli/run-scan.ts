import { Command, Option } from 'commander';
import { InputError, parseParties, type AcceptedRisk, type Party, type Rule } from '../model/index.js';
import { scanAws, scanAzure, scanFilesSync, scanGcp, type ScanOptions, type ScanResult } from '../scan.js';
import { awsOptions, type AwsFlags } from './aws-flags.js';
import { azureOptions, type AzureFlags } from './azure-flags.js';
import { gcpOptions, type GcpFlags } from './gcp-flags.js';
import { storeOption } from './history.js';
import { applyTriage, type TriageFlags } from './triage.js';
import {
  chooseRules,
  collect,
  rulesDirOption,
  rulesOption,
  skipRulesOption,
  warnRuleErrors,
  type RuleFlags,
} from './rule-flags.js';

/** The flags of what a scan reads and how (`scan` and `evidence` share them: see addInputOptions). */
export interface InputFlags extends RuleFlags, TriageFlags, AwsFlags, AzureFlags, GcpFlags {
  role: string;
  timestamps: boolean;
  debug?: boolean;
  varFile: string[];
  var: string[];
  /** A path or URL, false for --no-store, undefined for the default. */
  store?: string | boolean;
}

export interface SourceFlags {
  varFile: string[];
  var: string[];
}

function progress(): ((message: string) => void) | undefined {
  if (!process.stderr.isTTY || process.env['CI'] !== undefined) return undefined;
  return (message) => process.stderr.write(`\r\x1b[K${message}`);
}

/** `--var name=value` pairs; a value may itself contain "=". */
function parseVars(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InputError('--var', `"${pair}" is not name=value; write --var name=value`);
    Object.defineProperty(out, pair.slice(0, at), { value: pair.slice(at + 1), enumerable: true });
  }
  return out;
}

export function scan(
  inputs: string[],
  roles: readonly Party[],
  flags: SourceFlags,
  rules?: readonly Rule[],
): ScanResult {
  const onProgress = progress();
  const result = scanFilesSync(inputs, {
    roles,
    ...(rules === undefined ? {} : { rules }),
    source: { varFiles: flags.varFile, vars: parseVars(flags.var) },
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  if (onProgress) process.stderr.write('\r\x1b[K');
  return result;
}

/** The scan options of a live scan, with progress on stderr when it is a terminal. */
function live(roles: readonly Party[], rules: readonly Rule[] | undefined): ScanOptions {
  const onProgress = progress();
  return {
    roles,
    ...(rules === undefined ? {} : { rules }),
    ...(onProgress === undefined ? {} : { onProgress }),
  };
}

async function scanLive(run: () => Promise<ScanResult>): Promise<ScanResult> {
  const result = await run();
  if (progress() !== undefined) process.stderr.write('\r\x1b[K');
  return result;
}

/** The day accepted risks are checked against: that of the report, else the clock's (SOURCE_DATE_EPOCH honoured). */
export function today(at: string | undefined): string {
  return (at ?? generatedAt(true) ?? new Date().toISOString()).slice(0, 10);
}

/** The report time: now (or SOURCE_DATE_EPOCH), undefined with --no-timestamps. */
export function generatedAt(timestamps: boolean): string | undefined {
  if (!timestamps) return undefined;
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/**
 * Adds the options of what a scan reads (inputs, variables, rules, accepted risks, baseline, history store, live
 * AWS) to a command: `scan` and `evidence` take the same ones.
 */
export function addInputOptions(command: Command): Command {
  return command
    .option(
      '--accepted <file>',
      'accepted risks (YAML); default .threatgraph/accepted.yaml when it exists; accepted threats do not fail the scan',
    )
    .option(
      '--baseline <report.json>',
      'an earlier JSON report: threats are marked new, changed or unchanged',
    )
    .option('--role <parties>', 'SSRM parties you play, comma-separated: CSP, MP, OSP, AP, AIC', 'AP')
    .option('--no-timestamps', 'leave generation timestamps out (byte-identical output for the same input)')
    .option(
      '--var-file <file>',
      'a tfvars file for Terraform source (repeatable, applied in order)',
      collect,
      [],
    )
    .option('--var <name=value>', 'a variable for Terraform source (repeatable, applied last)', collect, [])
    .addOption(rulesOption())
    .addOption(skipRulesOption())
    .addOption(rulesDirOption())
    .addOption(storeOption())
    .option('--no-store', 'do not record this scan in the history store')
    .option('--aws', 'scan live AWS accounts (read-only) with the standard credential chain instead of files')
    .option(
      '--azure',
      'scan live Azure subscriptions (read-only) with DefaultAzureCredential instead of files: Azure OpenAI and AI Services, Machine Learning, AI Search and what surrounds them',
    )
    .option(
      '--subscription <id>',
      'with --azure: a subscription id to read (repeatable), or all the credential sees',
      collect,
      [],
    )
    .option(
      '--gcp',
      'scan live GCP projects (read-only) with Application Default Credentials instead of files: Vertex AI and Workbench for now',
    )
    .option(
      '--project <id>',
      'with --gcp: a project id to read (repeatable), or all: every ACTIVE project the credential can list',
      collect,
      [],
    )
    .option('--locations <list>', 'with --gcp: comma-separated Vertex AI regions', 'us-central1')
    .option('--profile <name>', 'with --aws: a profile of the shared AWS config and credentials files')
    .option('--regions <list>', 'with --aws: comma-separated regions, or all (the enabled ones)', 'us-east-1')
    .option(
      '--assume-role <arn>',
      'with --aws: scan the account of this role (repeatable, or @file of ARNs one a line)',
      collect,
      [],
    )
    .option('--external-id <id>', 'with --assume-role: the external id the roles require')
    .option('--since <duration>', 'with --aws: training jobs created in this window (e.g. 30d, 12h)', '30d')
    .option('--concurrency <n>', 'with --aws, --azure or --gcp: API calls in flight at once', '8')
    .option('--call-timeout <duration>', 'with --aws: timeout of one API call attempt (e.g. 30s)')
    .addOption(
      new Option(
        '--endpoint-url <url>',
        'with --aws or --gcp: one endpoint for every service; with --azure: the Resource Manager',
      ).hideHelp(),
    );
}

/**
 * Runs the scan the input flags describe, with accepted risks and the baseline applied; `at` is the report time
 * (undefined with --no-timestamps), `accepted` the entries of the accepted-risks file as read (undefined when
 * there is none).
 */
export async function runScan(
  inputs: string[],
  flags: InputFlags,
): Promise<{ result: ScanResult; at: string | undefined; accepted: AcceptedRisk[] | undefined }> {
  if (flags.aws === true && inputs.length > 0)
    throw new InputError('--aws', 'cannot go with plan or source paths; scan them in a separate run');
  if (flags.azure === true && inputs.length > 0)
    throw new InputError('--azure', 'cannot go with plan or source paths; scan them in a separate run');
  if (flags.aws === true && flags.azure === true)
    throw new InputError('--azure', 'cannot go with --aws; scan each cloud in a separate run');
  if (flags.gcp === true && inputs.length > 0)
    throw new InputError('--gcp', 'cannot go with plan or source paths; scan them in a separate run');
  if (flags.gcp === true && (flags.aws === true || flags.azure === true))
    throw new InputError('--gcp', 'cannot go with --aws or --azure; scan each cloud in a separate run');
  const roles = parseRoles(flags.role);
  const at = generatedAt(flags.timestamps);
  const rules = await chooseRules(flags);
  const scanned =
    flags.aws === true
      ? await scanLive(() => scanAws(awsOptions(flags), live(roles, rules)))
      : flags.azure === true
        ? await scanLive(() => scanAzure(azureOptions(flags), live(roles, rules)))
        : flags.gcp === true
          ? await scanLive(() => scanGcp(gcpOptions(flags), live(roles, rules)))
          : scan(inputs, roles, flags, rules);
  const { result, accepted } = applyTriage(scanned, flags, today(at));
  warnRuleErrors(result.rules);
  return { result, at, accepted };
}

function parseRoles(text: string): Party[] {
  try {
    return parseParties(text);
  } catch (error) {
    throw new InputError(
      '--role',
      error instanceof Error ? error.message.replace(/^.*?--role /, '') : 'invalid',
    );
  }
}

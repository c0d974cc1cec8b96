import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_RULES } from '../../rules/index.js';
import { atLeast } from '../engine/scoring.js';
import { deciding } from '../engine/triage.js';
import {
  InputError,
  SEVERITIES,
  parseParties,
  type Party,
  type Rule,
  type Severity,
} from '../model/index.js';
import { explainRule, renderRules } from '../report/rules.js';
import { scanAws, scanFilesSync, type ScanResult } from '../scan.js';
import { awsOptions, type AwsFlags } from './aws-flags.js';
import { TOOL_VERSION } from '../version.js';
import { SCAN_FORMATS, parseFormats, type ScanFormatName } from './formats.js';
import { outputDir, writeFiles, writeOutput } from './output.js';
import { addHistoryCommands, recordScan, storeOption, trendOf } from './history.js';
import { newScanId } from '../store/scan-id.js';
import { addMetricsCommand } from './metrics.js';
import { addReviewCommand } from './review.js';
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

const EXIT_OK = 0;
const EXIT_THREATS = 1;
const EXIT_USAGE = 2;

interface ScanFlags extends RuleFlags, TriageFlags, AwsFlags {
  format: ScanFormatName[];
  output?: string;
  outputDir?: string;
  failOn?: string;
  role: string;
  timestamps: boolean;
  debug?: boolean;
  varFile: string[];
  var: string[];
  /** A path or URL, false for --no-store, undefined for the default. */
  store?: string | boolean;
}

interface SourceFlags {
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

function scan(
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

async function scanLive(
  options: ReturnType<typeof awsOptions>,
  roles: readonly Party[],
  rules: readonly Rule[] | undefined,
): Promise<ScanResult> {
  const onProgress = progress();
  const result = await scanAws(options, {
    roles,
    ...(rules === undefined ? {} : { rules }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  if (onProgress) process.stderr.write('\r\x1b[K');
  return result;
}

/** The day accepted risks are checked against: that of the report, else the clock's (SOURCE_DATE_EPOCH honoured). */
function today(at: string | undefined): string {
  return (at ?? generatedAt(true) ?? new Date().toISOString()).slice(0, 10);
}

function generatedAt(timestamps: boolean): string | undefined {
  if (!timestamps) return undefined;
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/** The severity at which threats fail the scan: `--fail-on`, else any new one with `--fail-on-new`; none for never. */
function failThreshold(flags: ScanFlags): Severity | undefined {
  if (flags.failOn === 'none') return undefined;
  return (flags.failOn as Severity | undefined) ?? (flags.failOnNew === true ? 'info' : undefined);
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('threatgraph')
    .description('Derive a threat model of a cloud AI system from its Terraform plan')
    .version(TOOL_VERSION)
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('scan')
    .description(
      'scan Terraform source or plans (`terraform show -json` output), or live AWS accounts (--aws), and report threats',
    )
    .argument('[inputs...]', 'directories of Terraform source, plan JSON files, or directories of plans')
    .addOption(
      new Option(
        '-f, --format <formats>',
        `output format, or several comma-separated with --output-dir: ${Object.keys(SCAN_FORMATS).join(', ')}`,
      )
        .argParser(parseFormats)
        .default(['table'], 'table'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write one file per --format into this directory (threatgraph.json, ...)')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a threat is at or above this severity; none never fails on threats',
      ).choices([...SEVERITIES, 'none']),
    )
    .option(
      '--accepted <file>',
      'accepted risks (YAML); default .threatgraph/accepted.yaml when it exists; accepted threats do not fail the scan',
    )
    .option(
      '--baseline <report.json>',
      'an earlier JSON report: threats are marked new, changed or unchanged',
    )
    .option(
      '--fail-on-new',
      'only threats new since --baseline decide the exit code (any severity unless --fail-on)',
    )
    .option(
      '--changed-only',
      'only threats on assets the plan creates, updates or replaces (or on a path through them) decide the exit code',
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
    .option('--concurrency <n>', 'with --aws: API calls in flight at once', '8')
    .option('--call-timeout <duration>', 'with --aws: timeout of one API call attempt (e.g. 30s)')
    .addOption(new Option('--endpoint-url <url>', 'with --aws: one endpoint for every service').hideHelp())
    .action(async (inputs: string[], flags: ScanFlags) => {
      if (flags.aws === true && inputs.length > 0)
        throw new InputError('--aws', 'cannot go with plan or source paths; scan them in a separate run');
      const roles = parseRoles(flags.role);
      if (flags.format.length > 1 && flags.outputDir === undefined)
        throw new InputError(
          '--format',
          'names several formats; add --output-dir <dir> to write one file each',
        );
      if (flags.outputDir !== undefined && flags.output !== undefined)
        throw new InputError('--output', 'cannot go with --output-dir; use one or the other');
      const at = generatedAt(flags.timestamps);
      const rules = await chooseRules(flags);
      const scanned =
        flags.aws === true
          ? await scanLive(awsOptions(flags), roles, rules)
          : scan(inputs, roles, flags, rules);
      const result = applyTriage(scanned, flags, today(at));
      warnRuleErrors(result.rules);
      const scanId = newScanId();
      const recordedAt = at ?? new Date().toISOString();
      const trend = flags.format.includes('html')
        ? await trendOf(result, flags.store, scanId, recordedAt)
        : undefined;
      const input = {
        scan: result,
        ...(at === undefined ? {} : { generatedAt: at }),
        ...(trend === undefined ? {} : { trend }),
      };
      if (flags.outputDir === undefined) {
        writeOutput(SCAN_FORMATS[flags.format[0] ?? 'table'].render(input), flags.output);
      } else {
        const dir = outputDir(flags.outputDir);
        writeFiles(
          flags.format.map((f) => ({
            file: join(dir, SCAN_FORMATS[f].file),
            text: SCAN_FORMATS[f].render(input),
          })),
        );
      }
      await recordScan(result, flags.store, recordedAt, scanId);
      const threshold = failThreshold(flags);
      const counted = deciding(result.threats, result.view, {
        newOnly: flags.failOnNew === true,
        changedOnly: flags.changedOnly === true,
      });
      if (threshold !== undefined && counted.some((t) => atLeast(t.severity, threshold))) {
        process.exitCode = EXIT_THREATS;
      }
    });

  program
    .command('graph')
    .description('draw the zones and flows derived from Terraform source or plans')
    .argument('<inputs...>', 'directories of Terraform source, plan JSON files, or directories of plans')
    .addOption(
      new Option('-f, --format <format>', 'diagram format')
        .choices(['mermaid', 'dot', 'json'])
        .default('mermaid'),
    )
    .option('-o, --output <file>', 'write the diagram to a file instead of stdout')
    .option(
      '--var-file <file>',
      'a tfvars file for Terraform source (repeatable, applied in order)',
      collect,
      [],
    )
    .option('--var <name=value>', 'a variable for Terraform source (repeatable, applied last)', collect, [])
    .action((inputs: string[], flags: { format: string; output?: string } & SourceFlags) => {
      const result = scan(inputs, ['AP'], flags);
      writeOutput(
        SCAN_FORMATS[flags.format as 'mermaid' | 'dot' | 'json'].render({ scan: result }),
        flags.output,
      );
    });

  program
    .command('rules')
    .description(
      'list the rules a scan would run: built-in, custom (--rules-dir), narrowed by --rules/--skip-rules',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .addOption(rulesOption())
    .addOption(skipRulesOption())
    .addOption(rulesDirOption())
    .action(async (flags: { format: string } & RuleFlags) => {
      const rules = await chooseRules(flags);
      writeOutput(renderRules(rules, flags.format === 'json' ? 'json' : 'table'), undefined);
    });

  program
    .command('explain')
    .description('describe one rule: the threat, its mappings and how to fix it')
    .argument('<rule-id>', 'e.g. TG-DATA-002')
    .action((id: string) => {
      const rule = BUILTIN_RULES.find((r) => r.id.toLowerCase() === id.toLowerCase());
      if (rule === undefined)
        throw new InputError(id, 'is not a rule id; run `threatgraph rules` to list them');
      writeOutput(explainRule(rule), undefined);
    });

  addHistoryCommands(program);
  addMetricsCommand(program);
  addReviewCommand(program);
  return program;
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

/**
 * Runs the CLI with arguments (without node and script); resolves to the exit code. Asynchronous because custom
 * JavaScript rules (`--rules-dir`) are loaded with a dynamic import.
 */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      process.stderr.write(`threatgraph: error: ${error.message}\n`);
      if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `threatgraph: internal error: ${message.split('\n')[0] ?? ''}; rerun with --debug and report it\n`,
    );
    if (debug && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}

import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_RULES } from '../../rules/index.js';
import { atLeast } from '../engine/scoring.js';
import { deciding } from '../engine/triage.js';
import { InputError, SEVERITIES, type Severity } from '../model/index.js';
import { explainRule, renderRules } from '../report/rules.js';
import { TOOL_VERSION } from '../version.js';
import { SCAN_FORMATS, parseFormats, renderFormats, type ScanFormatName } from './formats.js';
import { outputDir, writeFiles, writeOutput } from './output.js';
import { addHistoryCommands, recordScan, trendOf } from './history.js';
import { newScanId } from '../store/scan-id.js';
import { addEvidenceCommands } from './evidence.js';
import { addMetricsCommand } from './metrics.js';
import { addReviewCommand } from './review.js';
import { evidenceExtras } from './evidence-extras.js';
import { addInputOptions, runScan, scan, type InputFlags, type SourceFlags } from './run-scan.js';
import {
  chooseRules,
  collect,
  rulesDirOption,
  rulesOption,
  skipRulesOption,
  type RuleFlags,
} from './rule-flags.js';

const EXIT_OK = 0;
const EXIT_THREATS = 1;
const EXIT_USAGE = 2;

interface ScanFlags extends InputFlags {
  format: ScanFormatName[];
  output?: string;
  outputDir?: string;
  failOn?: string;
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

  addInputOptions(
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
        '--fail-on-new',
        'only threats new since --baseline decide the exit code (any severity unless --fail-on)',
      )
      .option(
        '--changed-only',
        'only threats on assets the plan creates, updates or replaces (or on a path through them) decide the exit code',
      ),
  ).action(async (inputs: string[], flags: ScanFlags) => {
    if (flags.format.length > 1 && flags.outputDir === undefined)
      throw new InputError(
        '--format',
        'names several formats; add --output-dir <dir> to write one file each',
      );
    if (flags.outputDir !== undefined && flags.output !== undefined)
      throw new InputError('--output', 'cannot go with --output-dir; use one or the other');
    const { result, at } = await runScan(inputs, flags);
    const scanId = newScanId();
    const recordedAt = at ?? new Date().toISOString();
    // The HTML report shows the trend of the previous scans in the store and this one.
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
      writeFiles(renderFormats(flags.format, input).map((f) => ({ file: join(dir, f.file), text: f.text })));
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
  addEvidenceCommands(program, evidenceExtras);
  return program;
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

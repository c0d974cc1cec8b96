import type { Command } from 'commander';
import { acceptedRiskStatus } from '../evidence/accepted.js';
import { readBundle, writeBundle } from '../evidence/archive.js';
import { buildBundle } from '../evidence/bundle.js';
import { BUNDLE_FILES, REPORT_KINDS, type EvidenceExtra } from '../evidence/files.js';
import { historyExtract, periodStart } from '../evidence/history.js';
import { checkManifest, parseManifest, shown } from '../evidence/manifest.js';
import { storeTarget } from '../store/open.js';
import { renderFormats } from './formats.js';
import { asOf, recordScan, withStore } from './history.js';
import { addInputOptions, runScan, today, type InputFlags } from './run-scan.js';
import { acceptedFileOf } from './triage.js';

const EXIT_MISMATCH = 1;

interface EvidenceFlags extends InputFlags {
  out: string;
  period: string;
}

/** What an extras provider is told: the `--store` flag as given, the bundle's time and the period's start. */
export interface ExtrasContext {
  readonly store: string | boolean | undefined;
  readonly now: string;
  readonly since?: string;
}

/** Artefacts recorded elsewhere (metrics, reviews) for the bundle: each becomes `<name>.json`. */
export type ExtrasProvider = (context: ExtrasContext) => Promise<readonly EvidenceExtra[]>;

/**
 * `evidence` and `verify`. `extras` supplies the artefacts other commands record (metrics, reviews); the guideline
 * mapping lists each one given as present, the others as "present when recorded".
 */
export function addEvidenceCommands(
  program: Command,
  extras: ExtrasProvider = () => Promise.resolve([]),
): void {
  addInputOptions(
    program
      .command('evidence')
      .description(
        'scan (as `scan` does, recording the scan) and write an auditor evidence bundle: reports, history, accepted risks, guideline and standards mappings, OSCAL assessment results and a hashed manifest',
      )
      .argument('[inputs...]', 'directories of Terraform source, plan JSON files, or directories of plans')
      .requiredOption('--out <dir|file.zip>', 'the bundle: a new (or empty) directory, or a .zip file')
      .option(
        '--period <period>',
        'the history the bundle holds: days back (90d), scans since a day (2026-01-31), or all',
        '90d',
      ),
  ).action(async (inputs: string[], flags: EvidenceFlags) => {
    const since = periodStart(flags.period, asOf());
    const { result, at, accepted: entries } = await runScan(inputs, flags);
    await recordScan(result, flags.store, at);
    const now = at ?? asOf();
    const history =
      storeTarget(flags.store) === undefined
        ? undefined
        : await withStore(typeof flags.store === 'string' ? flags.store : undefined, (s) =>
            historyExtract(s, since, now),
          );
    const day = today(at);
    const acceptedFile = acceptedFileOf(flags);
    const report = { scan: result, ...(at === undefined ? {} : { generatedAt: at }) };
    const files = buildBundle({
      report,
      reports: renderFormats(REPORT_KINDS, report).map((r) => ({
        kind: r.format,
        file: r.file,
        text: r.text,
      })),
      ...(history === undefined ? {} : { history }),
      ...(acceptedFile === undefined || entries === undefined
        ? {}
        : { accepted: { file: acceptedFile, entries: acceptedRiskStatus(entries, result.threats, day) } }),
      today: day,
      extras: await extras({ store: flags.store, now, ...(since === undefined ? {} : { since }) }),
    });
    writeBundle(files, flags.out);
    process.stdout.write(
      `threatgraph: evidence bundle of ${files.length} files written to ${shown(flags.out)}\n`,
    );
  });

  program
    .command('verify')
    .description(
      'check an evidence bundle against its manifest: exit 1 with one line per missing, extra or altered file',
    )
    .argument('<bundle>', 'a bundle directory or .zip written by `threatgraph evidence`')
    .action((path: string) => {
      const files = readBundle(path);
      const manifest = parseManifest(path, files.get(BUNDLE_FILES.manifest));
      const problems = checkManifest(manifest, files);
      if (problems.length > 0) {
        process.stdout.write(`${problems.join('\n')}\n`);
        process.exitCode = EXIT_MISMATCH;
        return;
      }
      process.stdout.write(
        `verified: ${manifest.files.length} files match ${BUNDLE_FILES.manifest} (${shown(manifest.tool.name)} ${shown(manifest.tool.version)}${manifest.generatedAt === undefined ? '' : `, ${shown(manifest.generatedAt)}`})\n`,
      );
    });
}

import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { DEFAULT_ACCEPTED_FILE, parseAcceptedRisks } from '../config/accepted.js';
import { readConfigText } from '../config/yaml.js';
import { InputError } from '../model/index.js';
import { redact } from '../report/redact.js';
import { loadReviewConfig, parseCadence } from '../review/config.js';
import { reviewDueOf } from '../review/from-store.js';
import { renderReviewDue, renderReviews } from '../review/render.js';
import { newScanId } from '../store/scan-id.js';
import { asOf, formatOption, storeOption, withStore } from './history.js';
import { writeOutput } from './output.js';

/** `threatgraph review` exits 1 when something is due, as `scan` does for threats at or above --fail-on. */
const EXIT_DUE = 1;
const MAX_REVIEWER = 200;
const MAX_NOTES = 10_000;

interface ReviewFlags {
  store?: string;
  format: 'table' | 'json';
  config?: string;
  cadence?: number;
  accepted?: string;
  record?: boolean;
  list?: boolean;
  reviewer?: string;
  notes?: string;
  scan: string;
}

/** A reviewer name or notes as stored: trimmed, without control characters (notes may span lines), redacted. */
function reviewText(flag: string, value: string | undefined, max: number, multiline: boolean): string {
  if (value === undefined || value.trim() === '')
    throw new InputError(
      flag,
      `is missing; --record needs ${flag} ${flag === '--reviewer' ? 'NAME' : 'TEXT'}`,
    );
  const text = value.trim();
  let control = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const layout = multiline && (code === 0x0a || code === 0x09);
    if ((code < 0x20 && !layout) || (code >= 0x7f && code <= 0x9f)) control = true;
  }
  if (control)
    throw new InputError(
      flag,
      `holds a control character${multiline ? '' : ' or a line break'}; write plain text`,
    );
  if (text.length > max) throw new InputError(flag, `is longer than ${max} characters; shorten it`);
  return redact(text);
}

function acceptedRisks(flag: string | undefined) {
  const file = flag ?? (existsSync(DEFAULT_ACCEPTED_FILE) ? DEFAULT_ACCEPTED_FILE : undefined);
  return file === undefined
    ? []
    : parseAcceptedRisks(file, readConfigText(file, 'check the --accepted path'));
}

export function addReviewCommand(program: Command): void {
  program
    .command('review')
    .description(
      'what a review of the threat model must look at (exit 1 when anything is due); --record records a review, --list lists them',
    )
    .addOption(storeOption())
    .addOption(formatOption())
    .option('--config <file>', 'settings (YAML); default .threatgraph/config.yaml when it exists')
    .option(
      '--cadence <days>',
      'days between reviews (overrides review.cadenceDays; default 90)',
      parseCadence,
    )
    .option('--accepted <file>', 'accepted risks (YAML); default .threatgraph/accepted.yaml when it exists')
    .addOption(new Option('--record', 'record a review of the latest scan').conflicts('list'))
    .option('--list', 'list the recorded reviews, newest first')
    .option('--reviewer <name>', 'with --record: who reviewed')
    .option('--notes <text>', 'with --record: what the review found or decided')
    .option('--scan <ref>', 'with --record: the scan reviewed (an id, latest or latest~N)', 'latest')
    .action(async (flags: ReviewFlags) => {
      if (flags.record !== true && (flags.reviewer !== undefined || flags.notes !== undefined))
        throw new InputError(
          flags.reviewer !== undefined ? '--reviewer' : '--notes',
          'only goes with --record',
        );
      if (flags.list === true) {
        const reviews = await withStore(flags.store, (s) => s.reviews());
        writeOutput(renderReviews(reviews, flags.format), undefined);
        return;
      }
      if (flags.record === true) {
        const reviewer = reviewText('--reviewer', flags.reviewer, MAX_REVIEWER, false);
        const notes = reviewText('--notes', flags.notes, MAX_NOTES, true);
        const time = asOf();
        const review = await withStore(flags.store, async (s) => {
          const scan = await s.load(await s.resolve(flags.scan));
          const record = {
            id: newScanId(Date.parse(time)),
            time,
            reviewer,
            notes,
            scanId: scan.id,
            ruleSetHash: scan.ruleSetHash,
            toolVersion: scan.toolVersion,
          };
          await s.recordReview(record);
          return record;
        });
        writeOutput(
          flags.format === 'json'
            ? `${JSON.stringify({ review }, null, 2)}\n`
            : `Recorded review ${review.id} of scan ${review.scanId}\n`,
          undefined,
        );
        return;
      }
      const config = loadReviewConfig(flags.config, flags.cadence);
      const accepted = acceptedRisks(flags.accepted);
      const due = await withStore(flags.store, (s) => reviewDueOf(s, { asOf: asOf(), config, accepted }));
      writeOutput(renderReviewDue(due, flags.format), undefined);
      if (due.due) process.exitCode = EXIT_DUE;
    });
}

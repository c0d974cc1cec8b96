import type { Command } from 'commander';
import { metricsOf } from '../metrics/from-store.js';
import { renderMetrics } from '../metrics/render.js';
import { InputError } from '../model/index.js';
import { asOf, formatOption, storeOption, withStore } from './history.js';
import { writeOutput } from './output.js';

const MAX_PERIOD_DAYS = 3650;

/** `--period 30d` or `4w`: whole days or weeks. */
export function parsePeriod(text: string): number {
  const m = /^(\d{1,4})([dw])$/.exec(text.trim());
  const n = m === null ? NaN : Number(m[1]) * (m[2] === 'w' ? 7 : 1);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PERIOD_DAYS)
    throw new InputError(
      '--period',
      `"${text}" is not a period; write days or weeks, e.g. 30d or 4w (at most ${MAX_PERIOD_DAYS}d)`,
    );
  return n;
}

/** `--since 2026-01-01` (a day, UTC) or an ISO time. */
export function parseSince(text: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(text)
    ? Date.parse(day ? `${text}T00:00:00Z` : text)
    : NaN;
  if (Number.isNaN(ms) || (day && new Date(ms).toISOString().slice(0, 10) !== text))
    throw new InputError(
      '--since',
      `"${text}" is not a date; write YYYY-MM-DD or an ISO time such as 2026-01-31T12:00:00Z`,
    );
  return new Date(ms).toISOString();
}

export function addMetricsCommand(program: Command): void {
  program
    .command('metrics')
    .description(
      'efficacy and efficiency indicators over the history: coverage, open threats by severity and age, time to remediate, reopen rate, accepted risks, scans per period, collection gaps',
    )
    .addOption(storeOption())
    .addOption(formatOption())
    .option(
      '--period <duration>',
      'length of one period of "scans per period": days or weeks (30d, 4w)',
      parsePeriod,
      30,
    )
    .option(
      '--since <date>',
      'count remediation, reopen rate and scans per period from this day (YYYY-MM-DD)',
      parseSince,
    )
    .action(async (flags: { store?: string; format: 'table' | 'json'; period: number; since?: string }) => {
      const at = asOf();
      const metrics = await withStore(flags.store, (s) =>
        metricsOf(s, {
          asOf: at,
          periodDays: flags.period,
          ...(flags.since === undefined ? {} : { since: flags.since }),
        }),
      );
      writeOutput(renderMetrics(metrics, flags.format), undefined);
    });
}

import { clean } from '../store/render.js';
import type { ReviewRecord } from '../store/types.js';
import type { ReviewDue } from './due.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** `threatgraph review`: what is due, one section per kind of item. */
export function renderReviewDue(r: ReviewDue, format: 'table' | 'json'): string {
  if (format === 'json') return json(r);
  const c = r.cadence;
  const lines = [
    r.due ? `Review due as of ${r.asOf}` : `Nothing due for review as of ${r.asOf}`,
    c.lastReview === undefined
      ? `  cadence: every ${c.days} days; no review recorded yet (overdue)`
      : `  cadence: every ${c.days} days; last review ${c.lastReview.id} by ${clean(c.lastReview.reviewer)} at ${clean(c.lastReview.time)}; next due ${c.nextDue ?? '-'}${c.overdue ? ' (overdue)' : ''}`,
  ];
  const section = (title: string, body: string[]): void => {
    if (body.length > 0) lines.push('', `${title} (${body.length})`, ...body);
  };
  section(
    'Accepted risks expired or expiring',
    r.acceptances.map(
      (a) =>
        `  ${a.status.padEnd(8)} ${a.expires} (${a.daysLeft < 0 ? `${-a.daysLeft} days ago` : `in ${a.daysLeft} days`})  ${clean(a.source)}  ${clean(a.fingerprint ?? `${a.rule ?? ''} ${a.asset ?? ''}`)}${a.owner === undefined ? '' : `  owner ${clean(a.owner)}`}`,
    ),
  );
  section(
    'Threats open longer than their severity allows',
    r.overdueThreats.map(
      (t) =>
        `  ${t.severity.padEnd(8)} ${`${t.ageDays}d`.padStart(5)} > ${`${t.slaDays}d`.padEnd(5)} ${t.ruleId.padEnd(14)} ${clean(t.title)}  ${t.fingerprint.slice(0, 12)}`,
    ),
  );
  const rc = r.ruleChanges;
  if (rc !== undefined)
    section(`Rule and reference data changes since scan ${rc.sinceScan}`, [
      ...(rc.toolVersion === undefined
        ? []
        : [
            `  threatgraph ${clean(rc.toolVersion.from)} -> ${clean(rc.toolVersion.to)} (its reference data may have changed)`,
          ]),
      ...rc.added.map((id) => `  added    ${clean(id)}`),
      ...rc.changed.map((id) => `  changed  ${clean(id)}`),
      ...rc.removed.map((id) => `  removed  ${clean(id)}`),
    ]);
  return `${lines.join('\n')}\n`;
}

/** `threatgraph review --list`: newest first. */
export function renderReviews(reviews: readonly ReviewRecord[], format: 'table' | 'json'): string {
  if (format === 'json') return json({ reviews });
  if (reviews.length === 0) return 'No reviews recorded\n';
  const lines = [
    `${'ID'.padEnd(26)}  ${'TIME'.padEnd(24)}  ${'REVIEWER'.padEnd(16)}  ${'SCAN'.padEnd(26)}  NOTES`,
  ];
  for (const r of reviews)
    lines.push(
      `${r.id}  ${clean(r.time).padEnd(24)}  ${clean(r.reviewer).padEnd(16)}  ${r.scanId}  ${clean(r.notes)}`,
    );
  lines.push(`${reviews.length} review${reviews.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

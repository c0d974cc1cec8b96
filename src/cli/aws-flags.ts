import { readFileSync } from 'node:fs';
import type { AwsScanOptions } from '../../collectors/aws/options.js';
import { InputError } from '../model/index.js';

/** The `scan --aws` flags as commander gives them. */
export interface AwsFlags {
  aws?: boolean;
  profile?: string;
  regions?: string;
  assumeRole: string[];
  externalId?: string;
  since?: string;
  concurrency?: string;
  endpointUrl?: string;
  callTimeout?: string;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Options of a live AWS scan from the flags; a bad value is a one-line usage error. */
export function awsOptions(flags: AwsFlags, now: Date = new Date()): AwsScanOptions {
  const regions = regionList(flags.regions ?? 'us-east-1');
  const roles = flags.assumeRole.flatMap((r) => (r.startsWith('@') ? roleFile(r.slice(1)) : [r]));
  for (const r of roles)
    if (!ROLE_ARN.test(r)) throw new InputError('--assume-role', `"${printable(r)}" is not an IAM role ARN`);
  return {
    regions,
    ...(flags.profile === undefined ? {} : { profile: flags.profile }),
    ...(roles.length === 0 ? {} : { assumeRoles: roles }),
    ...(flags.externalId === undefined ? {} : { externalId: flags.externalId }),
    since: new Date(now.getTime() - duration('--since', flags.since ?? '30d')),
    concurrency: positive('--concurrency', flags.concurrency ?? '8'),
    ...(flags.callTimeout === undefined
      ? {}
      : { callTimeoutMs: duration('--call-timeout', flags.callTimeout) }),
    ...(flags.endpointUrl === undefined ? {} : { endpoint: endpointUrl(flags.endpointUrl) }),
  };
}

function regionList(text: string): readonly string[] | 'all' {
  if (text === 'all') return 'all';
  const list = text.split(',').map((r) => r.trim());
  for (const r of list)
    if (!REGION.test(r))
      throw new InputError(
        '--regions',
        `"${printable(r)}" is not a region name; write e.g. us-east-1,eu-west-1 or all`,
      );
  return list;
}

function roleFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(path, 'cannot be read; --assume-role @file takes a file of role ARNs, one a line');
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** `30d`, `12h`, `90m`, `45s` or `1500ms` in milliseconds. */
function duration(flag: string, text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (m === null)
    throw new InputError(flag, `"${printable(text)}" is not a duration; write e.g. 30d, 12h, 30s or 500ms`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * unit;
}

function positive(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 256)
    throw new InputError(flag, `"${printable(text)}" is not a number from 1 to 256`);
  return Number(text);
}

function endpointUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('--endpoint-url', `"${printable(text)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError('--endpoint-url', 'must be an http or https URL');
  return text;
}

/** User text echoed in an error: no control characters, bounded length. */
function printable(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

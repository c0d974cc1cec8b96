import type { GcpScanOptions } from '../../collectors/gcp/options.js';
import { InputError } from '../model/index.js';

/** The `scan --gcp` flags as commander gives them. */
export interface GcpFlags {
  gcp?: boolean;
  project: string[];
  locations?: string;
  concurrency?: string;
  endpointUrl?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Options of a live GCP scan from the flags; a bad value is a one-line usage error. The credential is
 * Application Default Credentials; `--endpoint-url` names one endpoint for every API (the tests' fake, or a
 * private endpoint), plain http only on this machine.
 */
export function gcpOptions(flags: GcpFlags): GcpScanOptions {
  if (flags.project.length === 0)
    throw new InputError(
      '--gcp',
      'needs the projects to read; add --project <id> (repeatable) or --project all',
    );
  const concurrency = flags.concurrency ?? '8';
  if (!/^\d+$/.test(concurrency) || Number(concurrency) < 1 || Number(concurrency) > 256)
    throw new InputError('--concurrency', `"${concurrency.slice(0, 40)}" is not a number from 1 to 256`);
  const locations = (flags.locations ?? 'us-central1')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (locations.length === 0)
    throw new InputError('--locations', 'names no location; write e.g. us-central1');
  return {
    projects: flags.project,
    locations,
    concurrency: Number(concurrency),
    ...(flags.endpointUrl === undefined ? {} : { apiEndpoint: endpointUrl(flags.endpointUrl) }),
  };
}

function endpointUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('--endpoint-url', 'is not a URL; write e.g. https://private.googleapis.com');
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw new InputError(
      '--endpoint-url',
      'must be https unless it is on this machine (127.0.0.1 or localhost): the access token goes with every call',
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError('--endpoint-url', 'must be an http(s) URL');
  return url.origin;
}

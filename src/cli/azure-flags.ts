import type { AzureScanOptions } from '../../collectors/azure/options.js';
import { InputError } from '../model/index.js';

/** The `scan --azure` flags as commander gives them. */
export interface AzureFlags {
  azure?: boolean;
  subscription: string[];
  concurrency?: string;
  endpointUrl?: string;
}

/**
 * Options of a live Azure scan from the flags; a bad value is a one-line usage error. The credential is
 * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI); `--endpoint-url` names
 * another Resource Manager (a sovereign cloud's, or the tests' fake).
 */
export function azureOptions(flags: AzureFlags): AzureScanOptions {
  if (flags.subscription.length === 0)
    throw new InputError('--azure', 'needs the subscriptions to read; add --subscription <id> (repeatable)');
  const concurrency = flags.concurrency ?? '8';
  if (!/^\d+$/.test(concurrency) || Number(concurrency) < 1 || Number(concurrency) > 256)
    throw new InputError('--concurrency', `"${concurrency.slice(0, 40)}" is not a number from 1 to 256`);
  return {
    subscriptions: flags.subscription,
    concurrency: Number(concurrency),
    ...(flags.endpointUrl === undefined ? {} : { endpoint: httpsUrl(flags.endpointUrl) }),
  };
}

function httpsUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('--endpoint-url', 'is not a URL; write e.g. https://management.usgovcloudapi.net');
  }
  if (url.protocol !== 'https:')
    throw new InputError(
      '--endpoint-url',
      'must be https: Azure Resource Manager takes bearer tokens over TLS only',
    );
  return url.origin;
}

import { InputError } from '../model/index.js';
import type { StoreOptions } from './sql-store.js';
import type { HistoryStore } from './types.js';

export const DEFAULT_STORE = '.threatgraph/history.db';
/** Sets the default store (a path or postgres:// URL), or `off` to record nothing unless --store is given. */
export const STORE_ENV = 'THREATGRAPH_STORE';

const POSTGRES = /^postgres(?:ql)?:\/\//i;

/**
 * Where history goes: `--store`, else THREATGRAPH_STORE, else .threatgraph/history.db; undefined when switched
 * off (`--no-store`, or THREATGRAPH_STORE=off without --store).
 */
export function storeTarget(
  flag: string | boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (flag === false) return undefined;
  if (typeof flag === 'string') {
    if (flag.trim() === '')
      throw new InputError('--store', 'is empty; give a file path or a postgres:// URL');
    return flag;
  }
  const fromEnv = env[STORE_ENV];
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_STORE;
  return fromEnv.toLowerCase() === 'off' ? undefined : fromEnv;
}

/**
 * Opens the store at a path or postgres:// URL; `existing` (reading commands) will not create a SQLite file. The
 * drivers are loaded here, when a store is opened, so that commands without history never load them.
 */
export async function openStore(
  target: string,
  mode: 'create' | 'existing',
  options: StoreOptions = {},
): Promise<HistoryStore> {
  if (POSTGRES.test(target)) return (await import('./postgres.js')).openPostgresStore(target, options);
  return (await import('./sqlite.js')).openSqliteStore(target, mode, options);
}

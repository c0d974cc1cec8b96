import { createHash } from 'node:crypto';

/** Identifies a threat across runs: the rule and the stable ids of its primary assets. */
export function fingerprint(ruleId: string, assets: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(ruleId);
  for (const id of [...assets].sort()) hash.update(`\u0000${id}`);
  return hash.digest('hex').slice(0, 32);
}

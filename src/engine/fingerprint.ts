import { hash } from 'node:crypto';

/** Identifies a threat across runs: the rule and the stable ids of its primary assets. */
export function fingerprint(ruleId: string, assets: readonly string[]): string {
  // One digest of the rule id and each asset id after a NUL, as one string: the same bytes as hashing the parts.
  let text = ruleId;
  for (const id of [...assets].sort()) text += `\u0000${id}`;
  return hash('sha256', text, 'hex').slice(0, 32);
}

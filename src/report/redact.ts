/**
 * Last line of defence before anything leaves the process: values that look like credentials are replaced,
 * whatever their source (a tag, a name, an environment variable echoed in evidence). Sensitive values that
 * Terraform marks are never copied into the model in the first place.
 */
const PATTERNS: readonly [RegExp, string][] = [
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '[REDACTED:private-key]',
  ],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '[REDACTED:aws-access-key-id]'],
  [/\bsk-(proj-)?[A-Za-z0-9_-]{20,}\b/g, '[REDACTED:api-key]'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, '[REDACTED:google-api-key]'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, '[REDACTED:github-token]'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}\b/g, '[REDACTED:slack-token]'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, '[REDACTED:jwt]'],
  [/(AccountKey|SharedAccessSignature|sig)=[A-Za-z0-9%/+=]{20,}/g, '$1=[REDACTED]'],
  [/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{86}==/g, '[REDACTED:azure-storage-key]'],
  [/((?:password|passwd|secret|api[_-]?key|token)["']?\s*[:=]\s*["']?)([^"'\s,;}{]{6,})/gi, '$1[REDACTED]'],
];

/** Replaces credential-looking substrings; everything else passes unchanged. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

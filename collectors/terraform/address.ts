/**
 * Splits a Terraform address or reference (`module.a["x.y"].aws_s3_bucket.b[0].arn`) at the dots that are not
 * inside instance keys, and drops the keys: `["module", "a", "aws_s3_bucket", "b", "arn"]`.
 */
export function splitAddress(raw: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth > 0) {
      if (c === '"') inString = true;
    } else if (c === '.') {
      parts.push(current);
      current = '';
    } else if (c !== undefined) current += c;
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}

/** Removes instance keys (`[0]`, `["a.b"]`) from a Terraform address, respecting quoted keys. */
export function stripInstanceKeys(address: string): string {
  return address.includes('[') ? splitAddress(address).join('.') : address;
}

/** `module.a["x"].module.b.aws_s3_bucket.c[0]` → `module.a["x"].module.b` (the module instance path). */
export function modulePathOf(address: string, type: string, name: string, mode: 'managed' | 'data'): string {
  const local = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
  const at = address.lastIndexOf(local);
  if (at <= 0) return '';
  return address.slice(0, at - 1);
}

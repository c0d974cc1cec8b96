/** Removes instance keys (`[0]`, `["a.b"]`) from a Terraform address, respecting quoted keys. */
export function stripInstanceKeys(address: string): string {
  if (!address.includes('[')) return address;
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth > 0 && c === '"') inString = true;
    else if (depth === 0 && c !== undefined) out += c;
  }
  return out;
}

/** `module.a["x"].module.b.aws_s3_bucket.c[0]` → `module.a["x"].module.b` (the module instance path). */
export function modulePathOf(address: string, type: string, name: string, mode: 'managed' | 'data'): string {
  const local = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
  const at = address.lastIndexOf(local);
  if (at <= 0) return '';
  return address.slice(0, at - 1);
}

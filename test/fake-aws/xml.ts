/** XML for the fake's replies: the element names come from the fixture, which uses the wire names. */

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A JSON value as XML children. Arrays become repeated `item` (EC2) or `member` (IAM, STS) elements inside the
 * list element; `flat` names arrays whose members repeat the list's own name (S3's flattened lists).
 */
export function toXml(value: unknown, item: string, flat: ReadonlySet<string> = new Set()): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return esc(typeof value === 'string' ? value : JSON.stringify(value));
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => {
      if (Array.isArray(v)) {
        if (flat.has(k)) return v.map((x) => `<${k}>${toXml(x, item, flat)}</${k}>`).join('');
        return `<${k}>${v.map((x) => `<${item}>${toXml(x, item, flat)}</${item}>`).join('')}</${k}>`;
      }
      return `<${k}>${toXml(v, item, flat)}</${k}>`;
    })
    .join('');
}

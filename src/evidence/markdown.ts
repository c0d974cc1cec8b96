/**
 * User text (file names, asset names, justifications) as inert Markdown on one line: control characters and line
 * breaks become spaces, HTML is entity-escaped, and the characters that make links, images, emphasis, code,
 * headings or table cells are backslash-escaped.
 */
export function mdText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]|~#!]/g, '\\$&');
}

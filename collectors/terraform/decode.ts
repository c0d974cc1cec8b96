import { isUtf8 } from 'node:buffer';
import { InputError } from '../../src/model/index.js';

/** Largest file we accept: V8 cannot hold a string much beyond 512 MiB. */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

/**
 * Turns the bytes of a JSON document into text: UTF-8 with or without BOM, UTF-16 LE or BE with BOM.
 * Binary plan files (zip archives) and other encodings get an error that says what to do.
 */
export function decodeText(bytes: Buffer, file: string): string {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new InputError(
      file,
      'this is a binary plan file; run `terraform show -json <file>` and scan its output',
    );
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length > start + 1 && bytes[start + 1] === 0x00 && bytes[start] !== 0x00) {
    throw new InputError(
      file,
      'looks like UTF-16 without a byte order mark; save it as UTF-8 and scan again',
    );
  }
  const body = bytes.subarray(start);
  if (!isUtf8(body)) {
    throw new InputError(
      file,
      `is not valid UTF-8 (byte offset ${firstInvalidUtf8(body) + start}); save it as UTF-8 and scan again`,
    );
  }
  return body.toString('utf8');
}

/**
 * Offset of the first byte that does not start or continue a valid UTF-8 sequence (overlong forms and
 * surrogates included, as `isUtf8` rejects them), or 0 if none is found.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // The second byte's range narrows after E0 (no overlongs), ED (no surrogates), F0 and F4 (U+10000..U+10FFFF).
    const second = bytes[i + 1] as number;
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (length > 1 && (second < low || second > high)) return i;
    for (let k = 2; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return 0;
}

/** Parses JSON, turning a syntax error into one line that names the file, the offset, line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (text.trim() === '')
      throw new InputError(file, 'is empty; expected the output of `terraform show -json`');
    const offset = syntaxErrorOffset(text);
    if (offset >= text.length) {
      throw new InputError(
        file,
        `invalid JSON: ends unexpectedly at offset ${text.length} (the file looks truncated); regenerate it with \`terraform show -json\``,
      );
    }
    const { line, column } = lineAndColumn(text, offset);
    throw new InputError(
      file,
      `invalid JSON at offset ${offset} (line ${line}, column ${column}); regenerate it with \`terraform show -json\``,
    );
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The offset of the first syntax error in `text` (text.length when it ends too early). Engines word their
 * JSON.parse errors differently and not all give a position, so the position is found here, iteratively.
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  // Stack of containers: '{' expects a key next, ':' a value in an object, '[' a value in an array.
  const stack: string[] = [];
  const skip = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const value = (): boolean => {
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') return true;
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) return false;
    i += literal[0].length;
    return true;
  };
  const str = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  skip();
  for (;;) {
    skip();
    if (i >= n) return n;
    const top = stack[stack.length - 1];
    if (top === '{') {
      if (text[i] === '}') {
        stack.pop();
        i++;
      } else {
        if (text[i] !== '"' || !str()) return Math.min(i, n);
        skip();
        if (text[i] !== ':') return Math.min(i, n);
        i++;
        stack[stack.length - 1] = ':';
        continue;
      }
    } else {
      if (top === '[' && text[i] === ']') {
        stack.pop();
        i++;
      } else {
        const c = text[i];
        if (!value()) return Math.min(i, n);
        if (c === '{' || c === '[') {
          i++;
          if (top === ':') stack[stack.length - 1] = ',}';
          else if (top === '[') stack[stack.length - 1] = ',]';
          stack.push(c);
          continue;
        }
        if (top === ':') stack[stack.length - 1] = ',}';
        else if (top === '[') stack[stack.length - 1] = ',]';
      }
    }
    // After a value: a separator, a closer, or the end of the document.
    for (;;) {
      skip();
      const after = stack[stack.length - 1];
      if (after === undefined) return i >= n ? -1 : i;
      if (i >= n) return n;
      if (after === ',}' || after === ',]') {
        if (text[i] === ',') {
          i++;
          stack[stack.length - 1] = after === ',}' ? '{' : '[';
          skip();
          if (after === ',}' && text[i] === '}') return i;
          if (after === ',]' && text[i] === ']') return i;
          break;
        }
        if (text[i] === after[1]) {
          i++;
          stack.pop();
          continue;
        }
        return i;
      }
      break;
    }
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNewline = i;
  }
  return { line, column: offset - lastNewline };
}

/** A file system error in a few words, for "cannot be read (...)". */
export function describeFsError(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (error instanceof Error ? error.message : 'unknown error');
}

import { InputError } from '../../src/model/index.js';

/** Largest file we accept: V8 cannot hold a string much beyond 512 MiB. */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

/**
 * Turns the bytes of a JSON document into text: UTF-8 with or without BOM, UTF-16 LE or BE with BOM.
 * Binary plan files (zip archives) and other encodings get an error that says what to do.
 */
export function decodeText(bytes: Buffer, file: string): string {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new InputError(file, 'this is a binary plan file; run `terraform show -json <file>` and scan its output');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length > start + 1 && bytes[start + 1] === 0x00 && bytes[start] !== 0x00) {
    throw new InputError(file, 'looks like UTF-16 without a byte order mark; save it as UTF-8 and scan again');
  }
  const body = bytes.subarray(start);
  // Fast path: valid UTF-8 round-trips through Buffer#toString without replacement characters.
  const text = body.toString('utf8');
  if (text.includes('\uFFFD')) {
    const bad = firstInvalidUtf8(body);
    if (bad >= 0) {
      throw new InputError(file, `is not valid UTF-8 (byte offset ${bad + start}); save it as UTF-8 and scan again`);
    }
  }
  return text;
}

function firstInvalidUtf8(bytes: Buffer): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Narrow down by halving: decoding a prefix that ends inside a valid sequence also fails, so step back.
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 4) {
      const mid = (lo + hi) >>> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid - 3));
        lo = mid - 3;
      } catch {
        hi = mid;
      }
    }
    return lo;
  }
}

/** Parses JSON, turning a syntax error into one line that names the file, the offset, line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    if (text.trim() === '') throw new InputError(file, 'is empty; expected the output of `terraform show -json`');
    if (/end of JSON input/i.test(message)) {
      throw new InputError(
        file,
        `invalid JSON: ends unexpectedly at offset ${text.length} (the file looks truncated); regenerate it with \`terraform show -json\``,
      );
    }
    if (match?.[1] !== undefined) {
      const offset = Number(match[1]);
      const { line, column } = lineAndColumn(text, offset);
      throw new InputError(
        file,
        `invalid JSON at offset ${offset} (line ${line}, column ${column}); regenerate it with \`terraform show -json\``,
      );
    }
    throw new InputError(
      file,
      `invalid JSON (${message.split('\n')[0] ?? 'syntax error'}); regenerate it with \`terraform show -json\``,
    );
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

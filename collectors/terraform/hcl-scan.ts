/**
 * The structure of an HCL file with line numbers: blocks (type, labels, lines) and the attributes inside them.
 * `hcl2-parser` gives values but no positions, and its errors carry no message; this scanner gives both the
 * lines that findings point at and the line of a structural error. It tokenizes only as far as structure needs:
 * comments, quoted strings with template interpolation, heredocs and brackets.
 */

export interface HclSpan {
  /** Block type (`resource`, `module`, `dynamic`...) or, for the file itself, `''`. */
  readonly type: string;
  readonly labels: readonly string[];
  /** 1-based line of the block header. */
  readonly line: number;
  readonly endLine: number;
  /** Offsets of the block in the text, header to closing brace inclusive. */
  readonly start: number;
  readonly end: number;
  /** Line of each attribute defined directly in the block. */
  readonly attributes: ReadonlyMap<string, number>;
  /** Blocks nested directly in the block, in source order. */
  readonly blocks: readonly HclSpan[];
}

export class HclSyntaxError extends Error {
  override readonly name = 'HclSyntaxError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`line ${String(line)}, column ${String(column)}: ${problem}`);
  }
}

/** Deeper nesting than any real configuration; bounded so that hostile input cannot exhaust the stack. */
export const MAX_HCL_DEPTH = 128;

interface MutableSpan {
  type: string;
  labels: string[];
  line: number;
  endLine: number;
  start: number;
  end: number;
  attributes: Map<string, number>;
  blocks: MutableSpan[];
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const SPACE = /[ \t\r]*/y;

/** Scans a whole file; the result is the file as a span whose `blocks` are the top-level blocks. */
export function scanHcl(text: string): HclSpan {
  return new Scanner(text).file();
}

class Scanner {
  private pos = 0;
  private lineNo = 1;
  /** Offset where the current line starts, for columns. */
  private lineStart = 0;

  constructor(private readonly text: string) {}

  file(): HclSpan {
    const root = this.span('', [], 0);
    this.body(root, 0);
    if (this.pos < this.text.length) this.fail(`unexpected "${this.text.charAt(this.pos)}"`);
    root.end = this.text.length;
    root.endLine = this.lineNo;
    return root;
  }

  /** Attributes and blocks until `}` (depth > 0) or the end of the text. */
  private body(into: MutableSpan, depth: number): void {
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= this.text.length) {
        if (depth > 0) this.fail(`block "${into.type}" opened on line ${String(into.line)} is not closed`);
        return;
      }
      const c = this.text.charAt(this.pos);
      if (c === '}') {
        if (depth === 0) this.fail('"}" without a block to close');
        return;
      }
      const start = this.pos;
      const line = this.lineNo;
      const name = this.ident();
      if (name === undefined) this.fail(`expected an attribute or block name, found "${c}"`);
      this.skipBlank(false);
      const next = this.text.charAt(this.pos);
      if (next === '=' && this.text.charAt(this.pos + 1) !== '=') {
        this.pos++;
        into.attributes.set(name, line);
        this.expression(depth);
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skipBlank(false);
        const l = this.text.charAt(this.pos);
        if (l === '"') labels.push(this.quotedLabel());
        else if (l === '{') break;
        else {
          const label = this.ident();
          if (label === undefined) this.fail(`expected "=" or "{" after "${name}"`);
          labels.push(label);
        }
      }
      if (depth + 1 > MAX_HCL_DEPTH) this.fail(`blocks nest more than ${String(MAX_HCL_DEPTH)} deep`);
      this.pos++; // {
      const block = this.span(name, labels, start, line);
      this.body(block, depth + 1);
      this.pos++; // }
      block.end = this.pos;
      block.endLine = this.lineNo;
      into.blocks.push(block);
    }
  }

  /** An attribute's expression: up to the end of the line outside any bracket, string or heredoc. */
  private expression(depth: number): void {
    const closers: string[] = [];
    for (;;) {
      if (this.pos >= this.text.length) {
        if (closers.length > 0) this.fail(`expression is not closed: missing "${closers.at(-1) ?? ''}"`);
        return;
      }
      const c = this.text.charAt(this.pos);
      if (c === '\n') {
        if (closers.length === 0) return;
        this.newline();
        continue;
      }
      if (c === '}' && closers.length === 0) return; // a one-line block: `x { a = 1 }`
      if (this.skipComment()) continue;
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === '<' && this.text.startsWith('<<', this.pos) && this.heredoc()) continue;
      if (c === '{' || c === '[' || c === '(') {
        if (depth + closers.length + 1 > MAX_HCL_DEPTH)
          this.fail(`expression nests more than ${String(MAX_HCL_DEPTH)} deep`);
        closers.push(c === '{' ? '}' : c === '[' ? ']' : ')');
      } else if (c === '}' || c === ']' || c === ')') {
        const want = closers.pop();
        if (want !== c) this.fail(`"${c}" does not close ${want === undefined ? 'anything' : `"${want}"`}`);
      }
      this.pos++;
    }
  }

  /** A quoted string with escapes and `${ }` / `%{ }` templates, which may hold strings and braces. */
  private string(): void {
    const line = this.lineNo;
    this.pos++; // "
    while (this.pos < this.text.length) {
      const c = this.text.charAt(this.pos);
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === '\n') this.fail(`string opened on line ${String(line)} is not closed on that line`);
      if ((c === '$' || c === '%') && this.text.charAt(this.pos + 1) === '{') {
        if (this.text.charAt(this.pos - 1) === c && this.text.charAt(this.pos - 2) !== c) {
          this.pos += 2; // `$${` and `%%{` are escapes, not templates
          continue;
        }
        this.pos += 2;
        this.template();
        continue;
      }
      this.pos++;
    }
    this.fail(`string opened on line ${String(line)} is not closed`);
  }

  /** Inside `${ ... }`: until the matching `}`. */
  private template(): void {
    let open = 1;
    while (this.pos < this.text.length) {
      const c = this.text.charAt(this.pos);
      if (c === '\n') {
        this.newline();
        continue;
      }
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === '{') open++;
      else if (c === '}' && --open === 0) {
        this.pos++;
        return;
      }
      if (open > MAX_HCL_DEPTH) this.fail(`template nests more than ${String(MAX_HCL_DEPTH)} deep`);
      this.pos++;
    }
    this.fail('template "${" is not closed');
  }

  /** `<<EOF` or `<<-EOF`, up to a line holding only the marker. False when `<<` does not start a heredoc. */
  private heredoc(): boolean {
    const m = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (found === null) return false;
    const marker = found[1] ?? '';
    const line = this.lineNo;
    this.pos = m.lastIndex - 1;
    while (this.pos < this.text.length) {
      this.newline(); // at a "\n"
      const eol = this.text.indexOf('\n', this.pos);
      const content = this.text.slice(this.pos, eol < 0 ? this.text.length : eol);
      if (content.trim() === marker) {
        this.pos += content.length;
        return true;
      }
      if (eol < 0) break;
      this.pos = eol;
    }
    this.fail(`heredoc <<${marker} opened on line ${String(line)} is not closed`);
  }

  private quotedLabel(): string {
    const from = this.pos;
    this.string();
    const raw = this.text.slice(from, this.pos);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }

  private ident(): string | undefined {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.text);
    if (m === null) return undefined;
    this.pos = IDENT.lastIndex;
    return m[0];
  }

  /** Spaces, comments and (when `lines`) newlines. */
  private skipBlank(lines: boolean): void {
    for (;;) {
      SPACE.lastIndex = this.pos;
      SPACE.exec(this.text);
      this.pos = SPACE.lastIndex;
      if (this.skipComment()) continue;
      if (lines && this.text.charAt(this.pos) === '\n') {
        this.newline();
        continue;
      }
      return;
    }
  }

  /** A `#` or `//` comment (up to the newline) or a slash-star comment. */
  private skipComment(): boolean {
    const c = this.text.charAt(this.pos);
    const d = this.text.charAt(this.pos + 1);
    if (c === '#' || (c === '/' && d === '/')) {
      const eol = this.text.indexOf('\n', this.pos);
      this.pos = eol < 0 ? this.text.length : eol;
      return true;
    }
    if (c === '/' && d === '*') {
      const line = this.lineNo;
      const close = this.text.indexOf('*/', this.pos + 2);
      if (close < 0) this.fail(`comment opened on line ${String(line)} is not closed`);
      for (
        let i = this.text.indexOf('\n', this.pos);
        i >= 0 && i < close;
        i = this.text.indexOf('\n', i + 1)
      ) {
        this.lineNo++;
        this.lineStart = i + 1;
      }
      this.pos = close + 2;
      return true;
    }
    return false;
  }

  /** Steps over the "\n" at `pos`. */
  private newline(): void {
    this.pos++;
    this.lineNo++;
    this.lineStart = this.pos;
  }

  private span(type: string, labels: string[], start: number, line = this.lineNo): MutableSpan {
    return { type, labels, line, endLine: line, start, end: start, attributes: new Map(), blocks: [] };
  }

  private fail(problem: string): never {
    throw new HclSyntaxError(this.lineNo, this.pos - this.lineStart + 1, problem);
  }
}

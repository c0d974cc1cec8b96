/**
 * HCL expressions as syntax trees. `hcl2-parser` hands every non-literal value over as its source text inside a
 * template (`"${var.prefix}-data"`, `"${jsonencode({...})}"`); this module parses that text so the evaluator can
 * decide what is known statically. Parsing never throws on odd input: what it cannot read becomes an `opaque`
 * node holding the text, which the evaluator turns into an unknown with that text as the reason.
 */

export type Step =
  | { readonly k: 'attr'; readonly name: string }
  | { readonly k: 'index'; readonly key: Expr }
  /** `[*]` (full) or `.*` (attribute-only) splat: the steps after it apply to every element. */
  | { readonly k: 'splat' };

export type Expr =
  | { readonly k: 'literal'; readonly value: null | boolean | number | string }
  | { readonly k: 'template'; readonly parts: readonly (string | Expr)[] }
  | { readonly k: 'variable'; readonly name: string }
  | { readonly k: 'traverse'; readonly target: Expr; readonly steps: readonly Step[] }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean }
  | { readonly k: 'tuple'; readonly items: readonly Expr[] }
  | { readonly k: 'object'; readonly entries: readonly (readonly [Expr, Expr])[] }
  | { readonly k: 'unary'; readonly op: '!' | '-'; readonly operand: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | {
      readonly k: 'for';
      readonly key?: string;
      readonly value: string;
      readonly collection: Expr;
      /** Object form `{for k, v in x : key => value}` has a key expression. */
      readonly keyExpr?: Expr;
      readonly valueExpr: Expr;
      readonly condition?: Expr;
      readonly group: boolean;
    }
  /** Text this parser does not read (template directives, malformed input), kept as the reason. */
  | { readonly k: 'opaque'; readonly text: string };

/** Bound on nesting: deeper input becomes opaque instead of exhausting the stack. */
const MAX_DEPTH = 64;

/**
 * A value as hcl2-parser gives it: a string with `${...}` interpolations (a whole-string `${x}` is the
 * expression x itself) and `%{if}` / `%{for}` directives, or a plain string. Strip markers (`~`) trim the
 * whitespace beside them. A template this parser cannot read whole is opaque.
 */
export function parseTemplate(text: string): Expr {
  const items = templateItems(text);
  if (items === undefined) return { k: 'opaque', text };
  const state = { at: 0 };
  const parts = templateParts(items, state, undefined);
  if (parts === undefined || state.at < items.length) return { k: 'opaque', text };
  if (parts.length === 0) return { k: 'literal', value: '' };
  if (parts.length === 1) {
    const only = parts[0] as string | Expr;
    return typeof only === 'string' ? { k: 'literal', value: only } : only;
  }
  return { k: 'template', parts };
}

/** A piece of template text: literal text, an interpolation, or a directive with its (trimmed) body. */
type TemplateItem =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'interp'; readonly expr: Expr }
  | { readonly t: 'directive'; readonly body: string };

/** Splits template text into items, applying strip markers; undefined when an interpolation is not closed. */
function templateItems(text: string): TemplateItem[] | undefined {
  const items: TemplateItem[] = [];
  let literal = '';
  let stripNext = false;
  const pushText = (): void => {
    items.push({ t: 'text', text: stripNext ? literal.replace(/^\s+/, '') : literal });
    literal = '';
    stripNext = false;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if ((c === '$' || c === '%') && next === c && text.charAt(i + 2) === '{') {
      literal += `${c}{`; // `$${` and `%%{` are escapes
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) return undefined;
      let inner = text.slice(i + 2, end);
      if (inner.startsWith('~')) {
        literal = literal.replace(/\s+$/, '');
        inner = inner.slice(1);
      }
      const stripAfter = inner.endsWith('~');
      if (stripAfter) inner = inner.slice(0, -1);
      pushText();
      items.push(
        c === '$' ? { t: 'interp', expr: parseExpression(inner) } : { t: 'directive', body: inner.trim() },
      );
      stripNext = stripAfter;
      i = end + 1;
      continue;
    }
    literal += c;
    i++;
  }
  pushText();
  return items.filter((item) => item.t !== 'text' || item.text !== '');
}

/** Template parts up to the directive that closes `open` (`endif`, `else`, `endfor`); undefined when unbalanced. */
function templateParts(
  items: readonly TemplateItem[],
  state: { at: number },
  open: 'if' | 'for' | undefined,
  depth = 0,
): (string | Expr)[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const parts: (string | Expr)[] = [];
  while (state.at < items.length) {
    const item = items[state.at] as TemplateItem;
    if (item.t === 'text') parts.push(item.text);
    else if (item.t === 'interp') parts.push(item.expr);
    else {
      const word = /^[a-z]+/.exec(item.body)?.[0];
      if (word === 'endif' || word === 'else' || word === 'endfor') {
        return (word === 'endfor') === (open === 'for') ? parts : undefined;
      }
      state.at++;
      const directive =
        word === 'if'
          ? ifDirective(item.body, items, state, depth)
          : forDirective(item.body, items, state, depth);
      if (directive === undefined) return undefined;
      parts.push(directive);
      continue;
    }
    state.at++;
  }
  return open === undefined ? parts : undefined;
}

const asTemplate = (parts: readonly (string | Expr)[]): Expr => ({ k: 'template', parts });

function ifDirective(
  body: string,
  items: readonly TemplateItem[],
  state: { at: number },
  depth: number,
): Expr | undefined {
  const test = parseExpression(body.replace(/^if\b/, ''));
  const then = templateParts(items, state, 'if', depth + 1);
  if (then === undefined) return undefined;
  let otherwise: (string | Expr)[] = [];
  if ((items[state.at] as { body?: string } | undefined)?.body?.startsWith('else') === true) {
    state.at++;
    const parts = templateParts(items, state, 'if', depth + 1);
    if (parts === undefined) return undefined;
    otherwise = parts;
  }
  if ((items[state.at] as { body?: string } | undefined)?.body !== 'endif') return undefined;
  state.at++;
  return { k: 'conditional', test, then: asTemplate(then), else: asTemplate(otherwise) };
}

function forDirective(
  body: string,
  items: readonly TemplateItem[],
  state: { at: number },
  depth: number,
): Expr | undefined {
  const m = /^for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s+([\s\S]+)$/.exec(body);
  if (m === null) return undefined;
  const inner = templateParts(items, state, 'for', depth + 1);
  if (inner === undefined || (items[state.at] as { body?: string } | undefined)?.body !== 'endfor')
    return undefined;
  state.at++;
  const [, first, second, collection] = m;
  return {
    k: 'call',
    name: 'join',
    expand: false,
    args: [
      { k: 'literal', value: '' },
      {
        k: 'for',
        ...(second === undefined ? {} : { key: first as string }),
        value: (second ?? first) as string,
        collection: parseExpression(collection ?? ''),
        valueExpr: asTemplate(inner),
        group: false,
      },
    ],
  };
}

/** Offset of the `}` closing an interpolation opened before `from`, skipping strings and nested braces. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      i = stringEnd(text, i);
      if (i < 0) return -1;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Offset of the quote closing the string that opens at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === '"') return i;
    else if (c === '$' && text.charAt(i + 1) === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) return -1;
      i = end;
    }
  }
  return -1;
}

/** A value as hcl2-parser gives it: strings are templates, lists and objects are read element by element. */
export function parseValue(v: unknown): Expr {
  if (typeof v === 'string') return parseTemplate(v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return { k: 'literal', value: v };
  if (Array.isArray(v)) return { k: 'tuple', items: v.map(parseValue) };
  if (typeof v === 'object')
    return {
      k: 'object',
      entries: Object.entries(v).map(([k, x]) => [parseTemplate(k), parseValue(x)] as const),
    };
  return { k: 'opaque', text: typeof v };
}

/** Parses one expression; anything it cannot read whole becomes an opaque node. */
export function parseExpression(source: string): Expr {
  try {
    const p = new Parser(tokenize(source));
    const expr = p.expression(0);
    return p.atEnd() ? expr : { k: 'opaque', text: source.trim() };
  } catch {
    return { k: 'opaque', text: source.trim() };
  }
}

type Token =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'id'; readonly v: string }
  | { readonly t: 'op'; readonly v: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...', '.*', '[*]'] as const;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src.charAt(i + 1) === '/')) {
      const eol = src.indexOf('\n', i);
      i = eol < 0 ? src.length : eol;
      continue;
    }
    if (c === '/' && src.charAt(i + 1) === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('open comment');
      i = end + 2;
      continue;
    }
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
    if (num !== null) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*(::[A-Za-z_][A-Za-z0-9_-]*)*/.exec(src.slice(i, i + 256));
    if (id !== null) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(src, i);
      if (end < 0) throw new Error('open string');
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === '<' && src.startsWith('<<', i)) throw new Error('heredoc in an interpolation');
    const op = OPERATORS.find((o) => src.startsWith(o, i)) ?? c;
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const BINARY: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  atEnd(): boolean {
    return this.at >= this.tokens.length;
  }

  /** Conditional and binary operators by precedence climbing. */
  expression(minPrecedence: number): Expr {
    this.enter();
    let left = this.unary();
    for (;;) {
      const tok = this.peek();
      if (tok?.t !== 'op') break;
      if (tok.v === '?' && minPrecedence === 0) {
        this.at++;
        const then = this.expression(0);
        this.expect(':');
        const otherwise = this.expression(0);
        left = { k: 'conditional', test: left, then, else: otherwise };
        continue;
      }
      const precedence = BINARY[tok.v];
      if (precedence === undefined || precedence <= minPrecedence) break;
      this.at++;
      left = { k: 'binary', op: tok.v, left, right: this.expression(precedence) };
    }
    this.depth--;
    return left;
  }

  private unary(): Expr {
    const tok = this.peek();
    if (tok?.t === 'op' && (tok.v === '!' || tok.v === '-')) {
      this.at++;
      return { k: 'unary', op: tok.v, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const tok = this.next();
    switch (tok.t) {
      case 'num':
        return { k: 'literal', value: tok.v };
      case 'str':
        return parseTemplate(unescape(tok.v));
      case 'id': {
        if (tok.v === 'true' || tok.v === 'false') return { k: 'literal', value: tok.v === 'true' };
        if (tok.v === 'null') return { k: 'literal', value: null };
        if (this.isOp('(')) return this.call(tok.v);
        return { k: 'variable', name: tok.v };
      }
      case 'op':
        if (tok.v === '(') {
          const inner = this.expression(0);
          this.expect(')');
          return inner;
        }
        if (tok.v === '[') return this.isId('for') ? this.forExpr(']') : this.tuple();
        if (tok.v === '{') return this.isId('for') ? this.forExpr('}') : this.object();
        throw new Error(`unexpected ${tok.v}`);
    }
  }

  private call(name: string): Expr {
    this.expect('(');
    const args: Expr[] = [];
    let expand = false;
    while (!this.isOp(')')) {
      args.push(this.expression(0));
      if (this.isOp('...')) {
        this.at++;
        expand = true;
      }
      if (!this.isOp(')')) this.expect(',');
    }
    this.expect(')');
    return { k: 'call', name, args, expand };
  }

  private tuple(): Expr {
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      items.push(this.expression(0));
      if (!this.isOp(']')) this.expect(',');
    }
    this.expect(']');
    return { k: 'tuple', items };
  }

  private object(): Expr {
    const entries: [Expr, Expr][] = [];
    while (!this.isOp('}')) {
      const keyTok = this.peek();
      // A bare name as key is the name itself, not a variable.
      const key: Expr =
        keyTok?.t === 'id' && this.peekAt(1)?.t === 'op' && ['=', ':'].includes(this.peekAt(1)?.v as string)
          ? (this.at++, { k: 'literal', value: keyTok.v })
          : this.expression(0);
      const sep = this.next();
      if (sep.t !== 'op' || (sep.v !== '=' && sep.v !== ':')) throw new Error('expected = in object');
      entries.push([key, this.expression(0)]);
      if (this.isOp(',')) this.at++;
    }
    this.expect('}');
    return { k: 'object', entries };
  }

  private forExpr(close: ']' | '}'): Expr {
    this.at++; // for
    const first = this.identifier();
    let key: string | undefined;
    let value = first;
    if (this.isOp(',')) {
      this.at++;
      key = first;
      value = this.identifier();
    }
    if (!this.isId('in')) throw new Error('expected in');
    this.at++;
    const collection = this.expression(0);
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression(0);
    if (close === '}') {
      this.expect('=>');
      keyExpr = valueExpr;
      valueExpr = this.expression(0);
    }
    let group = false;
    if (this.isOp('...')) {
      this.at++;
      group = true;
    }
    let condition: Expr | undefined;
    if (this.isId('if')) {
      this.at++;
      condition = this.expression(0);
    }
    this.expect(close);
    return {
      k: 'for',
      ...(key === undefined ? {} : { key }),
      value,
      collection,
      ...(keyExpr === undefined ? {} : { keyExpr }),
      valueExpr,
      ...(condition === undefined ? {} : { condition }),
      group,
    };
  }

  /** `.name`, `[key]`, `[*]`, `.*` and `.0` after an expression. */
  private postfix(target: Expr): Expr {
    const steps: Step[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok?.t !== 'op') break;
      if (tok.v === '.') {
        this.at++;
        const name = this.next();
        if (name.t === 'id') steps.push({ k: 'attr', name: name.v });
        else if (name.t === 'num' && Number.isInteger(name.v))
          steps.push({ k: 'index', key: { k: 'literal', value: name.v } });
        else throw new Error('expected an attribute name');
      } else if (tok.v === '.*' || tok.v === '[*]') {
        this.at++;
        steps.push({ k: 'splat' });
      } else if (tok.v === '[') {
        this.at++;
        const key = this.expression(0);
        this.expect(']');
        steps.push({ k: 'index', key });
      } else break;
    }
    return steps.length === 0 ? target : { k: 'traverse', target, steps };
  }

  private identifier(): string {
    const tok = this.next();
    if (tok.t !== 'id') throw new Error('expected a name');
    return tok.v;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new Error('too deep');
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private peekAt(offset: number): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private next(): Token {
    const tok = this.tokens[this.at++];
    if (tok === undefined) throw new Error('unexpected end');
    return tok;
  }

  private isOp(v: string): boolean {
    const tok = this.peek();
    return tok?.t === 'op' && tok.v === v;
  }

  private isId(v: string): boolean {
    const tok = this.peek();
    return tok?.t === 'id' && tok.v === v;
  }

  private expect(v: string): void {
    if (!this.isOp(v)) throw new Error(`expected ${v}`);
    this.at++;
  }
}

/** Escapes of a quoted HCL string: `\n`, `\t`, `\"`, `\\`, `\uNNNN`. */
function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e: string) => {
    if (e.startsWith('u') || e.startsWith('U')) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

import { createRequire } from 'node:module';
import { InputError } from '../../src/model/index.js';
import { HclSyntaxError, scanHcl, type HclSpan } from './hcl-scan.js';

/** One HCL file: its body as `hcl2-parser` gives it (hcl2json's shape) and its structure with line numbers. */
export interface ParsedHcl {
  /** `{ resource: { type: { name: [ {attributes} ] } }, variable: {...}, ... }`; expressions as `${...}` strings. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly structure: HclSpan;
}

type ParseToObject = (input: string) => unknown;
let parser: ParseToObject | undefined;

/** Loaded on first use: the GopherJS build is 4 MB, and plan scans never need it. */
function parseToObject(): ParseToObject {
  if (parser === undefined) {
    const mod: unknown = createRequire(import.meta.url)('hcl2-parser');
    const fn =
      typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)['parseToObject'] : undefined;
    if (typeof fn !== 'function') throw new Error('threatgraph/hcl: hcl2-parser has no parseToObject');
    parser = fn as ParseToObject;
  }
  return parser;
}

/**
 * Parses HCL text. A file that is not valid HCL gets an InputError naming the file and the line: from the
 * structure scan when the structure is broken, else from the first top-level block that fails on its own
 * (hcl2-parser's errors carry no position).
 */
export function parseHcl(text: string, file: string): ParsedHcl {
  let structure: HclSpan;
  try {
    structure = scanHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError)
      throw new InputError(
        `${file}:${String(error.line)}`,
        `is not valid HCL (${error.problem}); fix the syntax`,
      );
    throw error;
  }
  const body = parseBody(text);
  if (body === undefined) {
    const bad = structure.blocks.find((b) => parseBody(text.slice(b.start, b.end)) === undefined);
    const where = bad === undefined ? '' : `:${String(bad.line)}`;
    const what =
      bad === undefined
        ? 'is not valid HCL'
        : `is not valid HCL in ${[bad.type, ...bad.labels.map((l) => `"${l}"`)].join(' ')} (lines ${String(bad.line)}-${String(bad.endLine)})`;
    throw new InputError(`${file}${where}`, `${what}; fix the syntax`);
  }
  return { body, structure };
}

/** The parsed body, or undefined when hcl2-parser rejects the text. */
function parseBody(text: string): Record<string, unknown> | undefined {
  let result: unknown;
  try {
    result = parseToObject()(text);
  } catch (error) {
    // The Go runtime underneath throws (stack overflow included) on input the scan let through.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (!Array.isArray(result)) return undefined;
  const [value, failure] = result as [unknown, unknown];
  if (failure !== null && failure !== undefined) return undefined;
  if (value === null || value === undefined) return {};
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

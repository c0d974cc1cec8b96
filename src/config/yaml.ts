import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isNode, isScalar, parseAllDocuments, type Document } from 'yaml';
import { describeThrown } from '../engine/guard.js';
import { InputError } from '../model/index.js';
import { ValueProblem, pathText, type Path } from './problem.js';

/** A config file's text without a byte order mark; a file that cannot be read is an InputError saying `todo`. */
export function readConfigText(file: string, todo: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(file, `cannot be read (${code}); ${todo}`);
  }
}

/** One YAML document read from a file: its value, and the line of any path in it for error messages. */
export interface YamlDocument {
  readonly value: unknown;
  lineOf(path: Path): number;
}

/** What to tell the user when a file holds no document, or several. */
export interface YamlExpectation {
  readonly empty: string;
  readonly several: string;
}

/**
 * Parses exactly one YAML document. Syntax errors name the file and line; duplicate keys are errors; aliases are
 * expanded at most 100 times, so a small file cannot grow into a huge value.
 */
export function readYamlDocument(file: string, source: string, expect: YamlExpectation): YamlDocument {
  const lines = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new InputError(file, expect.empty);
  const doc = docs[0];
  if (doc === undefined) throw new InputError(file, expect.empty);
  for (const d of docs) {
    const error = d.errors[0];
    if (error !== undefined) {
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new InputError(
        `${file}:${String(lines.linePos(error.pos[0]).line)}`,
        `invalid YAML: ${message}; fix the syntax`,
      );
    }
  }
  const second = docs[1];
  if (second !== undefined)
    throw new InputError(`${file}:${String(lines.linePos(second.range[0]).line)}`, expect.several);
  if (doc.contents === null) throw new InputError(file, expect.empty);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      file,
      `invalid YAML: ${describeThrown(error).replace(/^\w*Error: /, '')}; fix the syntax`,
    );
  }
  return { value, lineOf: (path) => lineOf(doc, lines, path) };
}

/** `file:line: field: detail` for a problem found in a YAML document. */
export function yamlProblemError(file: string, doc: YamlDocument, problem: ValueProblem): InputError {
  const where = pathText(problem.path);
  return new InputError(
    `${file}:${String(doc.lineOf(problem.at))}`,
    where === '' ? problem.detail : `${where}: ${problem.detail}`,
  );
}

/** The line of the value at `path`, or of the nearest enclosing value that exists; the key's line for a key. */
function lineOf(doc: Document, lines: LineCounter, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    const last = prefix[prefix.length - 1];
    if (typeof last === 'string') {
      const parent = prefix.length === 1 ? doc.contents : doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
        if (pair !== undefined && isNode(pair.key) && pair.key.range !== undefined && pair.key.range !== null)
          return lines.linePos(pair.key.range[0]).line;
      }
      continue;
    }
    const node = prefix.length === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range !== undefined && node.range !== null)
      return lines.linePos(node.range[0]).line;
  }
  return 1;
}

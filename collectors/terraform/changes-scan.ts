/**
 * A validating scan of the `resource_changes` value of a plan, straight from its UTF-8 bytes, that keeps only
 * where each change's fields lie. A plan's changes repeat its planned values twice over (`before` and `after`);
 * the scanner needs only each change's head, actions and unknown and sensitive markers, so this scan lets the
 * plan reader skip building the rest. It allocates next to nothing, so it runs on a second core without slowing
 * the main thread's `JSON.parse` of the rest of the plan (plan-split.ts).
 *
 * The scan accepts exactly what `JSON.parse` accepts (RFC 8259) for one value, given bytes already checked to be
 * valid UTF-8; the test suite holds it to that against JSON.parse on generated and mutated documents.
 */

/** Field slots of a row: each is a [start, end) byte range of the field's value, or -1 when absent. */
export const FIELD = {
  /** The whole element of the `resource_changes` array. */
  element: 0,
  address: 1,
  type: 2,
  name: 3,
  change: 4,
  /** Fields of the element's (last) `change` object. */
  actions: 5,
  unknown: 6,
  sensitive: 7,
} as const;
export const FIELDS = 8;
/** Int32 slots per row: a start and an end per field, then flags. */
export const ROW_INTS = FIELDS * 2 + 1;
const FLAGS = FIELDS * 2;
/** Flag: a key of the element or of its change is written with escapes, so the row cannot be trusted. */
const ESCAPED_KEY = 1;

export type ScanOutcome =
  | {
      readonly ok: true;
      /** Offset just past the value. */
      readonly end: number;
      /** Whether the value is an array; rows are only kept for an array. */
      readonly isArray: boolean;
      readonly count: number;
      /** `count` rows of ROW_INTS. */
      readonly rows: Int32Array;
    }
  | { readonly ok: false };

const OBJ = 1;
const ARR = 2;

// Field ids of keys worth noting, by depth: element keys at depth 2, change keys at depth 3.
const ELEMENT_KEYS: readonly [string, number][] = [
  ['address', FIELD.address],
  ['type', FIELD.type],
  ['name', FIELD.name],
  ['change', FIELD.change],
];
const CHANGE_KEYS: readonly [string, number][] = [
  ['actions', FIELD.actions],
  ['after_unknown', FIELD.unknown],
  ['after_sensitive', FIELD.sensitive],
];

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const ELEMENT_KEY_BYTES = ELEMENT_KEYS.map(([k, id]) => [ascii(k), id] as const);
const CHANGE_KEY_BYTES = CHANGE_KEYS.map(([k, id]) => [ascii(k), id] as const);

/** The field a key (its bytes between the quotes, [from, to)) names, or -1. Escaped keys are never matched. */
function fieldOf(
  bytes: Uint8Array,
  from: number,
  to: number,
  keys: readonly (readonly [Uint8Array, number])[],
): number {
  const length = to - from;
  for (const [key, id] of keys) {
    if (key.length !== length) continue;
    let k = 0;
    while (k < length && bytes[from + k] === key[k]) k++;
    if (k === length) return id;
  }
  return -1;
}

/**
 * Scans one JSON value starting at `start` (leading whitespace allowed), no further than `limit`. Escaped keys
 * (`"addr\u0065ss"`) are valid but not noted: the reader then parses that element in full.
 */
export function scanChanges(bytes: Uint8Array, start: number, limit: number): ScanOutcome {
  let rows = new Int32Array(ROW_INTS * 1024);
  let count = 0;
  let row = -1; // offset of the current element's row in `rows`
  // Per open container: its kind, the field it is the value of (or -1) and where it starts.
  let kinds = new Uint8Array(64);
  let fields = new Int8Array(64);
  let starts = new Int32Array(64);
  let depth = 0;
  let isArray = false;
  let inChange = false; // inside the current element's change object (depth 3)
  // Rows are noted until an element the reader cannot take from its row, which it parses whole and rejects:
  // what follows that element is only validated, so hostile input cannot make the rows outgrow the file.
  let noting = true;
  let pending = -1; // the field the next value is, as named by the key just read

  const ws = (i: number): number => {
    while (i < limit) {
      const c = bytes[i] as number;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    return i;
  };
  // A string from its opening quote: the offset past the closing quote, or -1.
  const str = (i: number): number => {
    i++;
    while (i < limit) {
      const c = bytes[i] as number;
      if (c === 0x22) return i + 1;
      if (c === 0x5c) {
        const e = bytes[i + 1];
        if (e === 0x75) {
          if (i + 6 > limit) return -1;
          for (let k = 2; k < 6; k++) if (!isHex(bytes[i + k] as number)) return -1;
          i += 6;
        } else if (
          e === 0x22 ||
          e === 0x5c ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        )
          i += 2;
        else return -1;
      } else if (c < 0x20) return -1;
      else i++;
    }
    return -1;
  };
  const literal = (i: number, word: string): number => {
    if (i + word.length > limit) return -1;
    for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) return -1;
    return i + word.length;
  };
  const digits = (i: number): number => {
    while (i < limit && isDigit(bytes[i] as number)) i++;
    return i;
  };
  const number = (i: number): number => {
    if (bytes[i] === 0x2d) i++;
    if (i >= limit) return -1;
    const first = bytes[i] as number;
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) i = digits(i + 1);
    else return -1;
    if (i < limit && bytes[i] === 0x2e) {
      if (i + 1 >= limit || !isDigit(bytes[i + 1] as number)) return -1;
      i = digits(i + 1);
    }
    if (i < limit && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      i++;
      if (i < limit && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
      if (i >= limit || !isDigit(bytes[i] as number)) return -1;
      i = digits(i);
    }
    return i;
  };
  const record = (field: number, from: number, to: number): void => {
    if (field < 0 || row < 0) return;
    rows[row + field * 2] = from;
    rows[row + field * 2 + 1] = to;
  };
  // A key from its opening quote: notes the field it names, returns the offset of its value (or -1).
  const key = (i: number): number => {
    if (i >= limit || bytes[i] !== 0x22) return -1;
    const end = str(i);
    if (end < 0) return -1;
    const noted = row >= 0 && (depth === 2 || (depth === 3 && inChange));
    pending = !noted
      ? -1
      : depth === 2
        ? fieldOf(bytes, i + 1, end - 1, ELEMENT_KEY_BYTES)
        : fieldOf(bytes, i + 1, end - 1, CHANGE_KEY_BYTES);
    // An escaped key may name a field too (JSON.parse decodes it): the row is then not to be trusted.
    if (noted) for (let k = i + 1; k < end - 1; k++) if (bytes[k] === 0x5c) rows[row + FLAGS] = ESCAPED_KEY;
    const colon = ws(end);
    if (colon >= limit || bytes[colon] !== 0x3a) return -1;
    return ws(colon + 1);
  };

  let i = ws(start);
  for (;;) {
    // A value starts at i.
    if (i >= limit) return { ok: false };
    let field = pending;
    pending = -1;
    if (depth === 1 && isArray && noting) {
      // An element of the changes array starts a row.
      if ((count + 1) * ROW_INTS > rows.length) {
        const grown = new Int32Array(rows.length * 2);
        grown.set(rows);
        rows = grown;
      }
      row = count * ROW_INTS;
      rows.fill(-1, row, row + FLAGS);
      rows[row + FLAGS] = 0;
      count++;
      field = FIELD.element;
    } else if (field === FIELD.change) {
      // A later `change` replaces an earlier one, as JSON.parse keeps the last of duplicate keys.
      record(FIELD.actions, -1, -1);
      record(FIELD.unknown, -1, -1);
      record(FIELD.sensitive, -1, -1);
    }
    const c = bytes[i] as number;
    if (c === 0x7b || c === 0x5b) {
      if (depth === 0) isArray = c === 0x5b;
      if (depth === kinds.length) {
        kinds = grow(kinds, new Uint8Array(depth * 2));
        fields = grow(fields, new Int8Array(depth * 2));
        starts = grow(starts, new Int32Array(depth * 2));
      }
      kinds[depth] = c === 0x7b ? OBJ : ARR;
      fields[depth] = field;
      starts[depth] = i;
      depth++;
      if (field === FIELD.change && c === 0x7b) inChange = true;
      const first = ws(i + 1);
      if (first < limit && bytes[first] === (c === 0x7b ? 0x7d : 0x5d)) {
        i = first + 1;
        close();
      } else if (c === 0x7b) {
        i = key(first);
        if (i < 0) return { ok: false };
        continue;
      } else {
        i = first;
        continue;
      }
    } else {
      const from = i;
      if (c === 0x22) i = str(i);
      else if (c === 0x74) i = literal(i, 'true');
      else if (c === 0x66) i = literal(i, 'false');
      else if (c === 0x6e) i = literal(i, 'null');
      else i = number(i);
      if (i < 0) return { ok: false };
      record(field, from, i);
    }
    // After a value: a separator, a closer, or the end of the scanned value.
    for (;;) {
      if (depth === 0) return { ok: true, end: i, isArray, count: isArray ? count : 0, rows };
      if (depth === 1 && row >= 0) {
        // The element of this row is complete.
        if (!rowIsComplete(bytes, rows, row) && rows[row + FLAGS] !== ESCAPED_KEY) noting = false;
        row = -1;
      }
      i = ws(i);
      if (i >= limit) return { ok: false };
      const b = bytes[i] as number;
      const kind = kinds[depth - 1];
      if (b === 0x2c) {
        i = ws(i + 1);
        if (kind === OBJ) {
          i = key(i);
          if (i < 0) return { ok: false };
        }
        break;
      }
      if (b !== (kind === OBJ ? 0x7d : 0x5d)) return { ok: false };
      i++;
      close();
    }
  }

  // Closes the innermost container, which ends just before i.
  function close(): void {
    depth--;
    const field = fields[depth] as number;
    if (field === FIELD.change) inChange = false;
    record(field, starts[depth] as number, i);
  }
}

/**
 * Whether the element of the row at `o` (an offset into `rows`) can be read from its row alone: an object with
 * string `address`, `type` and `name` and an object `change`, and no key of it or of its change escaped.
 */
export function rowIsComplete(bytes: Uint8Array, rows: Int32Array, o: number): boolean {
  if (rows[o + FLAGS] === ESCAPED_KEY) return false;
  const startsWith = (field: number, c: number): boolean => {
    const at = rows[o + field * 2] as number;
    return at >= 0 && bytes[at] === c;
  };
  return (
    startsWith(FIELD.element, 0x7b) &&
    startsWith(FIELD.address, 0x22) &&
    startsWith(FIELD.type, 0x22) &&
    startsWith(FIELD.name, 0x22) &&
    startsWith(FIELD.change, 0x7b)
  );
}

function grow<T extends Uint8Array | Int8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The NIST OSCAL 1.1.2 assessment-results schema (test/schemas/SOURCES.md), compiled as published: draft-07, its
 * `\p{L}`/`\p{N}` token patterns need ajv's unicode regular expressions (on by default, set here so that it stays
 * on), and its formats (date-time, uri, uri-reference, email) are checked with ajv-formats.
 */
const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '../schemas/oscal_assessment-results_schema.json'), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, unicodeRegExp: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Schema errors of an OSCAL assessment-results document (first few, as one string); empty when valid. */
export function oscalErrors(document: unknown): string {
  return validate(document) ? '' : JSON.stringify(validate.errors?.slice(0, 3));
}

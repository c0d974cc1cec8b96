import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * A validator for OASIS SARIF 2.1.0: the rtm.5 JSON schema (draft-04) as shipped in @microsoft/jest-sarif
 * 1.0.0-beta.0 (MIT), copied to test/schemas/sarif-2.1.0.json.
 */
const SCHEMA: unknown = JSON.parse(
  readFileSync(join(import.meta.dirname, '../schemas/sarif-2.1.0.json'), 'utf8'),
);
// The schema's `language` pattern has a stray bracket that only non-Unicode regular expressions accept.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validator = ajv.compile(SCHEMA as object);

/** The schema errors of a SARIF log, first few, as one string; empty when it is valid. */
export function sarifErrors(log: unknown): string {
  return validator(log) ? '' : JSON.stringify(validator.errors?.slice(0, 3));
}

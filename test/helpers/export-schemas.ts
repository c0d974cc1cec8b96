import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

/** Validators for the exports' published schemas (test/schemas/SOURCES.md says where each comes from). */
function load(file: string): object {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../schemas', file), 'utf8')) as object;
}

function errorsOf(validate: ValidateFunction, value: unknown): string {
  return validate(value) ? '' : JSON.stringify(validate.errors?.slice(0, 3));
}

// The options Threat Dragon itself validates models with (td.vue's ajv service): union types allowed.
const threatDragon = new Ajv({ allErrors: true, allowUnionTypes: true });
const threatDragonModel = threatDragon.compile(load('owasp-threat-dragon-v2.schema.json'));

const otm = new Ajv({ allErrors: true, allowUnionTypes: true });
const otmDocument = otm.compile(load('otm-0.2.0.schema.json'));

/** Schema errors of a Threat Dragon v2 model (first few, as one string); empty when valid. */
export function threatDragonErrors(model: unknown): string {
  return errorsOf(threatDragonModel, model);
}

/** Schema errors of an OTM document; empty when valid. */
export function otmErrors(document: unknown): string {
  return errorsOf(otmDocument, document);
}

/**
 * The schema describes a cell's threats at the cell, while Threat Dragon reads and writes them under `data`:
 * each threat is checked against the schema's own threat definition.
 */
const threatItem = threatDragon.compile(
  (
    load('owasp-threat-dragon-v2.schema.json') as {
      properties: {
        detail: {
          properties: {
            diagrams: {
              items: { properties: { cells: { items: { properties: { threats: { items: object } } } } } };
            };
          };
        };
      };
    }
  ).properties.detail.properties.diagrams.items.properties.cells.items.properties.threats.items,
);
export function threatDragonThreatErrors(threat: unknown): string {
  return errorsOf(threatItem, threat);
}

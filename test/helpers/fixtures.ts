import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The reference-architecture inputs every report is checked on, as relative paths (as a CI job at the
 * repository root passes them, so reports name repository files): plans, the hardened plan, source trees.
 */
export const REFERENCE_INPUTS = [
  'fixtures/reference-architecture/aws/plan.json',
  'fixtures/reference-architecture/aws/hardened.json',
  'fixtures/reference-architecture/aws/source',
  'fixtures/reference-architecture/azure/plan.json',
  'fixtures/reference-architecture/azure/source',
  'fixtures/reference-architecture/gcp/plan.json',
  'fixtures/reference-architecture/gcp/source',
] as const;

/**
 * A copy of the AWS reference plan, in a temporary directory, with the API gateway (`llm-chat-api`) renamed:
 * for tests of names that try to break out of a report's markup.
 */
export function awsPlanWithGatewayName(name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tg-named-')), 'plan.json');
  const text = readFileSync('fixtures/reference-architecture/aws/plan.json', 'utf8');
  writeFileSync(file, text.replaceAll('"llm-chat-api"', JSON.stringify(name)));
  return file;
}

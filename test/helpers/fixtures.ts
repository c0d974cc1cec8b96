import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real plans from public projects (../shared/corpus/plans, see its SOURCES.tsv). */
export const CORPUS_DIR = join(import.meta.dirname, '../../../shared/corpus/plans');

/** The names of the corpus plans, sorted; none where the corpus is not beside the checkout. */
export function corpusPlans(): string[] {
  if (!existsSync(CORPUS_DIR)) return [];
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** A fresh temporary directory and a function that writes each content given to a new plan file in it. */
export function planWriter(prefix: string): { dir: string; write: (content: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    dir,
    write: (content) => {
      const path = join(dir, `plan-${n++}.json`);
      writeFileSync(path, content);
      return path;
    },
  };
}

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

/** The two secrets `azurePlanWithSecrets` plants: a key Terraform marks sensitive, and a credential in a tag. */
export const PLANTED_SECRETS = [
  'c2VjcmV0LWF6dXJlLW9wZW5haS1rZXktZG8tbm90LXByaW50',
  'AKIAIOSFODNN7EXAMPLE',
] as const;

/**
 * A copy of the Azure reference plan, in a temporary directory, whose OpenAI account has a sensitive access key
 * and a tag holding an AWS access key id (PLANTED_SECRETS): for tests that no output carries either.
 */
export function azurePlanWithSecrets(): string {
  const plan = JSON.parse(readFileSync('fixtures/reference-architecture/azure/plan.json', 'utf8')) as {
    planned_values: {
      root_module: {
        resources: {
          address: string;
          values: Record<string, unknown>;
          sensitive_values?: Record<string, unknown>;
        }[];
      };
    };
  };
  const account = plan.planned_values.root_module.resources.find(
    (r) => r.address === 'azurerm_cognitive_account.openai',
  );
  if (account === undefined) throw new Error('fixture changed: no azurerm_cognitive_account.openai');
  account.values['primary_access_key'] = PLANTED_SECRETS[0];
  account.sensitive_values = { ...(account.sensitive_values ?? {}), primary_access_key: true };
  account.values['tags'] = { owner: 'ml-team', ci_token: PLANTED_SECRETS[1] };
  const file = join(mkdtempSync(join(tmpdir(), 'tg-secret-')), 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

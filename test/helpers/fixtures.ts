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

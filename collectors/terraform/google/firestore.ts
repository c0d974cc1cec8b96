import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { isUnknownAt, list, str, unknownReason } from '../attributes.js';
import type { MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { sameProject } from './common.js';

const DATABASE = ['google_firestore_database'] as const;
/** The database a field, index or rule names when it names none. */
const DEFAULT_DATABASE = '(default)';

/** google_firestore_database: a document database; its documents expire only by a TTL policy on a field. */
export const mapFirestoreDatabase: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'database',
    facts: { deletionLifecycle: byDefault(false, 'google_firestore_field.ttl_config') },
  });
};

/** The databases of this plan a field belongs to: by reference, else by name (default `(default)`) and project. */
function databasesOf(r: TfResource, ctx: MapperContext): TfResource[] {
  const linked = ctx.linked(r, 'database', DATABASE, ['name']).map((l) => l.resource);
  if (linked.length > 0 || isUnknownAt(r, 'database')) return linked;
  const name = str(r, 'database') ?? DEFAULT_DATABASE;
  return ctx.byValue(DATABASE, name, ['name']).filter((d) => sameProject(r, d));
}

/**
 * google_firestore_field: a `ttl_config {}` block makes the field the TTL of its collection group, so the
 * database deletes documents once that timestamp passes. Fields without one only tune indexes.
 */
export const mapFirestoreField: MapFn = (r, ctx) => {
  const path = 'ttl_config';
  const attribute = `${r.address}.${path}`;
  let fact: Fact<boolean>;
  if (isUnknownAt(r, path)) fact = unknown(attribute, unknownReason(r, path));
  else if (list(r, path).length > 0) fact = explicit(true, attribute);
  else return;
  const databases = databasesOf(r, ctx);
  if (databases.length === 0) {
    // A known name that matches no database of this plan is one managed elsewhere (often the "(default)" one).
    if (isUnknownAt(r, 'database')) ctx.unresolved(r, 'database', DATABASE, ['deletionLifecycle']);
    else ctx.note('unresolved-link', 'database names a Firestore database outside this plan', r.address);
    return;
  }
  for (const d of databases) ctx.patch(d.address, { deletionLifecycle: fact }, 'or');
};

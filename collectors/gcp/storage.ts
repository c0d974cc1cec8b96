import { byDefault, explicit, unknown, type Fact, type Facts } from '../../src/model/index.js';
import { DELETE_ACTION, PREVENTION_BLOCKS } from '../terraform/google/storage.js';
import type { GcpInventory } from './inventory.js';
import { bucketId, cmek, encryptsWith, evidence, present } from './links.js';
import { applyBindings, type Binding } from './policy.js';
import { getJson, jsonPage } from './rest.js';
import type { GcpRuntime } from './runtime.js';

/** The parts of a Cloud Storage JSON API (v1) bucket resource read here. */
interface Bucket {
  readonly name?: string;
  readonly location?: string;
  readonly labels?: Record<string, string>;
  readonly iamConfiguration?: { readonly publicAccessPrevention?: string };
  readonly versioning?: { readonly enabled?: boolean };
  readonly retentionPolicy?: { readonly isLocked?: boolean };
  readonly lifecycle?: { readonly rule?: readonly { readonly action?: { readonly type?: string } }[] };
  readonly logging?: { readonly logBucket?: string };
  readonly encryption?: { readonly defaultKmsKeyName?: string };
}

const HOST = 'storage.googleapis.com';
const OP = 'ListBuckets';
const IAM_OP = 'GetBucketIamPolicy';
const API = { service: HOST, operation: OP } as const;
const IAM_API = { service: HOST, operation: IAM_OP } as const;
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/;

/** The Cloud Storage buckets of a project and their IAM policies, with the facts of google_storage_bucket. */
export async function collectBuckets(rt: GcpRuntime, inv: GcpInventory, project: string): Promise<void> {
  const scope = { project, location: '-' };
  const got = await rt.list<Bucket>(scope, API, (pageToken) =>
    jsonPage<Bucket>(rt, HOST, '/storage/v1/b', 'items', { project, pageToken }),
  );
  const buckets = got.items.filter((b) => typeof b.name === 'string' && BUCKET_NAME.test(b.name));
  for (const b of buckets) addBucket(inv, project, b);
  await Promise.all(
    buckets.map(async (b) => {
      const name = String(b.name);
      const id = bucketId(name);
      const policy = await rt.list<Binding>(
        scope,
        IAM_API,
        async () => {
          const p = (await getJson(rt, HOST, `/storage/v1/b/${encodeURIComponent(name)}/iam`, {})) as {
            bindings?: Binding[];
          };
          return [p.bindings ?? [], null, undefined];
        },
        id,
      );
      if (policy.incomplete !== undefined) {
        const why = unknown(`${IAM_OP}.bindings`, `the bucket IAM policy: ${policy.incomplete.message}`);
        inv.patch(id, { anonymousRead: why, anonymousWrite: why });
        return;
      }
      applyBindings(inv, id, IAM_OP, policy.items);
    }),
  );
}

function addBucket(inv: GcpInventory, project: string, b: Bucket): void {
  const name = String(b.name);
  const id = bucketId(name);
  inv.asset(project, {
    id,
    kind: 'object-store',
    nativeType: `${HOST}/Bucket`,
    name,
    ...(present(b.location) ? { region: String(b.location).toLowerCase() } : {}),
    facts: bucketFacts(b),
    tags: { ...(b.labels ?? {}) },
  });
  const link = { inv, project, from: id, operation: OP };
  encryptsWith(link, b.encryption?.defaultKmsKeyName, 'encryption.defaultKmsKeyName');
  const logBucket = b.logging?.logBucket;
  if (present(logBucket) && BUCKET_NAME.test(String(logBucket)))
    inv.flow('log-to', id, bucketId(String(logBucket)), evidence(id, OP, 'logging.logBucket'));
}

/** The facts google_storage_bucket gives, from the bucket resource. */
export function bucketFacts(b: Bucket): Facts {
  const at = (field: string): string => `${OP}.${field}`;
  const prevention = b.iamConfiguration?.publicAccessPrevention;
  const rules = b.lifecycle?.rule ?? [];
  const deleting = rules.findIndex((r) => r.action?.type === DELETE_ACTION);
  return {
    anonymousRead: byDefault(false, 'iam'),
    anonymousWrite: byDefault(false, 'iam'),
    publicAccessBlocked: present(prevention)
      ? explicit(
          PREVENTION_BLOCKS.includes(String(prevention).toLowerCase()),
          at('iamConfiguration.publicAccessPrevention'),
        )
      : byDefault(false, at('iamConfiguration.publicAccessPrevention')),
    encryptedAtRest: byDefault(true, at('encryption')),
    customerManagedKey: cmek(b.encryption?.defaultKmsKeyName, at('encryption.defaultKmsKeyName')),
    versioning: flag(b.versioning?.enabled, at('versioning.enabled')),
    immutability:
      b.retentionPolicy === undefined
        ? byDefault(false, at('retentionPolicy'))
        : flag(b.retentionPolicy.isLocked, at('retentionPolicy.isLocked')),
    deletionLifecycle:
      deleting < 0
        ? byDefault(false, at('lifecycle.rule'))
        : explicit(true, at('lifecycle.rule.action.type')),
    accessLogging: present(b.logging?.logBucket)
      ? explicit(true, at('logging.logBucket'))
      : byDefault(false, at('logging.logBucket')),
  };
}

/** The JSON API leaves false booleans out. */
function flag(value: boolean | undefined, attribute: string): Fact<boolean> {
  return value === true ? explicit(true, attribute) : byDefault(false, attribute);
}

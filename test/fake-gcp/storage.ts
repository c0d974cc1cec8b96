import type { FakeGcp, Item, Json, Reply } from './server.js';
import { rpcError } from './server.js';

/**
 * The fake's Cloud Storage JSON API (v1): buckets of a project (`GET /storage/v1/b?project=`, paged as the
 * other lists) and a bucket's IAM policy (`GET /storage/v1/b/{bucket}/iam`).
 */

export type StorageCollection = 'buckets' | 'bucketIam';

export interface FakeStorage {
  /** Buckets as the JSON API returns them (`name` is the bucket name). */
  readonly buckets: readonly Item[];
  /** IAM policy bindings by bucket name (none: an empty policy). */
  readonly iam?: Readonly<Record<string, readonly { role: string; members: string[] }[]>>;
}

const LIST = /^\/storage\/v1\/b$/;
const IAM = /^\/storage\/v1\/b\/([^/]+)\/iam$/;
const SERVICE = 'storage.googleapis.com';

export function routeStorage(fake: FakeGcp, url: URL): Reply {
  const path = url.pathname;
  if (LIST.test(path)) {
    const project = url.searchParams.get('project') ?? '';
    const fault = fake.fault('buckets', path, project, SERVICE);
    if (fault !== undefined) return fault;
    const buckets = fake.projects[project]?.storage?.buckets ?? [];
    return fake.page(
      url,
      'items',
      buckets.map((b) => ({ kind: 'storage#bucket', id: b.name, ...b })),
    );
  }
  const iam = IAM.exec(path);
  const name = decodeURIComponent(iam?.[1] ?? '');
  const owner = Object.entries(fake.projects).find(([, p]) =>
    (p.storage?.buckets ?? []).some((b) => b.name === name),
  );
  if (iam === null || owner === undefined) return rpcError(404, 'NOT_FOUND', `no route for ${path}`);
  const fault = fake.fault('bucketIam', path, owner[0], SERVICE);
  if (fault !== undefined) return fault;
  const bindings = (owner[1].storage?.iam?.[name] ?? []) as unknown as Json[];
  return {
    status: 200,
    body: { kind: 'storage#policy', resourceId: `projects/_/buckets/${name}`, bindings },
  };
}

import { byDefault, explicit, unknown, type Evidence, type Fact } from '../../src/model/index.js';
import { DEFAULT_COMPUTE_SA, DEFAULT_SA_NOTE } from '../terraform/google/common.js';
import { bucketOfUri } from '../terraform/google/storage.js';
import type { GcpInventory } from './inventory.js';

/**
 * Ids and links every GCP service module shares. Assets are named by their full resource name
 * (`//aiplatform.googleapis.com/projects/…`), as Cloud Asset Inventory names them, so a resource another API
 * points at (a bucket, a key, a network, a service account) gets the same id whichever API names it.
 */

export const VERTEX_API = 'aiplatform.googleapis.com';
export const NOTEBOOKS_API = 'notebooks.googleapis.com';
/** Cloud Run services: `//run.googleapis.com/projects/{p}/locations/{l}/services/{name}`. */
export const RUN_API = 'run.googleapis.com';
const COMPUTE_URL = /^https:\/\/(?:www\.googleapis\.com|compute\.googleapis\.com)\/compute\/v1\//;

/** The id of a resource of `service` from its relative name (`projects/p/locations/l/endpoints/1`). */
export function resourceId(service: string, name: string): string {
  return `//${service}/${name}`;
}

export const bucketId = (bucket: string): string => `//storage.googleapis.com/projects/_/buckets/${bucket}`;
export const serviceAccountId = (email: string): string =>
  `//iam.googleapis.com/projects/-/serviceAccounts/${email}`;
/** A project's Identity Platform (Identity Toolkit) configuration. */
export const identityPlatformId = (project: string): string =>
  `//identitytoolkit.googleapis.com/projects/${project}/config`;

/** The evidence of a field of a list call's reply. */
export function evidence(assetId: string, operation: string, field: string, note?: string): Evidence {
  return { assetId, attribute: `${operation}.${field}`, ...(note === undefined ? {} : { note }) };
}

/** A list field, or none when the reply gives something else there. */
export const arrayOf = <T>(v: readonly T[] | undefined): readonly T[] =>
  Array.isArray(v) ? (v as readonly T[]) : [];

/** Set when the field has a value (the API leaves unset strings empty and unset messages null). */
export function present(value: unknown): boolean {
  return (
    value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)
  );
}

/** A customer-managed key is named, or Google-managed keys are used (the default). */
export function cmek(kmsKeyName: string | null | undefined, attribute: string): Fact<boolean> {
  return present(kmsKeyName) ? explicit(true, attribute) : byDefault(false, attribute);
}

export function negate(f: Fact<boolean>): Fact<boolean> {
  return f.state === 'unknown' ? f : { ...f, value: !f.value };
}

/** A fact this slice does not read, with why. */
export function notRead(attribute: string, what: string): Fact<boolean> {
  return unknown(
    attribute,
    `${what} ${what.endsWith('s') ? 'are' : 'is'} not read by the live GCP collector yet`,
  );
}

export interface Link {
  readonly inv: GcpInventory;
  readonly project: string;
  /** The asset the flows start from, and the list call and field they are read from. */
  readonly from: string;
  readonly operation: string;
  /** The project's number, when GetProject gave it: it names the default compute service account. */
  readonly projectNumber?: string;
}

/** `encrypt-with` to the Cloud KMS key (its version dropped: the key is what a policy names). */
export function encryptsWith(l: Link, kmsKeyName: string | null | undefined, field: string): void {
  if (!present(kmsKeyName)) return;
  const key = String(kmsKeyName).replace(/\/cryptoKeyVersions\/[^/]+$/, '');
  l.inv.flow(
    'encrypt-with',
    l.from,
    resourceId('cloudkms.googleapis.com', key),
    evidence(l.from, l.operation, field),
  );
}

/** `network` to a VPC network or subnetwork, named relatively or by its Compute API URL. */
export function placedIn(l: Link, network: string | null | undefined, field: string): void {
  if (!present(network)) return;
  const name = String(network).replace(COMPUTE_URL, '');
  l.inv.flow(
    'network',
    l.from,
    resourceId('compute.googleapis.com', name),
    evidence(l.from, l.operation, field),
  );
}

/** A flow of `kind` to the bucket of a `gs://` URI. */
export function toBucket(
  l: Link,
  kind: 'read' | 'write' | 'produce-artifact',
  uri: string | null | undefined,
  field: string,
): void {
  const bucket = typeof uri === 'string' ? bucketOfUri(uri) : undefined;
  if (bucket !== undefined) l.inv.flow(kind, l.from, bucketId(bucket), evidence(l.from, l.operation, field));
}

/**
 * `assume-identity` to the service account the workload runs as. The default Compute Engine service account
 * (by its email; when `absentIsDefault` and none is named, the project's by its number, or, without the number,
 * one per workload as the Terraform mapper makes it) is an identity asset whose admin privileges are unknown: roles/editor unless the organization policy
 * prevents the automatic grant.
 */
export function runsAs(
  l: Link,
  email: string | null | undefined,
  field: string,
  absentIsDefault: boolean,
): void {
  // With the project's number known, an absent account is the project's default compute service account itself.
  const fallback =
    absentIsDefault && l.projectNumber !== undefined
      ? `${l.projectNumber}-compute@developer.gserviceaccount.com`
      : undefined;
  const named = present(email) ? String(email) : fallback;
  if (named === undefined && !absentIsDefault) return;
  const isDefault = named === undefined || DEFAULT_COMPUTE_SA.test(named);
  const id = named === undefined ? `${l.from}#default-compute-service-account` : serviceAccountId(named);
  const attribute = `${l.operation}.${field}`;
  if (isDefault)
    l.inv.asset(l.project, {
      id,
      kind: 'identity',
      nativeType: 'iam.googleapis.com/ServiceAccount',
      name: named ?? 'default compute service account',
      facts: {
        adminPrivileges: unknown(attribute, DEFAULT_SA_NOTE),
        externalTrust: byDefault(false, attribute),
      },
    });
  l.inv.flow(
    'assume-identity',
    l.from,
    id,
    evidence(l.from, l.operation, field, isDefault ? DEFAULT_SA_NOTE : undefined),
  );
}

/** The region or zone of a resource name (`projects/p/locations/europe-west4/...`). */
export function locationOf(name: string): string | undefined {
  return /^projects\/[^/]+\/locations\/([^/]+)\//.exec(name)?.[1];
}

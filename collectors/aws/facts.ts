import { unknown, type Evidence, type FactName, type Facts } from '../../src/model/index.js';

/** Evidence of a fact or flow read from an API response field. */
export function fromApi(assetId: string, api: string, field: string, note?: string): Evidence {
  return { assetId, attribute: `${api}.${field}`, ...(note === undefined ? {} : { note }) };
}

/** The facts a failed call would have given, each unknown with the failure as the reason. */
export function unknownFacts(names: readonly FactName[], attribute: string, reason: string): Facts {
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = unknown(attribute, reason);
  return out;
}

/** `arn:aws:<service>:<region>:<account>:<resource>` in the partition of the region. */
export function arn(service: string, region: string, account: string, resource: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

/** The bucket of an `s3://bucket/key` URI. */
export function bucketOfUri(uri: string | undefined): string | undefined {
  return uri === undefined ? undefined : /^s3:\/\/([^/]+)/.exec(uri)?.[1];
}

export function tagsOf(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    if (t.Key !== undefined) Object.defineProperty(out, t.Key, { value: t.Value ?? '', enumerable: true });
  }
  return out;
}

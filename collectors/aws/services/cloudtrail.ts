import { explicit, type Fact } from '../../../src/model/index.js';
import { bucketArn } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';

/**
 * CloudTrail data events for the buckets found: a bucket whose object-level API calls a trail records has its
 * data-plane access logged (accessLogging), as server access logs would. Trails are listed once per account,
 * shadow copies of multi-region trails included, and each trail's selectors read in its home region.
 */

interface Selectors {
  readonly EventSelectors?:
    | {
        readonly ReadWriteType?: string | undefined;
        readonly DataResources?: {
          readonly Type?: string | undefined;
          readonly Values?: string[] | undefined;
        }[];
      }[]
    | undefined;
  readonly AdvancedEventSelectors?:
    | {
        readonly FieldSelectors?: {
          readonly Field?: string | undefined;
          readonly Equals?: string[] | undefined;
          readonly StartsWith?: string[] | undefined;
        }[];
      }[]
    | undefined;
}

export async function collectTrails(rt: AwsRuntime, inv: LiveInventory, scope: Scope): Promise<void> {
  const sdk = await import('@aws-sdk/client-cloudtrail');
  const clientIn = (region: string) =>
    rt.client({ ...scope, region }, 'cloudtrail', (c) => new sdk.CloudTrailClient(c));
  const trails = await rt.call(scope, 'cloudtrail:DescribeTrails', () =>
    clientIn(scope.region).send(new sdk.DescribeTrailsCommand({ includeShadowTrails: true })),
  );
  if (!trails.ok) return;
  // Shadow copies name a multi-region trail once per region: its selectors are read once, in its home region.
  const trailsByName = new Map<string, string>();
  for (const t of trails.value.trailList ?? []) {
    const name = t.TrailARN ?? t.Name;
    if (name !== undefined && !trailsByName.has(name)) trailsByName.set(name, t.HomeRegion ?? scope.region);
  }
  const selectors = await Promise.all(
    [...trailsByName].map(([name, region]) =>
      rt.call(
        { ...scope, region },
        'cloudtrail:GetEventSelectors',
        () => clientIn(region).send(new sdk.GetEventSelectorsCommand({ TrailName: name })),
        { resource: name },
      ),
    ),
  );
  const prefixes = selectors.flatMap((got) => (got.ok ? s3DataPrefixes(got.value) : []));
  if (prefixes.length === 0) return;
  const logged: Fact<boolean> = explicit(true, 'cloudtrail:GetEventSelectors');
  for (const a of inv.all()) {
    if (a.nativeType !== 'AWS::S3::Bucket') continue;
    const object = `${bucketArn(a.name)}/`;
    if (prefixes.some((p) => covers(p, object))) inv.patch(a.id, { accessLogging: logged });
  }
}

/** The S3 object ARN prefixes whose data events a trail's selectors record (`arn:aws:s3` is every bucket). */
export function s3DataPrefixes(s: Selectors): string[] {
  const out: string[] = [];
  // Only selectors that record both reads and writes log the bucket's data-plane access.
  for (const e of s.EventSelectors ?? [])
    for (const d of e.ReadWriteType === undefined || e.ReadWriteType === 'All' ? (e.DataResources ?? []) : [])
      if (d.Type === 'AWS::S3::Object') out.push(...(d.Values ?? []));
  for (const a of s.AdvancedEventSelectors ?? []) {
    const fields = a.FieldSelectors ?? [];
    const is = (field: string, value: string) =>
      fields.some((f) => f.Field === field && (f.Equals ?? []).includes(value));
    if (!is('eventCategory', 'Data') || !is('resources.type', 'AWS::S3::Object')) continue;
    if (fields.some((f) => f.Field === 'readOnly')) continue;
    const arns = fields.filter((f) => f.Field === 'resources.ARN');
    // Without an ARN selector, every bucket's objects are recorded.
    if (arns.length === 0) out.push('arn:aws:s3');
    for (const f of arns) out.push(...(f.StartsWith ?? []), ...(f.Equals ?? []));
  }
  return out;
}

function covers(prefix: string, objectArn: string): boolean {
  if (prefix === 'arn:aws:s3' || prefix === 'arn:aws:s3:::') return true;
  return objectArn.startsWith(prefix) || `${prefix}/` === objectArn;
}

import { describe, expect, it } from 'vitest';
import { mapResources, type MapperTable } from '../../../collectors/terraform/context.js';
import type { Json, JsonObject, ReferenceIndex, TfResource } from '../../../collectors/terraform/types.js';

/** Links found by `ctx.linked` between hand-made resources, through a reference index given as a table. */
function linksOf(
  from: { values: JsonObject; unknown?: Json },
  path: string,
  refs: Record<string, string[]>,
  targets: TfResource[],
): string[] {
  const source = resource('aws_thing.src', 'aws_thing', from.values, from.unknown ?? null);
  const index: ReferenceIndex = {
    refs: (address, at) => (address === source.address ? (refs[at] ?? []) : []),
    allRefs: () => [],
  };
  const found: string[] = [];
  const mappers: MapperTable = {
    aws_thing: (r, ctx) => {
      if (r.address === source.address)
        for (const l of ctx.linked(r, path, ['aws_kms_key'])) found.push(l.resource.address);
    },
  };
  mapResources('test', [source, ...targets], index, mappers);
  return found;
}

function resource(address: string, type: string, values: JsonObject, unknown: Json = null): TfResource {
  const [t, name] = address.split('.');
  return {
    address,
    configAddress: address.replace(/\[.*?\]/g, ''),
    module: '',
    mode: 'managed',
    type: t ?? type,
    name: (name ?? '').replace(/\[.*$/, ''),
    ...(address.includes('[') ? { index: Number(/\[(\d+)\]/.exec(address)?.[1]) } : {}),
    provider: '',
    values,
    unknown,
    sensitive: null,
    action: 'no-op',
    input: 'test',
  };
}

const key = (i: number, known = true) =>
  resource(
    `aws_kms_key.k[${i}]`,
    'aws_kms_key',
    known ? { id: `key-${i}-uuid`, arn: `arn:aws:kms:eu-west-1:111122223333:key/key-${i}-uuid` } : {},
    known ? null : { id: true, arn: true },
  );

describe('linked resources', () => {
  it('keeps, of the instances a reference names, those a known value reflects', () => {
    const refs = { kms_key_id: ['aws_kms_key.k'] };
    const value = { kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/key-1-uuid' };
    expect(linksOf({ values: value }, 'kms_key_id', refs, [key(0), key(1)])).toEqual(['aws_kms_key.k[1]']);
  });

  it('drops a reference from a branch not taken: the known value names another key', () => {
    const refs = { kms_key_id: ['aws_kms_key.k'] };
    const value = { kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/external-uuid' };
    expect(linksOf({ values: value }, 'kms_key_id', refs, [key(0)])).toEqual([]);
  });

  it('follows the reference when the value or the target is known only after apply', () => {
    const refs = { kms_key_id: ['aws_kms_key.k'] };
    expect(
      linksOf({ values: { kms_key_id: null }, unknown: { kms_key_id: true } }, 'kms_key_id', refs, [key(0)]),
    ).toEqual(['aws_kms_key.k[0]']);
    expect(linksOf({ values: { kms_key_id: 'alias/x' } }, 'kms_key_id', refs, [key(0, false)])).toEqual([
      'aws_kms_key.k[0]',
    ]);
  });

  it('ignores references of a block that is not there (a dynamic block over an empty collection)', () => {
    const refs = { 'encryption.0.key': ['aws_kms_key.k'] };
    expect(linksOf({ values: { encryption: [] } }, 'encryption.0.key', refs, [key(0, false)])).toEqual([]);
    expect(
      linksOf(
        { values: { encryption: [{ key: null }] }, unknown: { encryption: [{ key: true }] } },
        'encryption.0.key',
        refs,
        [key(0, false)],
      ),
    ).toEqual(['aws_kms_key.k[0]']);
  });
});

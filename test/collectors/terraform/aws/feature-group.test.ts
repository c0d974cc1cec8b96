import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../collectors/terraform/types.js';
import { fact, inventoryOf, sv } from './plan-builder.js';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ID = 'aws_sagemaker_feature_group.f';

function cmk(values: JsonObject, unknown?: JsonObject) {
  const inv = inventoryOf([
    {
      address: ID,
      values: { feature_group_name: 'f', ...values },
      ...(unknown === undefined ? {} : { unknown }),
    },
  ]);
  return sv(fact(inv, ID, 'customerManagedKey'));
}

const offline = (kms?: string) => ({
  offline_store_config: [
    { s3_storage_config: [{ s3_uri: 's3://features/offline', ...(kms ? { kms_key_id: kms } : {}) }] },
  ],
});
const online = (enabled: boolean | undefined, kms?: string) => ({
  online_store_config: [
    {
      ...(enabled === undefined ? {} : { enable_online_store: enabled }),
      ...(kms ? { security_config: [{ kms_key_id: kms }] } : {}),
    },
  ],
});

describe('aws_sagemaker_feature_group customerManagedKey', () => {
  it('reads only the offline store when no online store is enabled', () => {
    expect(cmk(offline(KEY))).toEqual({ state: 'explicit', value: true });
    expect(cmk({ ...offline(KEY), ...online(false) })).toEqual({ state: 'explicit', value: true });
    // enable_online_store defaults to false: a block without it creates no online store.
    expect(cmk({ ...offline(KEY), ...online(undefined) })).toEqual({ state: 'explicit', value: true });
    expect(cmk(offline())).toEqual({ state: 'default', value: false });
  });

  it('needs a key on every store in use', () => {
    expect(cmk({ ...offline(KEY), ...online(true, KEY) })).toEqual({ state: 'explicit', value: true });
    expect(cmk({ ...offline(KEY), ...online(true) })).toEqual({ state: 'default', value: false });
    expect(cmk({ ...offline(), ...online(true, KEY) })).toEqual({ state: 'default', value: false });
    expect(cmk(online(true))).toEqual({ state: 'default', value: false });
    expect(cmk(online(true, KEY))).toEqual({ state: 'explicit', value: true });
  });

  it('is unknown when an online store without a key may be enabled', () => {
    expect(
      cmk(
        { ...offline(KEY), online_store_config: [{}] },
        { online_store_config: [{ enable_online_store: true }] },
      ),
    ).toEqual({ state: 'unknown' });
    expect(
      cmk(
        { ...offline(KEY), online_store_config: [{ security_config: [{ kms_key_id: KEY }] }] },
        { online_store_config: [{ enable_online_store: true }] },
      ),
    ).toEqual({ state: 'explicit', value: true });
  });
});

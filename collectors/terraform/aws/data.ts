import { byDefault, explicit, unknown, type Fact } from '../../../src/model/index.js';
import { boolFact, isUnknownAt, num } from '../attributes.js';
import type { MapFn } from '../context.js';
import { encryptWith, KMS_KEY, setOrLinked, unlessComputed } from './common.js';

/** aws_dynamodb_table: always encrypted at rest; a customer-managed key only with SSE enabled and a key ARN. */
export const mapDynamoTable: MapFn = (r, ctx) => {
  const sse = boolFact(r, 'server_side_encryption.0.enabled', false);
  // Enabled without kms_key_arn uses the AWS managed key aws/dynamodb.
  const cmk: Fact<boolean> =
    sse.state === 'unknown' || !sse.value
      ? sse
      : setOrLinked(ctx, r, 'server_side_encryption.0.kms_key_arn', KMS_KEY);
  ctx.asset(r, {
    kind: 'database',
    facts: {
      encryptedAtRest: byDefault(true, 'server_side_encryption'),
      customerManagedKey: cmk,
      // Point-in-time recovery is the table's rollback after tampering.
      versioning: unlessComputed(r, 'point_in_time_recovery.0.enabled', false, () =>
        boolFact(r, 'point_in_time_recovery.0.enabled', false),
      ),
      deletionLifecycle: unlessComputed(r, 'ttl.0.enabled', false, () => boolFact(r, 'ttl.0.enabled', false)),
      internetReachable: byDefault(false, 'aws_vpc_endpoint'),
    },
  });
  encryptWith(ctx, r, 'server_side_encryption.0.kms_key_arn');
};

export const mapDbInstance: MapFn = (r, ctx) => {
  const encrypted = boolFact(r, 'storage_encrypted', false);
  ctx.asset(r, {
    kind: 'database',
    facts: {
      internetReachable: boolFact(r, 'publicly_accessible', false),
      encryptedAtRest: encrypted,
      customerManagedKey:
        encrypted.state !== 'unknown' && !encrypted.value
          ? encrypted
          : setOrLinked(ctx, r, 'kms_key_id', KMS_KEY),
    },
  });
  encryptWith(ctx, r, 'kms_key_id');
};

export const mapKmsKey: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'key', facts: { keyRotation: boolFact(r, 'enable_key_rotation', false) } });
};

/** aws_cloudwatch_log_group; a SageMaker endpoint writes to `/aws/sagemaker/Endpoints/<endpoint name>`. */
export const mapLogGroup: MapFn = (r, ctx) => {
  const retention = num(r, 'retention_in_days');
  const id = ctx.asset(r, {
    kind: 'log-sink',
    facts: {
      customerManagedKey: setOrLinked(ctx, r, 'kms_key_id', KMS_KEY),
      // 0 (the default) keeps events forever.
      deletionLifecycle: isUnknownAt(r, 'retention_in_days')
        ? unknown('retention_in_days', 'known only after apply')
        : retention !== undefined && retention > 0
          ? explicit(true, 'retention_in_days')
          : byDefault(false, 'retention_in_days'),
    },
  });
  encryptWith(ctx, r, 'kms_key_id');
  const endpoint = /^\/aws\/sagemaker\/Endpoints\/(.+)$/.exec(
    typeof r.values['name'] === 'string' ? r.values['name'] : '',
  )?.[1];
  if (endpoint !== undefined) {
    for (const e of ctx.byValue(['aws_sagemaker_endpoint'], endpoint, ['name'])) {
      ctx.flow(
        e.address,
        id,
        'log-to',
        ctx.evidence(r, 'name', `SageMaker endpoint ${endpoint} logs to this group`),
      );
    }
  }
  for (const e of ctx.linked(r, 'name', ['aws_sagemaker_endpoint'], [])) {
    ctx.flow(e.resource.address, id, 'log-to', ctx.evidence(r, 'name', e.via));
  }
};

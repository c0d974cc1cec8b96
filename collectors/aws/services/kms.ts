import { explicit, unknown } from '../../../src/model/index.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';

const KEY_ARN = /^arn:aws[\w-]*:kms:([a-z0-9-]+):(\d{12}):key\/([\w-]+)$/;

/** The KMS keys collected assets are encrypted with, in their own regions, with their rotation. */
export async function collectKeys(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  keyArns: readonly string[],
): Promise<void> {
  const sdk = await import('@aws-sdk/client-kms');
  await Promise.all(
    keyArns.map(async (KeyId) => {
      const m = KEY_ARN.exec(KeyId);
      if (m?.[1] === undefined || m[2] !== scope.account.id) return;
      const at = { ...scope, region: m[1] };
      const client = rt.client(at, 'kms', (c) => new sdk.KMSClient(c));
      const described = await rt.call(
        at,
        'kms:DescribeKey',
        () => client.send(new sdk.DescribeKeyCommand({ KeyId })),
        { resource: KeyId },
      );
      const name = m[3] ?? KeyId;
      if (!described.ok) {
        inv.asset(at, {
          id: KeyId,
          kind: 'key',
          nativeType: 'AWS::KMS::Key',
          name,
          facts: { keyRotation: unknown('DescribeKey', described.message) },
        });
        return;
      }
      // AWS rotates the keys it manages every year; only customer keys have a rotation setting.
      if (described.value.KeyMetadata?.KeyManager === 'AWS') {
        inv.asset(at, {
          id: KeyId,
          kind: 'key',
          nativeType: 'AWS::KMS::Key',
          name,
          facts: { keyRotation: explicit(true, 'DescribeKey.KeyMetadata.KeyManager') },
        });
        return;
      }
      const rotation = await rt.call(
        at,
        'kms:GetKeyRotationStatus',
        () => client.send(new sdk.GetKeyRotationStatusCommand({ KeyId })),
        { resource: KeyId },
      );
      inv.asset(at, {
        id: KeyId,
        kind: 'key',
        nativeType: 'AWS::KMS::Key',
        name,
        facts: {
          keyRotation: rotation.ok
            ? explicit(rotation.value.KeyRotationEnabled === true, 'GetKeyRotationStatus.KeyRotationEnabled')
            : unknown('GetKeyRotationStatus', rotation.message),
        },
      });
    }),
  );
  rt.progress(`${scope.account.id}: KMS keys read`);
}

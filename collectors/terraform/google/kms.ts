import { presenceFact } from '../attributes.js';
import type { MapFn } from '../context.js';
import { KMS_KEY, linkByName } from './common.js';
import { grantsOf } from './iam.js';

/** google_kms_crypto_key: automatic rotation when `rotation_period` is set (no rotation by default). */
export const mapCryptoKey: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'key', facts: { keyRotation: presenceFact(r, 'rotation_period') } });
};

/** google_kms_crypto_key_iam_member / _binding: service accounts that can use the key. */
export const mapCryptoKeyIam: MapFn = (r, ctx) => {
  const targets = linkByName(ctx, r, 'crypto_key_id', KMS_KEY, ['id', 'name']);
  if (targets.length === 0) {
    ctx.unresolved(r, 'crypto_key_id', KMS_KEY, []);
    return;
  }
  for (const g of grantsOf(ctx, r)) {
    if (!/cryptoKey(Encrypter|Decrypter)/.test(g.role)) continue;
    for (const h of g.holders) {
      for (const t of targets) {
        ctx.flow(
          h.resource.address,
          t.resource.address,
          'encrypt-with',
          ctx.evidence(r, g.rolePath, `${g.role} via ${h.via}`),
        );
      }
    }
  }
};

import { describe, expect, it } from 'vitest';
import { exempts } from '../../../../collectors/terraform/google/binauthz.js';
import { mutableImage } from '../../../../rules/ai/inference/mutable-image.js';
import type { Fact } from '../../../../src/model/index.js';
import { asset, flow, run } from '../../../helpers/inventory.js';
import { assetOf, inventoryOf } from './plan-builder.js';

/**
 * Binary Authorization on google_cloud_run_v2_service: imageSignatureEnforced is true only when the service uses
 * the project policy (use_default) and the plan's google_binary_authorization_policy requires attestations in
 * enforcing mode without exempting the service's image.
 */

const IMAGE = 'europe-west4-docker.pkg.dev/acme/serving/app:1.4';
const SERVICE = 'google_cloud_run_v2_service.app';

const service = (binauthz: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'google_cloud_run_v2_service',
  name: 'app',
  values: {
    name: 'app',
    project: 'acme',
    location: 'europe-west4',
    template: [{ containers: [{ image: IMAGE }] }],
    ...(binauthz === undefined ? {} : { binary_authorization: binauthz }),
    ...extra,
  } as never,
});

const policy = (rule: Record<string, unknown>, patterns: string[] = [], project = 'acme') => ({
  type: 'google_binary_authorization_policy',
  name: 'policy',
  values: {
    project,
    global_policy_evaluation_mode: 'ENABLE',
    default_admission_rule: [rule],
    admission_whitelist_patterns: patterns.map((name_pattern) => ({ name_pattern })),
  } as never,
});

const ENFORCED = { evaluation_mode: 'REQUIRE_ATTESTATION', enforcement_mode: 'ENFORCED_BLOCK_AND_AUDIT_LOG' };
const P = 'google_binary_authorization_policy.policy';

function signature(resources: Parameters<typeof inventoryOf>[0]): Fact | undefined {
  const inv = inventoryOf(resources);
  // The policy is a project setting, not an asset, and not an unsupported type either.
  expect(inv.assets.map((a) => a.id)).not.toContain(P);
  expect(inv.notes.filter((n) => n.kind === 'unsupported-type')).toEqual([]);
  return assetOf(inv, SERVICE).facts.imageSignatureEnforced;
}

describe('google_cloud_run_v2_service: Binary Authorization', () => {
  it('is on when the project policy requires attestations, enforced, and exempts nothing it runs', () => {
    expect(signature([service([{ use_default: true }]), policy(ENFORCED, ['gcr.io/acme/tools/*'])])).toEqual({
      state: 'explicit',
      value: true,
      attribute: `${P}.default_admission_rule[0].evaluation_mode`,
    });
    expect(
      signature([service([{ use_default: true }]), policy({ ...ENFORCED, evaluation_mode: 'ALWAYS_DENY' })]),
    ).toMatchObject({ state: 'explicit', value: true });
  });

  it('is off without the block, with use_default false, or under breakglass', () => {
    expect(signature([service(undefined), policy(ENFORCED)])).toEqual({
      state: 'default',
      value: false,
      attribute: 'binary_authorization (unset: Binary Authorization off)',
    });
    expect(signature([service([{ use_default: false }]), policy(ENFORCED)])).toEqual({
      state: 'explicit',
      value: false,
      attribute: 'binary_authorization[0].use_default',
    });
    expect(
      signature([
        service([{ use_default: true, breakglass_justification: 'incident 4711' }]),
        policy(ENFORCED),
      ]),
    ).toEqual({
      state: 'explicit',
      value: false,
      attribute: 'binary_authorization[0].breakglass_justification',
    });
  });

  it('is off when the policy allows everything, only audits, or exempts the image', () => {
    const on = [{ use_default: true }];
    expect(signature([service(on), policy({ evaluation_mode: 'ALWAYS_ALLOW' })])).toEqual({
      state: 'explicit',
      value: false,
      attribute: `${P}.default_admission_rule[0].evaluation_mode`,
    });
    expect(
      signature([service(on), policy({ ...ENFORCED, enforcement_mode: 'DRYRUN_AUDIT_LOG_ONLY' })]),
    ).toEqual({
      state: 'explicit',
      value: false,
      attribute: `${P}.default_admission_rule[0].enforcement_mode`,
    });
    expect(
      signature([service(on), policy(ENFORCED, ['europe-west4-docker.pkg.dev/acme/serving/**'])]),
    ).toEqual({ state: 'explicit', value: false, attribute: `${P}.admission_whitelist_patterns` });
  });

  it('is unknown where the plan cannot tell: no policy in it, a platform policy, values known after apply', () => {
    expect(signature([service([{ use_default: true }])])).toEqual({
      state: 'unknown',
      attribute: 'binary_authorization[0].use_default',
      reason: "the project's Binary Authorization policy is not in this plan",
    });
    expect(
      signature([
        service([{ policy: 'projects/acme/platforms/cloudRun/policies/strict' }]),
        policy(ENFORCED),
      ]),
    ).toMatchObject({ state: 'unknown', attribute: 'binary_authorization[0].policy' });
    expect(
      signature([
        {
          ...service([{}]),
          unknown: { binary_authorization: [{ use_default: true }] },
        },
        policy(ENFORCED),
      ]),
    ).toMatchObject({ state: 'unknown', attribute: 'binary_authorization[0].use_default' });
    expect(
      signature([
        service([{ use_default: true }]),
        { ...policy({}), unknown: { default_admission_rule: true } },
      ]),
    ).toEqual({
      state: 'unknown',
      attribute: `${P}.default_admission_rule`,
      reason: 'known only after apply',
    });
    // An image known only after apply may be one an allowlist pattern exempts.
    expect(
      signature([
        { ...service([{ use_default: true }]), unknown: { template: [{ containers: [{ image: true }] }] } },
        policy(ENFORCED, ['gcr.io/acme/tools/*']),
      ]),
    ).toMatchObject({ state: 'unknown', attribute: `${P}.admission_whitelist_patterns` });
  });

  it('reads the policy of the service’s own project when the plan holds several', () => {
    expect(
      signature([
        service([{ use_default: true }]),
        policy({ evaluation_mode: 'ALWAYS_ALLOW' }, [], 'other'),
        { ...policy(ENFORCED), name: 'acme' },
      ]),
    ).toMatchObject({ state: 'explicit', value: true });
  });
});

describe('Binary Authorization allowlist patterns', () => {
  it('matches a trailing * within one path segment, ** across segments, else the image name', () => {
    expect(exempts('gcr.io/acme/web*', 'gcr.io/acme/web@sha256:abc')).toBe(true);
    expect(exempts('gcr.io/acme/web*', 'gcr.io/acme/web-v2:1')).toBe(true);
    expect(exempts('gcr.io/acme/web*', 'gcr.io/acme/web/sidecar:1')).toBe(false);
    expect(exempts('gcr.io/acme/**', 'gcr.io/acme/web/sidecar:1')).toBe(true);
    expect(exempts('gcr.io/acme/web', 'gcr.io/acme/web:1')).toBe(true);
    expect(exempts('gcr.io/acme/web', 'gcr.io/acme/web@sha256:abc')).toBe(true);
    expect(exempts('gcr.io/acme/web', 'gcr.io/acme/webapp:1')).toBe(false);
  });
});

describe('TG-INF-014 with Binary Authorization', () => {
  const scan = (enforced: boolean) =>
    run(
      [
        asset('fn', 'function', { imagePinned: false, imageSignatureEnforced: enforced }),
        asset('ep', 'inference-endpoint'),
      ],
      [flow('fn', 'ep', 'invoke')],
      [mutableImage],
    ).threats;

  it('still reports the moved tag, one step less likely, naming the admission control', () => {
    const [off] = scan(false);
    const [on] = scan(true);
    expect(off?.existingControls).toEqual([]);
    expect(on?.existingControls.map((c) => c.control)).toEqual([
      'Binary Authorization admits only attested images',
    ]);
    expect(on?.likelihood).toBe((off?.likelihood ?? 0) - 1);
  });
});

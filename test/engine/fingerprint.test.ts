import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/engine/fingerprint.js';

describe('threat fingerprints', () => {
  // Baselines, accepted risks, history and SARIF partialFingerprints key on these values: they must not change
  // between versions. Pinned from the first release's digest (SHA-256 of the rule id and each id after a NUL).
  it('stay the values earlier versions computed', () => {
    expect(fingerprint('TG-DATA-001', ['aws_s3_bucket.a', 'module.m.aws_iam_role.r["k"]'])).toBe(
      'e2cf3baf2350b6f116cda13210626812',
    );
    expect(fingerprint('TG-DATA-001', [])).toBe('4eb49bf9824699d2ccc5b1849f3bc9df');
  });

  it('do not depend on the order of the assets, and tell rules and asset lists apart', () => {
    const print = fingerprint('TG-DATA-001', ['b', 'a']);
    expect(print).toBe(fingerprint('TG-DATA-001', ['a', 'b']));
    expect(print).not.toBe(fingerprint('TG-DATA-002', ['a', 'b']));
    // The NUL separator keeps ["ab"] and ["a", "b"] apart.
    expect(fingerprint('TG-DATA-001', ['ab'])).not.toBe(print);
  });
});

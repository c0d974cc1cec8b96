import { describe, expect, it } from 'vitest';
import { unknown, type Asset } from '../../src/model/index.js';
import {
  renderRequirementsMarkdown,
  securityRequirements,
  SECURITY_PROPERTIES,
} from '../../src/report/requirements.js';
import { scanFilesSync, type ScanResult } from '../../src/scan.js';

const plain = scanFilesSync(['fixtures/reference-architecture/aws/plan.json']);
const hardened = scanFilesSync(['fixtures/reference-architecture/aws/hardened.json']);

function element(scan: ScanResult, asset: string) {
  const e = securityRequirements(scan).elements.find((x) => x.asset === asset);
  if (e === undefined) throw new Error(`no element ${asset}`);
  return e;
}
const summary = (scan: ScanResult, asset: string) =>
  Object.fromEntries(
    Object.entries(element(scan, asset).properties).map(([p, r]) => [
      p,
      [r.status, r.controls.map((c) => c.control), r.threats.map((t) => t.ruleId)],
    ]),
  );

/** Runs `body` with one asset of the scan's graph replaced, then puts the original back. */
function withAsset<T>(scan: ScanResult, id: string, change: (a: Asset) => Asset, body: () => T): T {
  const original = scan.graph.getNodeAttribute(id, 'asset');
  scan.graph.setNodeAttribute(id, 'asset', change(original));
  try {
    return body();
  } finally {
    scan.graph.setNodeAttribute(id, 'asset', original);
  }
}

describe('security requirements view', () => {
  it('gives every element all six properties', () => {
    const view = securityRequirements(plain);
    expect(view.properties).toEqual(SECURITY_PROPERTIES);
    expect(view.elements).toHaveLength(plain.graph.order);
    for (const e of view.elements) expect(Object.keys(e.properties)).toEqual([...SECURITY_PROPERTIES]);
  });

  it('marks a property missing where a threat violates it, naming the threat, even beside controls', () => {
    expect(summary(plain, 'module.data.aws_s3_bucket.training')).toEqual({
      authentication: ['no-evidence', [], []],
      integrity: ['missing', ['anonymous principals cannot write'], ['TG-DATA-004']],
      'non-repudiation': ['missing', [], ['TG-DATA-004', 'TG-DATA-006']],
      confidentiality: [
        'missing',
        ['encrypted at rest', 'public access is blocked', 'anonymous principals cannot read'],
        ['TG-DATA-005', 'TG-DATA-007'],
      ],
      availability: ['no-evidence', [], []],
      authorization: ['satisfied', ['no access from other accounts'], []],
    });
    expect(summary(plain, 'aws_cognito_user_pool.users').authentication).toEqual([
      'missing',
      [],
      ['TG-IAM-004'],
    ]);
  });

  it('marks the hardened bucket and user pool satisfied by the controls that fix them', () => {
    const bucket = summary(hardened, 'module.data.aws_s3_bucket.training');
    expect(bucket.integrity).toEqual([
      'satisfied',
      ['earlier versions are kept', 'anonymous principals cannot write'],
      [],
    ]);
    expect(bucket['non-repudiation']).toEqual(['satisfied', ['data access is logged'], []]);
    expect(bucket.confidentiality?.[0]).toBe('satisfied');
    expect(bucket.confidentiality?.[1]).toContain('customer-managed key');
    expect(summary(hardened, 'aws_cognito_user_pool.users').authentication).toEqual([
      'satisfied',
      ['a second factor is required'],
      [],
    ]);
  });

  it('keeps an unknown fact unknown: never satisfied by what cannot be known', () => {
    const id = 'module.data.aws_s3_bucket.training';
    const r = withAsset(
      plain,
      id,
      (a) => ({ ...a, facts: { crossAccountAccess: unknown('policy', 'known only after apply') } }),
      () => element({ ...plain, threats: [] }, id).properties.authorization,
    );
    expect(r.status).toBe('unknown');
    expect(r.unknown).toEqual([{ fact: 'crossAccountAccess', reason: 'known only after apply' }]);
    expect(r.controls).toEqual([]);
  });

  it('renders Markdown with a matrix and escapes names', () => {
    const text = renderRequirementsMarkdown({ scan: plain });
    expect(text).toContain('| acme-llm-training-data (object-store) | development | – | ✗ | ✗ | ✗ | – | ✓ |');
    const id = 'aws_cognito_user_pool.users';
    const evil = withAsset(
      plain,
      id,
      (a) => ({ ...a, name: 'a|b<script>' }),
      () => renderRequirementsMarkdown({ scan: plain }),
    );
    expect(evil).toContain('a\\|b&lt;script&gt;');
    expect(evil).not.toContain('<script>');
  });
});

import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { createView } from '../../src/graph/view.js';
import { runRules } from '../../src/engine/run.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { asset, flow as flowOf } from '../helpers/inventory.js';
import {
  asset as assetOf,
  flow,
  inventoryOf,
  type TestResource,
} from '../collectors/terraform/aws/plan-builder.js';

const ACCOUNT = '111122223333';
const bucket = (name: string): TestResource => ({
  address: `aws_s3_bucket.${name}`,
  values: { bucket: name, arn: `arn:aws:s3:::${name}` },
  action: 'no-op',
});
const role = (name: string, service: string): TestResource => ({
  address: `aws_iam_role.${name}`,
  values: {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    assume_role_policy: JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    }),
  },
  action: 'no-op',
});
const policy = (name: string, roleName: string, statements: object[]): TestResource => ({
  address: `aws_iam_role_policy.${name}`,
  values: { name, role: roleName, policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) },
  refs: { role: [`aws_iam_role.${roleName}`] },
});
const lambda = (name: string, roleName: string): TestResource => ({
  address: `aws_lambda_function.${name}`,
  values: { function_name: name, role: `arn:aws:iam::${ACCOUNT}:role/${roleName}` },
  refs: { role: [`aws_iam_role.${roleName}`] },
});

const pipeline = (roleName: string): TestResource => ({
  address: 'aws_sagemaker_pipeline.p',
  values: {
    pipeline_name: 'p',
    role_arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
    pipeline_definition: JSON.stringify({ Steps: [] }),
  },
  refs: { role_arn: [`aws_iam_role.${roleName}`] },
});

/** Three buckets, a function whose role may write every bucket, a role that writes one bucket by name. */
const plan: TestResource[] = [
  bucket('training-data'),
  bucket('app-data'),
  bucket('logs-archive'),
  role('broad', 'lambda.amazonaws.com'),
  policy('broad', 'broad', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*' }]),
  lambda('api', 'broad'),
  role('narrow', 'lambda.amazonaws.com'),
  policy('narrow', 'narrow', [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-data/*' },
  ]),
];
const SET = 'set:aws:aws_s3_bucket:arn:aws:s3:::*';

describe('resource sets for wildcard grants', () => {
  const inv = inventoryOf(plan);

  it('turns a wildcard that names several buckets into one set asset and one flow', () => {
    const set = assetOf(inv, SET);
    expect(set.kind).toBe('resource-set');
    expect(set.members).toEqual([
      'aws_s3_bucket.app-data',
      'aws_s3_bucket.logs-archive',
      'aws_s3_bucket.training-data',
    ]);
    expect(flow(inv, 'write', 'aws_iam_role.broad', SET)).toBeDefined();
    expect(inv.flows.filter((f) => f.from === 'aws_iam_role.broad' && f.kind === 'write')).toHaveLength(1);
  });

  it('keeps a pattern that names one bucket as a direct flow', () => {
    expect(flow(inv, 'read', 'aws_iam_role.narrow', 'aws_s3_bucket.app-data')).toBeDefined();
    expect(inv.assets.filter((a) => a.kind === 'resource-set')).toHaveLength(1);
  });

  it('shares one set between every role that holds the same pattern', () => {
    const two = inventoryOf([
      ...plan,
      role('other', 'lambda.amazonaws.com'),
      policy('other', 'other', [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::*' }]),
    ]);
    expect(two.assets.filter((a) => a.kind === 'resource-set').map((a) => a.id)).toEqual([SET]);
    expect(flow(two, 'write', 'aws_iam_role.other', SET)).toBeDefined();
  });

  describe('seen through the view', () => {
    const view = createView(buildGraph(inv));

    it('never lists the set as an element of the system', () => {
      expect(view.assets().some((a) => a.kind === 'resource-set')).toBe(false);
      expect(view.assets('resource-set')).toEqual([]);
    });

    it('counts a flow into the set as a flow into each member, from the role and from its holder', () => {
      const writers = view
        .sources('aws_s3_bucket.training-data', ['write'])
        .map((a) => a.id)
        .sort();
      expect(writers).toEqual(['aws_iam_role.broad', 'aws_lambda_function.api']);
      expect(view.sources('aws_s3_bucket.app-data', ['read']).map((a) => a.id)).toEqual([
        'aws_iam_role.narrow',
      ]);
      expect(view.flowsTo('aws_s3_bucket.logs-archive', ['write'])).toHaveLength(2);
    });

    it('expands outgoing flows to the members unless asked not to', () => {
      const out = view.flowsFrom('aws_lambda_function.api', ['write']);
      expect(out.map((f) => f.to).sort()).toEqual([
        'aws_s3_bucket.app-data',
        'aws_s3_bucket.logs-archive',
        'aws_s3_bucket.training-data',
      ]);
      expect(out.every((f) => f.id === `write:aws_lambda_function.api->${f.to}`)).toBe(true);
      expect(
        view.flowsFrom('aws_lambda_function.api', ['write'], { throughSets: false }).map((f) => f.to),
      ).toEqual([SET]);
      expect(view.targets('aws_lambda_function.api', ['write'])).toHaveLength(3);
    });

    it('finds the flow between a holder and one member', () => {
      const between = view.flowsBetween('aws_lambda_function.api', 'aws_s3_bucket.app-data', ['write']);
      expect(between).toHaveLength(1);
      expect(between[0]?.to).toBe('aws_s3_bucket.app-data');
      expect(view.flowsBetween('aws_lambda_function.api', 'aws_s3_bucket.app-data', ['read'])).toEqual([]);
    });

    it('reaches members through the set and leaves the set out of paths', () => {
      const reached = view.reachableFromZone(view.zone('aws_lambda_function.api').zone, ['write']);
      expect(reached.has('aws_s3_bucket.training-data')).toBe(true);
      const path = view.pathFromZone(
        view.zone('aws_lambda_function.api').zone,
        'aws_s3_bucket.training-data',
        ['write'],
      );
      expect(path).toBeDefined();
      expect(path?.includes(SET)).toBe(false);
      expect(path?.at(-1)).toBe('aws_s3_bucket.training-data');
    });
  });

  it('gives a training job that reads through a set the members as training data', () => {
    const training: TestResource[] = [
      bucket('corpus-a'),
      bucket('corpus-b'),
      role('trainer', 'sagemaker.amazonaws.com'),
      policy('trainer', 'trainer', [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corpus-*' },
      ]),
      pipeline('trainer'),
    ];
    const graphInv = inventoryOf(training);
    const set = graphInv.assets.find((a) => a.kind === 'resource-set');
    expect(set?.members).toEqual(['aws_s3_bucket.corpus-a', 'aws_s3_bucket.corpus-b']);
    const view = createView(buildGraph(graphInv));
    expect(view.zone('aws_s3_bucket.corpus-a')).toMatchObject({ zone: 'development' });
    expect(view.zone('aws_s3_bucket.corpus-a').reason).toContain('training data');
    expect(view.zone(set?.id ?? '').zone).toBe('development');
    expect(view.flowsTo('aws_s3_bucket.corpus-b', ['train-on']).map((f) => f.from)).toEqual([
      'aws_sagemaker_pipeline.p',
    ]);
  });

  it('finds the same threats on a member as a direct grant would give', () => {
    // The function is open to the internet and a pipeline trains on one of the buckets it can write.
    const exposed: TestResource[] = [
      ...plan,
      {
        address: 'aws_lambda_function_url.api',
        values: { function_name: 'api', authorization_type: 'NONE' },
        refs: { function_name: ['aws_lambda_function.api'] },
      },
      role('trainer', 'sagemaker.amazonaws.com'),
      policy('trainer', 'trainer', [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::training-data/*' },
      ]),
      pipeline('trainer'),
    ];
    const wildcard = inventoryOf(exposed);
    const direct = inventoryOf([
      ...exposed.filter((r) => r.address !== 'aws_iam_role_policy.broad'),
      policy('broad', 'broad', [
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [
            'arn:aws:s3:::training-data/*',
            'arn:aws:s3:::app-data/*',
            'arn:aws:s3:::logs-archive/*',
          ],
        },
      ]),
    ]);
    expect(direct.assets.some((a) => a.kind === 'resource-set')).toBe(false);
    const threatsOf = (i: typeof inv) =>
      runRules(BUILTIN_RULES, createView(buildGraph(i)), { roles: ['AP'] })
        .threats.filter((t) => t.assets.some((a) => a.startsWith('aws_s3_bucket.')))
        .map((t) => `${t.ruleId} ${t.assets.join(',')}`)
        .sort();
    const found = threatsOf(wildcard);
    expect(found).toContain('TG-DATA-002 aws_s3_bucket.training-data');
    expect(found).toEqual(threatsOf(direct));
  });
});

describe('hasSource', () => {
  it('answers whether a source of a kind writes an asset, also through a resource set', () => {
    const set = { ...asset('set', 'resource-set'), members: ['b1', 'b2'] };
    const view = createView(
      buildGraph({
        inputs: [],
        assets: [
          asset('b1', 'object-store'),
          asset('b2', 'object-store'),
          asset('b3', 'object-store'),
          asset('ep', 'inference-endpoint'),
          asset('fn', 'function'),
          set,
        ],
        flows: [flowOf('ep', 'set', 'write'), flowOf('fn', 'b3', 'write')],
        notes: [],
      }),
    );
    for (let i = 0; i < 2; i++) {
      expect(view.hasSource('b1', ['write'], ['inference-endpoint'])).toBe(true);
      expect(view.hasSource('b2', ['write'], ['inference-endpoint'])).toBe(true);
      expect(view.hasSource('b2', ['write'], ['function'])).toBe(false);
      expect(view.hasSource('b3', ['write'], ['inference-endpoint'])).toBe(false);
      expect(view.hasSource('b3', ['write'], ['function'])).toBe(true);
      expect(view.hasSource('b1', ['read'], ['inference-endpoint'])).toBe(false);
    }
  });
});

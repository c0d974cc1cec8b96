import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/index.js';
import { cleanAwsEnvironment } from '../../fake-aws/client.js';
import { loadOrg } from '../../fake-aws/fixture.js';
import { FakeAws, type LoggedCall } from '../../fake-aws/server.js';
import { A, KEY, collect, ec2, facts, flowIds, role, sm, withFake } from './scan.js';

/** The real SDK clients against the fake account `small`: every service's assets, facts and flows. */

let inv: Inventory;
let log: LoggedCall[];
let again: Inventory;

beforeAll(async () => {
  cleanAwsEnvironment();
  await withFake('small', async (fake) => {
    inv = await collect(fake);
    log = [...fake.log];
    again = await collect(fake);
  });
});

describe('EC2 network', () => {
  it('reads subnets as internet-reachable only with public IPs and a route to an internet gateway', () => {
    expect(facts(inv, ec2('subnet', 'subnet-pub'))).toEqual({
      internetReachable: ['explicit', true, 'DescribeSubnets.MapPublicIpOnLaunch,DescribeRouteTables.Routes'],
    });
    // Public IPs, but the VPC's main route table (it has no explicit association) has no internet route.
    expect(facts(inv, ec2('subnet', 'subnet-pub-noigw')).internetReachable).toEqual([
      'explicit',
      false,
      'DescribeSubnets.MapPublicIpOnLaunch,DescribeRouteTables.Routes',
    ]);
    expect(facts(inv, ec2('subnet', 'subnet-priv')).internetReachable).toEqual([
      'explicit',
      false,
      'DescribeSubnets.MapPublicIpOnLaunch',
    ]);
  });

  it('reads security groups open to 0.0.0.0/0 as internet-reachable', () => {
    expect(facts(inv, ec2('security-group', 'sg-open')).internetReachable?.slice(0, 2)).toEqual([
      'explicit',
      true,
    ]);
    expect(facts(inv, ec2('security-group', 'sg-closed')).internetReachable?.slice(0, 2)).toEqual([
      'explicit',
      false,
    ]);
  });

  it('places subnets, groups and endpoints in their VPC with network flows', () => {
    const vpc = ec2('vpc', 'vpc-1');
    expect(inv.assets.find((a) => a.id === vpc)).toMatchObject({
      kind: 'network',
      tags: { Name: 'ai-vpc' },
      source: { input: `aws://${A}`, region: 'us-east-1' },
    });
    expect(flowIds(inv)).toEqual(
      expect.arrayContaining([
        `network:${ec2('subnet', 'subnet-pub')}->${vpc}`,
        `network:${ec2('security-group', 'sg-open')}->${vpc}`,
        `network:${ec2('vpc-endpoint', 'vpce-1')}->${ec2('subnet', 'subnet-priv')}`,
      ]),
    );
    expect(inv.assets.find((a) => a.id === ec2('vpc-endpoint', 'vpce-1'))).toMatchObject({
      kind: 'private-endpoint',
      name: 'com.amazonaws.us-east-1.sagemaker.runtime',
    });
  });
});

describe('SageMaker', () => {
  it('reads an endpoint with its configuration and model', () => {
    expect(facts(inv, sm('endpoint', 'chat'))).toEqual({
      requiresAuthentication: ['explicit', true, 'sagemaker-runtime InvokeEndpoint (SigV4)'],
      authMethod: ['explicit', 'IAM', 'sagemaker-runtime InvokeEndpoint (SigV4)'],
      dataCapture: ['explicit', true, 'DescribeEndpointConfig.DataCaptureConfig.EnableCapture'],
      invocationLogging: ['explicit', true, 'DescribeEndpointConfig.DataCaptureConfig.EnableCapture'],
      customerManagedKey: ['explicit', true, 'DescribeEndpointConfig.KmsKeyId'],
      shellAccess: ['default', false, 'DescribeEndpointConfig.ProductionVariants.EnableSSMAccess'],
      privateNetwork: ['explicit', true, 'DescribeModel.VpcConfig.Subnets'],
    });
    expect(facts(inv, sm('endpoint', 'batch'))).toMatchObject({
      dataCapture: ['default', false, 'DescribeEndpointConfig.DataCaptureConfig'],
      shellAccess: ['explicit', true, 'DescribeEndpointConfig.ProductionVariants.EnableSSMAccess'],
      customerManagedKey: ['explicit', false, 'DescribeEndpointConfig.KmsKeyId'],
      privateNetwork: ['explicit', false, 'DescribeModel.VpcConfig.Subnets'],
    });
    expect(flowIds(inv)).toEqual(
      expect.arrayContaining([
        `invoke:${sm('endpoint', 'chat')}->${sm('model', 'chat-model')}`,
        `write:${sm('endpoint', 'chat')}->arn:aws:s3:::capture-bucket`,
        `encrypt-with:${sm('endpoint', 'chat')}->${KEY}`,
        `read:${sm('model', 'chat-model')}->arn:aws:s3:::model-bucket`,
        `assume-identity:${sm('model', 'chat-model')}->${role('sm-exec')}`,
        `network:${sm('model', 'chat-model')}->${ec2('subnet', 'subnet-priv')}`,
      ]),
    );
  });

  it('reads models, marking one pulled from the Hugging Face Hub as an external source', () => {
    expect(facts(inv, sm('model', 'chat-model'))).toEqual({
      networkIsolated: ['explicit', true, 'DescribeModel.EnableNetworkIsolation'],
      privateNetwork: ['explicit', true, 'DescribeModel.VpcConfig.Subnets'],
      externalModelSource: ['default', false, 'DescribeModel.PrimaryContainer.ModelPackageName'],
    });
    expect(facts(inv, sm('model', 'hub-model')).externalModelSource).toEqual([
      'explicit',
      true,
      'DescribeModel.PrimaryContainer.Environment.HF_MODEL_ID',
    ]);
  });

  it('reads notebook instances', () => {
    expect(facts(inv, sm('notebook-instance', 'research'))).toEqual({
      directInternetAccess: ['explicit', true, 'DescribeNotebookInstance.DirectInternetAccess'],
      rootAccess: ['explicit', false, 'DescribeNotebookInstance.RootAccess'],
      privateNetwork: ['explicit', true, 'DescribeNotebookInstance.SubnetId'],
      customerManagedKey: ['explicit', false, 'DescribeNotebookInstance.KmsKeyId'],
      metadataTokensRequired: [
        'explicit',
        true,
        'DescribeNotebookInstance.InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion',
      ],
    });
  });

  it('reads training jobs created in the --since window only, with the data they train on', () => {
    expect(facts(inv, sm('training-job', 'finetune-2026'))).toEqual({
      networkIsolated: ['explicit', false, 'DescribeTrainingJob.EnableNetworkIsolation'],
      privateNetwork: ['explicit', false, 'DescribeTrainingJob.VpcConfig.Subnets'],
      customerManagedKey: ['explicit', true, 'DescribeTrainingJob.OutputDataConfig.KmsKeyId'],
      encryptedInTransit: ['explicit', false, 'DescribeTrainingJob.EnableInterContainerTrafficEncryption'],
    });
    expect(inv.assets.some((a) => a.id === sm('training-job', 'old-2020'))).toBe(false);
    expect(log.filter((c) => c.operation === 'DescribeTrainingJob')).toHaveLength(1);
    expect(flowIds(inv)).toEqual(
      expect.arrayContaining([
        `train-on:${sm('training-job', 'finetune-2026')}->arn:aws:s3:::training-data`,
        `produce-artifact:${sm('training-job', 'finetune-2026')}->arn:aws:s3:::model-bucket`,
        `assume-identity:${sm('training-job', 'finetune-2026')}->${role('train-role')}`,
      ]),
    );
  });

  it('reads domains', () => {
    expect(facts(inv, sm('domain', 'd-abc123'))).toEqual({
      internetReachable: ['explicit', true, 'DescribeDomain.AppNetworkAccessType'],
      privateNetwork: ['explicit', false, 'DescribeDomain.AppNetworkAccessType'],
      customerManagedKey: ['explicit', false, 'DescribeDomain.KmsKeyId'],
    });
  });

  it('describes an endpoint configuration and a model shared by two endpoints once', () => {
    const count = (op: string) => log.filter((c) => c.operation === op).length;
    expect(count('DescribeEndpoint')).toBe(3);
    expect(count('DescribeEndpointConfig')).toBe(2);
    expect(count('DescribeModel')).toBe(2);
  });
});

describe('Lambda', () => {
  const fn = (name: string) => `arn:aws:lambda:us-east-1:${A}:function:${name}`;

  it('reads a function behind an unauthenticated function URL with a plaintext secret', () => {
    expect(facts(inv, fn('chat-proxy'))).toEqual({
      internetReachable: ['explicit', true, 'GetFunctionUrlConfig'],
      requiresAuthentication: ['explicit', false, 'GetFunctionUrlConfig.AuthType'],
      authMethod: ['explicit', 'NONE', 'GetFunctionUrlConfig.AuthType'],
      privateNetwork: ['explicit', false, 'ListFunctions.VpcConfig.SubnetIds'],
      plaintextSecrets: ['explicit', true, 'ListFunctions.Environment.Variables'],
    });
    // The value itself is kept nowhere.
    expect(JSON.stringify(inv)).not.toContain('sk-live-not-a-real-key');
  });

  it('reads functions without a URL, or with an IAM-authenticated one', () => {
    expect(facts(inv, fn('tokenizer'))).toEqual({
      internetReachable: ['default', false, 'GetFunctionUrlConfig'],
      requiresAuthentication: ['default', true, 'GetFunctionUrlConfig'],
      authMethod: ['default', 'IAM', 'GetFunctionUrlConfig'],
      privateNetwork: ['explicit', true, 'ListFunctions.VpcConfig.SubnetIds'],
      // A secret store ARN is not a plaintext secret.
      plaintextSecrets: ['default', false, 'ListFunctions.Environment.Variables'],
      imagePinned: ['unknown', undefined, 'not read by the live AWS collector yet'],
    });
    expect(facts(inv, fn('iam-url'))).toMatchObject({
      internetReachable: ['explicit', true, 'GetFunctionUrlConfig'],
      requiresAuthentication: ['explicit', true, 'GetFunctionUrlConfig.AuthType'],
      authMethod: ['explicit', 'IAM', 'GetFunctionUrlConfig.AuthType'],
    });
    expect(flowIds(inv)).toEqual(
      expect.arrayContaining([
        `assume-identity:${fn('tokenizer')}->${role('sm-exec')}`,
        `network:${fn('tokenizer')}->${ec2('subnet', 'subnet-priv')}`,
      ]),
    );
  });
});

describe('S3', () => {
  it('reads a locked-down bucket', () => {
    expect(facts(inv, 'arn:aws:s3:::capture-bucket')).toEqual({
      publicAccessBlocked: ['explicit', true, 'GetPublicAccessBlock'],
      anonymousRead: ['default', false, 'GetBucketPolicy'],
      anonymousWrite: ['default', false, 'GetBucketPolicy'],
      crossAccountAccess: ['default', false, 'GetBucketPolicy'],
      crossAccountWrite: ['default', false, 'GetBucketPolicy'],
      encryptedAtRest: ['explicit', true, 'GetBucketEncryption'],
      customerManagedKey: [
        'explicit',
        true,
        'GetBucketEncryption.Rules.ApplyServerSideEncryptionByDefault.KMSMasterKeyID',
      ],
      versioning: ['explicit', true, 'GetBucketVersioning.Status'],
      accessLogging: ['explicit', true, 'GetBucketLogging.LoggingEnabled'],
      immutability: ['default', false, 'GetObjectLockConfiguration'],
      deletionLifecycle: ['default', false, 'GetBucketLifecycleConfiguration'],
    });
    expect(flowIds(inv)).toContain(`encrypt-with:arn:aws:s3:::capture-bucket->${KEY}`);
  });

  it('reads anonymous and cross-account grants from bucket policies, and the defaults when nothing is set', () => {
    expect(facts(inv, 'arn:aws:s3:::model-bucket')).toMatchObject({
      publicAccessBlocked: ['default', false, 'GetPublicAccessBlock'],
      anonymousRead: ['explicit', true, 'GetBucketPolicy.Policy'],
      anonymousWrite: ['explicit', false, 'GetBucketPolicy.Policy'],
      crossAccountAccess: ['explicit', false, 'GetBucketPolicy.Policy'],
      encryptedAtRest: ['default', true, 'GetBucketEncryption'],
      customerManagedKey: ['default', false, 'GetBucketEncryption'],
      versioning: ['explicit', false, 'GetBucketVersioning.Status'],
      accessLogging: ['explicit', false, 'GetBucketLogging.LoggingEnabled'],
      // A transition is not an expiry.
      deletionLifecycle: ['explicit', false, 'GetBucketLifecycleConfiguration.Rules'],
    });
    expect(facts(inv, 'arn:aws:s3:::training-data')).toMatchObject({
      deletionLifecycle: ['explicit', true, 'GetBucketLifecycleConfiguration.Rules.Expiration'],
      immutability: [
        'explicit',
        true,
        'GetObjectLockConfiguration.ObjectLockConfiguration.ObjectLockEnabled',
      ],
      anonymousRead: ['explicit', false, 'GetBucketPolicy.Policy'],
      crossAccountAccess: ['explicit', true, 'GetBucketPolicy.Policy'],
      crossAccountWrite: ['explicit', true, 'GetBucketPolicy.Policy'],
      encryptedAtRest: ['explicit', true, 'GetBucketEncryption'],
      customerManagedKey: [
        'explicit',
        false,
        'GetBucketEncryption.Rules.ApplyServerSideEncryptionByDefault.KMSMasterKeyID',
      ],
      versioning: ['explicit', false, 'GetBucketVersioning.Status'],
    });
  });

  it("reads each bucket's configuration in the bucket's own region", () => {
    const inEu = log.filter((c) => c.service === 's3' && c.region === 'eu-west-1').map((c) => c.operation);
    expect(inEu.sort()).toEqual([
      'GetBucketEncryption',
      'GetBucketLifecycleConfiguration',
      'GetBucketLogging',
      'GetBucketPolicy',
      'GetBucketPolicyStatus',
      'GetBucketReplication',
      'GetBucketVersioning',
      'GetObjectLockConfiguration',
      'GetPublicAccessBlock',
    ]);
    expect(inv.assets.find((a) => a.id === 'arn:aws:s3:::model-bucket')?.source.region).toBe('eu-west-1');
  });
});

describe('S3 replication and policy status', () => {
  it('draws a write flow to the replica bucket', () => {
    expect(flowIds(inv)).toContain('write:arn:aws:s3:::model-bucket->arn:aws:s3:::capture-bucket');
  });

  it("takes S3's own evaluation over the policy reading when S3 says the policy is not public", async () => {
    const org = loadOrg('small');
    const a = org.accounts[A];
    if (a?.s3 === undefined) throw new Error('fixture changed: no S3 in the small account');
    const buckets = a.s3.buckets.map((b) => (b.name === 'model-bucket' ? { ...b, policyPublic: false } : b));
    const fake = new FakeAws({ accounts: { ...org.accounts, [A]: { ...a, s3: { ...a.s3, buckets } } } });
    await fake.start();
    try {
      const got = await collect(fake);
      const why = ['explicit', false, 'GetBucketPolicyStatus.PolicyStatus.IsPublic'];
      expect(facts(got, 'arn:aws:s3:::model-bucket').anonymousRead).toEqual(why);
      // What the reading already found false keeps its own evidence.
      expect(facts(got, 'arn:aws:s3:::model-bucket').anonymousWrite).toEqual([
        'explicit',
        false,
        'GetBucketPolicy.Policy',
      ]);
    } finally {
      await fake.stop();
    }
  });
});

describe('CloudWatch Logs and CloudTrail', () => {
  const group = (n: string) => `arn:aws:logs:us-east-1:${A}:log-group:${n}`;

  it('reads the log groups endpoints write to, and no unrelated group', () => {
    expect(inv.assets.filter((a) => a.kind === 'log-sink').map((a) => a.id)).toEqual([
      group('/aws/sagemaker/Endpoints/chat'),
    ]);
    expect(facts(inv, group('/aws/sagemaker/Endpoints/chat'))).toEqual({
      customerManagedKey: ['explicit', true, 'DescribeLogGroups.kmsKeyId'],
      deletionLifecycle: ['explicit', true, 'DescribeLogGroups.retentionInDays'],
    });
    expect(flowIds(inv)).toContain(
      `log-to:arn:aws:sagemaker:us-east-1:${A}:endpoint/chat->${group('/aws/sagemaker/Endpoints/chat')}`,
    );
  });

  it('counts a bucket as logged when a trail records all its object events, not only writes', () => {
    expect(facts(inv, 'arn:aws:s3:::training-data').accessLogging).toEqual([
      'explicit',
      true,
      'cloudtrail:GetEventSelectors',
    ]);
    // The eu-west-1 trail records writes only; its selectors are read in its home region.
    expect(facts(inv, 'arn:aws:s3:::model-bucket').accessLogging?.[1]).toBe(false);
    expect(
      log
        .filter((c) => c.operation === 'GetEventSelectors')
        .map((c) => c.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('SageMaker jobs, pipelines and registries', () => {
  const smArn = (t: string, n: string) => `arn:aws:sagemaker:us-east-1:${A}:${t}/${n}`;

  it('reads processing jobs in the window as training jobs that read and write data', () => {
    const id = smArn('processing-job', 'prep-data');
    expect(facts(inv, id)).toEqual({
      networkIsolated: ['explicit', true, 'DescribeProcessingJob.NetworkConfig.EnableNetworkIsolation'],
      privateNetwork: ['explicit', false, 'DescribeProcessingJob.NetworkConfig.VpcConfig.Subnets'],
      customerManagedKey: ['explicit', false, 'DescribeProcessingJob.ProcessingOutputConfig.KmsKeyId'],
      encryptedInTransit: [
        'explicit',
        false,
        'DescribeProcessingJob.NetworkConfig.EnableInterContainerTrafficEncryption',
      ],
    });
    expect(inv.assets.find((a) => a.id === id)?.kind).toBe('training-job');
    expect(flowIds(inv).filter((f) => f.includes(id))).toEqual([
      `assume-identity:${id}->${role('train-role')}`,
      `read:${id}->arn:aws:s3:::training-data`,
      `write:${id}->arn:aws:s3:::training-data`,
    ]);
    // Created before --since.
    expect(inv.assets.some((a) => a.id === smArn('processing-job', 'old-prep'))).toBe(false);
  });

  it('reads transform jobs as ML compute that invokes its model', () => {
    const id = smArn('transform-job', 'nightly-batch');
    expect(facts(inv, id)).toEqual({
      customerManagedKey: ['explicit', false, 'DescribeTransformJob.TransformOutput.KmsKeyId'],
    });
    expect(flowIds(inv).filter((f) => f.includes(id))).toEqual([
      `invoke:${id}->${smArn('model', 'chat-model')}`,
      `read:${id}->arn:aws:s3:::capture-bucket`,
      `write:${id}->arn:aws:s3:::capture-bucket`,
    ]);
  });

  it('reads pipelines from their definition, and deploy flows to the models that load their output', () => {
    const id = smArn('pipeline', 'retrain');
    expect(facts(inv, id)).toEqual({
      networkIsolated: ['explicit', true, 'DescribePipeline.PipelineDefinition'],
      privateNetwork: ['explicit', true, 'DescribePipeline.PipelineDefinition'],
      customerManagedKey: ['explicit', false, 'DescribePipeline.PipelineDefinition'],
    });
    expect(flowIds(inv).filter((f) => f.startsWith(id) || f.includes(`:${id}->`))).toEqual([
      `assume-identity:${id}->${role('train-role')}`,
      `deploy:${id}->${smArn('model', 'chat-model')}`,
      `produce-artifact:${id}->arn:aws:s3:::model-bucket`,
      `train-on:${id}->arn:aws:s3:::training-data`,
    ]);
    // A definition that is not JSON makes its facts unknown, with the reason.
    expect(facts(inv, smArn('pipeline', 'broken'))).toEqual({
      networkIsolated: ['unknown', undefined, 'PipelineDefinition is not readable JSON'],
      privateNetwork: ['unknown', undefined, 'PipelineDefinition is not readable JSON'],
      customerManagedKey: ['unknown', undefined, 'PipelineDefinition is not readable JSON'],
    });
  });

  it('reads model package groups with their resource policy, and none as the default', () => {
    expect(facts(inv, smArn('model-package-group', 'chat-models'))).toEqual({
      crossAccountAccess: ['explicit', true, 'GetModelPackageGroupPolicy.ResourcePolicy'],
      anonymousRead: ['explicit', false, 'GetModelPackageGroupPolicy.ResourcePolicy'],
      anonymousWrite: ['explicit', false, 'GetModelPackageGroupPolicy.ResourcePolicy'],
    });
    expect(facts(inv, smArn('model-package-group', 'private-models'))).toEqual({
      crossAccountAccess: ['default', false, 'GetModelPackageGroupPolicy'],
      anonymousRead: ['default', false, 'GetModelPackageGroupPolicy'],
      anonymousWrite: ['default', false, 'GetModelPackageGroupPolicy'],
    });
  });

  it('reads feature groups: every store must have a customer-managed key', () => {
    const id = smArn('feature-group', 'user-features');
    expect(facts(inv, id)).toEqual({
      customerManagedKey: [
        'explicit',
        false,
        'DescribeFeatureGroup.OnlineStoreConfig.SecurityConfig.KmsKeyId',
      ],
    });
    expect(flowIds(inv)).toContain(`write:${id}->arn:aws:s3:::training-data`);
  });

  it("reads Studio spaces as notebooks with their domain's network and key", () => {
    const id = `${smArn('domain', 'd-abc123')}/space/team-lab`;
    expect(inv.assets.find((a) => a.id === id)?.kind).toBe('notebook');
    expect(facts(inv, id)).toEqual({
      directInternetAccess: ['explicit', true, 'DescribeDomain.AppNetworkAccessType'],
      privateNetwork: ['explicit', false, 'DescribeDomain.AppNetworkAccessType'],
      customerManagedKey: ['explicit', false, 'DescribeDomain.KmsKeyId'],
    });
  });

  it("gives the domain a flow to each user profile's execution role", () => {
    expect(flowIds(inv)).toContain(`assume-identity:${smArn('domain', 'd-abc123')}->${role('alice-studio')}`);
  });
});

describe('IAM and KMS', () => {
  it('reads the roles collected assets run as, and no other', () => {
    expect(inv.assets.filter((a) => a.kind === 'identity').map((a) => a.id)).toEqual([
      role('alice-studio'),
      role('sm-exec'),
      role('train-role'),
    ]);
    expect(facts(inv, role('sm-exec'))).toEqual({
      adminPrivileges: ['explicit', true, 'ListAttachedRolePolicies,GetRolePolicy,GetPolicyVersion'],
      wildcardModelAccess: ['explicit', true, 'ListAttachedRolePolicies'],
      externalTrust: ['explicit', false, 'GetRole.AssumeRolePolicyDocument'],
    });
    // Trusts another account without a condition; an inline policy allows everything.
    expect(facts(inv, role('train-role'))).toMatchObject({
      adminPrivileges: ['explicit', true, 'ListAttachedRolePolicies,GetRolePolicy,GetPolicyVersion'],
      externalTrust: ['explicit', true, 'GetRole.AssumeRolePolicyDocument'],
    });
    expect(log.filter((c) => c.operation === 'GetPolicyVersion')).toHaveLength(1);
  });

  it('reads the keys collected assets are encrypted with, and their rotation', () => {
    expect(facts(inv, KEY)).toEqual({
      keyRotation: ['explicit', false, 'GetKeyRotationStatus.KeyRotationEnabled'],
    });
    expect(log.filter((c) => c.operation === 'DescribeKey')).toHaveLength(1);
  });
});

describe('the inventory', () => {
  it('names the account and regions it read, with no coverage notes for a fully readable account', () => {
    expect(inv.inputs).toEqual([
      expect.objectContaining({ path: `aws://${A}`, format: 'aws-live', account: A, regions: ['us-east-1'] }),
    ]);
    expect(inv.inputs[0]?.resources).toBe(inv.assets.length);
    expect(inv.notes).toEqual([]);
  });

  it('is the same, byte for byte, however the concurrent calls were ordered', () => {
    expect(JSON.stringify(again)).toBe(JSON.stringify(inv));
  });

  it('makes no call twice for the same resource or page', () => {
    const keys = log.map((c) => JSON.stringify(c));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    // The fake pages every list by two: the lists above two items were followed to their last page.
    expect(log.filter((c) => c.operation === 'ListEndpoints')).toHaveLength(2);
    expect(log.filter((c) => c.operation === 'DescribeSubnets')).toHaveLength(2);
    expect(log.filter((c) => c.operation === 'ListBuckets')).toHaveLength(2);
    expect(log.filter((c) => c.operation === 'ListFunctions')).toHaveLength(2);
  });
});

describe('concurrency', () => {
  it('keeps at most --concurrency calls in flight, and uses them', async () => {
    await withFake('small', async (fake) => {
      fake.latencyMs = 15;
      const bounded = await collect(fake, { concurrency: 3 });
      expect(fake.maxInFlight).toBe(3);
      expect(JSON.stringify(bounded)).toBe(JSON.stringify(inv));
    });
  });
});

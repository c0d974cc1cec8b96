import type { FakeAccount, FakeOrg, FakeRegion } from '../test/fake-aws/fixture.js';

/**
 * A fake AWS organisation for the live collector's benchmark: `accounts` accounts × `regions` regions of AI
 * systems and what surrounds them (networks, SageMaker endpoints with their configurations and models, notebooks,
 * training and processing jobs, feature groups, Lambda functions, log groups; per account buckets, the roles and
 * keys those use). Deterministic: the same arguments give the same organisation.
 */

export const ORG_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'];

const PER_REGION = {
  subnets: 8,
  securityGroups: 10,
  vpcEndpoints: 2,
  endpoints: 60,
  notebooks: 20,
  trainingJobs: 40,
  processingJobs: 10,
  featureGroups: 25,
  functions: 60,
  logGroups: 10,
};
const PER_ACCOUNT = { buckets: 120, roles: 60, keys: 20 };

export interface SyntheticOrg {
  readonly org: FakeOrg;
  /** How many resources the fixture describes (each list item, config and model counted once). */
  readonly resources: number;
  /** The access key id of each account; the first one's assumes the scan roles. */
  readonly keys: readonly string[];
  readonly roleArns: readonly string[];
}

export function syntheticOrg(accounts = 3, regions = ORG_REGIONS): SyntheticOrg {
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000001 + i));
  const org: Record<string, FakeAccount> = {};
  let resources = 0;
  const count = (n: number) => (resources += n);
  ids.forEach((id, i) => {
    const role = (n: number) => `arn:aws:iam::${id}:role/ml-role-${n % PER_ACCOUNT.roles}`;
    const key = (n: number) =>
      `arn:aws:kms:us-east-1:${id}:key/00000000-0000-4000-8000-${String(n % PER_ACCOUNT.keys).padStart(12, '0')}`;
    const bucket = (n: number) => `bench-${id}-data-${n % PER_ACCOUNT.buckets}`;
    const byRegion: Record<string, FakeRegion> = {};
    regions.forEach((region, r) => {
      byRegion[region] = regionOf(id, region, r, { role, key, bucket });
      count(1 + 1 + Object.values(PER_REGION).reduce((a, b) => a + b, 0) + 2 * PER_REGION.endpoints);
    });
    org[id] = {
      accessKeyId: `AKIDBENCH${i}`,
      // The first account's scanner assumes a role in each account, its own included.
      assumable: { 'threatgraph-scan': { trusted: ids[0] ?? '' } },
      regions: byRegion,
      s3: {
        accountPublicAccessBlock: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
        buckets: Array.from({ length: PER_ACCOUNT.buckets }, (_, b) => ({
          name: bucket(b),
          region: regions[b % regions.length] ?? 'us-east-1',
          versioning: b % 2 === 0 ? 'Enabled' : 'Suspended',
          ...(b % 3 === 0 ? { encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key(b) } } : {}),
        })),
      },
      iam: {
        roles: Object.fromEntries(
          Array.from({ length: PER_ACCOUNT.roles }, (_, n) => [
            `ml-role-${n}`,
            {
              trust: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'sagemaker.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              inline: {
                data: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: ['s3:GetObject'],
                      Resource: `arn:aws:s3:::${bucket(n)}/*`,
                    },
                  ],
                },
              },
            },
          ]),
        ),
      },
      kms: Object.fromEntries(
        Array.from({ length: PER_ACCOUNT.keys }, (_, n) => [
          key(n),
          {
            metadata: { KeyId: key(n).split('/')[1], Arn: key(n), KeyManager: 'CUSTOMER' },
            rotation: n % 2 === 0,
          },
        ]),
      ),
    };
    count(PER_ACCOUNT.buckets + PER_ACCOUNT.roles + PER_ACCOUNT.keys);
  });
  return {
    org: { accounts: org },
    resources,
    keys: ids.map((_, i) => `AKIDBENCH${i}`),
    roleArns: ids.map((id) => `arn:aws:iam::${id}:role/threatgraph-scan`),
  };
}

interface Names {
  readonly role: (n: number) => string;
  readonly key: (n: number) => string;
  readonly bucket: (n: number) => string;
}

function regionOf(account: string, region: string, r: number, names: Names): FakeRegion {
  const n = (count: number) => Array.from({ length: count }, (_, i) => i);
  const sm = (type: string, name: string) => `arn:aws:sagemaker:${region}:${account}:${type}/${name}`;
  const vpc = `vpc-${r}bench`;
  const s3 = (i: number) => `s3://${names.bucket(i)}/data/`;
  const created = 1767225600;
  return {
    ec2: {
      vpcSet: [{ vpcId: vpc, cidrBlock: '10.0.0.0/16', state: 'available', ownerId: account }],
      subnetSet: n(PER_REGION.subnets).map((i) => ({
        subnetId: `subnet-${r}${i}`,
        vpcId: vpc,
        cidrBlock: `10.0.${i}.0/24`,
        mapPublicIpOnLaunch: i === 0,
        ownerId: account,
      })),
      routeTableSet: [
        {
          routeTableId: `rtb-${r}`,
          vpcId: vpc,
          ownerId: account,
          routeSet: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' }],
          associationSet: [
            { routeTableAssociationId: `rtbassoc-${r}`, routeTableId: `rtb-${r}`, main: true },
          ],
        },
      ],
      securityGroupInfo: n(PER_REGION.securityGroups).map((i) => ({
        groupId: `sg-${r}${i}`,
        groupName: `sg-${i}`,
        vpcId: vpc,
        ownerId: account,
        ipPermissions: [],
        ipPermissionsEgress: [],
      })),
      vpcEndpointSet: n(PER_REGION.vpcEndpoints).map((i) => ({
        vpcEndpointId: `vpce-${r}${i}`,
        vpcEndpointType: 'Gateway',
        vpcId: vpc,
        serviceName: `com.amazonaws.${region}.s3`,
        state: 'available',
        ownerId: account,
      })),
    },
    sagemaker: {
      endpoints: n(PER_REGION.endpoints).map((i) => ({
        EndpointName: `ep-${i}`,
        EndpointArn: sm('endpoint', `ep-${i}`),
        EndpointConfigName: `ep-${i}-config`,
        EndpointStatus: 'InService',
        CreationTime: created,
        LastModifiedTime: created,
      })),
      endpointConfigs: n(PER_REGION.endpoints).map((i) => ({
        EndpointConfigName: `ep-${i}-config`,
        EndpointConfigArn: sm('endpoint-config', `ep-${i}-config`),
        ProductionVariants: [{ VariantName: 'main', ModelName: `model-${i}`, InstanceType: 'ml.g5.xlarge' }],
        ...(i % 2 === 0 ? { KmsKeyId: names.key(i) } : {}),
        CreationTime: created,
      })),
      models: n(PER_REGION.endpoints).map((i) => ({
        ModelName: `model-${i}`,
        ModelArn: sm('model', `model-${i}`),
        ExecutionRoleArn: names.role(i),
        PrimaryContainer: {
          Image: 'example.dkr.ecr.amazonaws.com/llm:1',
          ModelDataUrl: `${s3(i)}model.tar.gz`,
        },
        EnableNetworkIsolation: i % 3 === 0,
        CreationTime: created,
      })),
      notebooks: n(PER_REGION.notebooks).map((i) => ({
        NotebookInstanceName: `nb-${i}`,
        NotebookInstanceArn: sm('notebook-instance', `nb-${i}`),
        NotebookInstanceStatus: 'InService',
        RoleArn: names.role(i + 7),
        DirectInternetAccess: i % 2 === 0 ? 'Enabled' : 'Disabled',
        RootAccess: 'Enabled',
        CreationTime: created,
      })),
      trainingJobs: n(PER_REGION.trainingJobs).map((i) => ({
        TrainingJobName: `train-${i}`,
        TrainingJobArn: sm('training-job', `train-${i}`),
        TrainingJobStatus: 'Completed',
        RoleArn: names.role(i + 11),
        InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: s3(i + 1) } } }],
        OutputDataConfig: { S3OutputPath: s3(i) },
        CreationTime: created,
      })),
      processingJobs: n(PER_REGION.processingJobs).map((i) => ({
        ProcessingJobName: `prep-${i}`,
        ProcessingJobArn: sm('processing-job', `prep-${i}`),
        ProcessingJobStatus: 'Completed',
        RoleArn: names.role(i + 13),
        ProcessingInputs: [{ InputName: 'raw', S3Input: { S3Uri: s3(i + 2) } }],
        CreationTime: created,
      })),
      featureGroups: n(PER_REGION.featureGroups).map((i) => ({
        FeatureGroupName: `features-${i}`,
        FeatureGroupArn: sm('feature-group', `features-${i}`),
        FeatureGroupStatus: 'Created',
        RoleArn: names.role(i + 17),
        OnlineStoreConfig: { EnableOnlineStore: true },
        CreationTime: created,
      })),
    },
    lambda: {
      functions: n(PER_REGION.functions).map((i) => ({
        FunctionName: `fn-${i}`,
        FunctionArn: `arn:aws:lambda:${region}:${account}:function:fn-${i}`,
        Runtime: 'python3.12',
        Role: names.role(i + 19),
        PackageType: 'Zip',
      })),
    },
    logGroups: n(PER_REGION.logGroups).map((i) => ({
      logGroupName: `/aws/sagemaker/Endpoints/ep-${i}`,
      creationTime: created * 1000,
      ...(i % 2 === 0 ? { retentionInDays: 30 } : {}),
      storedBytes: 0,
    })),
  };
}

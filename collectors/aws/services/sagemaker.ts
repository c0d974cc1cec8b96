import type {
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { byDefault, explicit, type Fact, type Facts } from '../../../src/model/index.js';
import { arn, bucketArn, bucketOfUri, fromApi, unknownFacts } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import { paginate } from '../paginate.js';
import type { AwsRuntime, CallResult, Scope } from '../runtime.js';

/**
 * SageMaker endpoints with their endpoint configurations and models, notebook instances, training jobs and
 * domains, with the facts and flows of the Terraform SageMaker mapper. An endpoint configuration or model used by
 * several endpoints is described once.
 */

type Sdk = typeof import('@aws-sdk/client-sagemaker');

interface Ctx {
  readonly rt: AwsRuntime;
  readonly inv: LiveInventory;
  readonly scope: Scope;
  readonly client: SageMakerClient;
  readonly sdk: Sdk;
  readonly configs: Map<string, Promise<CallResult<DescribeEndpointConfigCommandOutput>>>;
  readonly models: Map<string, Promise<CallResult<DescribeModelCommandOutput>>>;
}

export interface SageMakerOptions {
  /** Training jobs created at or after this instant are read. */
  readonly since: Date;
}

export async function collectSageMaker(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  options: SageMakerOptions,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-sagemaker');
  const client = rt.client(scope, 'sagemaker', (c) => new sdk.SageMakerClient(c));
  const ctx: Ctx = { rt, inv, scope, client, sdk, configs: new Map(), models: new Map() };
  await Promise.all([endpoints(ctx), notebooks(ctx), trainingJobs(ctx, options.since), domains(ctx)]);
  rt.progress(`${scope.account.id} ${scope.region}: SageMaker read`);
}

function list<P extends { NextToken?: string | undefined }, T>(
  ctx: Ctx,
  api: string,
  send: (token: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
) {
  return paginate(
    (token) => ctx.rt.call(ctx.scope, `sagemaker:${api}`, () => send(token)),
    (page: P) => ({ items: items(page), next: page.NextToken }),
    (_, pages) => {
      ctx.rt.repeatedToken(ctx.scope, `sagemaker:${api}`, pages);
    },
  );
}

function describe<T>(
  ctx: Ctx,
  api: string,
  resource: string,
  send: () => Promise<T>,
): Promise<CallResult<T>> {
  return ctx.rt.call(ctx.scope, `sagemaker:${api}`, send, { resource });
}

function resourceArn(ctx: Ctx, type: string, name: string): string {
  return arn('sagemaker', ctx.scope.region, ctx.scope.account.id, `${type}/${name.toLowerCase()}`);
}

/** Flows to the role, key and buckets a resource names. */
function assumes(ctx: Ctx, from: string, roleArn: string | undefined, api: string, field: string): void {
  if (roleArn !== undefined && roleArn !== '')
    ctx.inv.flow('assume-identity', from, roleArn, fromApi(from, api, field));
}

function encrypts(ctx: Ctx, from: string, key: string | undefined, api: string, field: string): void {
  const id = keyArn(ctx.scope, key);
  if (id !== undefined) ctx.inv.flow('encrypt-with', from, id, fromApi(from, api, field));
}

/** A KMS key id or key ARN as the key's ARN; aliases name no key by themselves. */
export function keyArn(scope: Scope, key: string | undefined): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (/^arn:aws[\w-]*:kms:[^:]+:\d{12}:key\//.test(key)) return key;
  if (/^[0-9a-f-]{36}$|^mrk-[0-9a-f]{32}$/.test(key))
    return arn('kms', scope.region, scope.account.id, `key/${key}`);
  return undefined;
}

function toBucket(
  ctx: Ctx,
  kind: 'read' | 'write' | 'train-on' | 'produce-artifact',
  from: string,
  uri: string | undefined,
  api: string,
  field: string,
): void {
  const bucket = bucketOfUri(uri);
  if (bucket !== undefined) ctx.inv.flow(kind, from, bucketArn(bucket), fromApi(from, api, field));
}

async function endpoints(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListEndpoints',
    (NextToken) => client.send(new sdk.ListEndpointsCommand({ NextToken, MaxResults: 100 })),
    (p) => p.Endpoints,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.EndpointName === undefined) return;
      const id = summary.EndpointArn ?? resourceArn(ctx, 'endpoint', summary.EndpointName);
      const iam = explicit('IAM', 'sagemaker-runtime InvokeEndpoint (SigV4)');
      const base: Facts = {
        requiresAuthentication: explicit(true, 'sagemaker-runtime InvokeEndpoint (SigV4)'),
        authMethod: iam,
      };
      const got = await describe(ctx, 'DescribeEndpoint', id, () =>
        client.send(new sdk.DescribeEndpointCommand({ EndpointName: summary.EndpointName })),
      );
      const facts = [
        'dataCapture',
        'invocationLogging',
        'customerManagedKey',
        'shellAccess',
        'privateNetwork',
      ] as const;
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'inference-endpoint',
          nativeType: 'AWS::SageMaker::Endpoint',
          name: summary.EndpointName,
          facts: { ...base, ...unknownFacts(facts, 'DescribeEndpoint', got.message) },
        });
        return;
      }
      const configName = got.value.EndpointConfigName;
      const config = configName === undefined ? undefined : await endpointConfig(ctx, configName);
      if (config === undefined || !config.ok) {
        const why = config === undefined ? 'the endpoint names no configuration' : config.message;
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'inference-endpoint',
          nativeType: 'AWS::SageMaker::Endpoint',
          name: summary.EndpointName,
          facts: { ...base, ...unknownFacts(facts, 'DescribeEndpointConfig', why) },
        });
        return;
      }
      const c = config.value;
      const capture: Fact<boolean> =
        c.DataCaptureConfig === undefined
          ? byDefault(false, 'DescribeEndpointConfig.DataCaptureConfig')
          : explicit(
              c.DataCaptureConfig.EnableCapture !== false,
              'DescribeEndpointConfig.DataCaptureConfig.EnableCapture',
            );
      const ssm = (c.ProductionVariants ?? []).some((v) => v.EnableSSMAccess === true);
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'inference-endpoint',
        nativeType: 'AWS::SageMaker::Endpoint',
        name: summary.EndpointName,
        facts: {
          ...base,
          dataCapture: capture,
          invocationLogging: capture,
          customerManagedKey: explicit((c.KmsKeyId ?? '') !== '', 'DescribeEndpointConfig.KmsKeyId'),
          shellAccess: ssm
            ? explicit(true, 'DescribeEndpointConfig.ProductionVariants.EnableSSMAccess')
            : byDefault(false, 'DescribeEndpointConfig.ProductionVariants.EnableSSMAccess'),
          privateNetwork: byDefault(false, 'DescribeModel.VpcConfig'),
        },
      });
      toBucket(
        ctx,
        'write',
        id,
        c.DataCaptureConfig?.DestinationS3Uri,
        'DescribeEndpointConfig',
        'DataCaptureConfig.DestinationS3Uri',
      );
      toBucket(
        ctx,
        'write',
        id,
        c.AsyncInferenceConfig?.OutputConfig?.S3OutputPath,
        'DescribeEndpointConfig',
        'AsyncInferenceConfig.OutputConfig.S3OutputPath',
      );
      encrypts(ctx, id, c.KmsKeyId, 'DescribeEndpointConfig', 'KmsKeyId');
      assumes(ctx, id, c.ExecutionRoleArn, 'DescribeEndpointConfig', 'ExecutionRoleArn');
      for (const v of c.ProductionVariants ?? []) {
        if (v.ModelName === undefined) continue;
        const model = await modelOf(ctx, v.ModelName);
        ctx.inv.flow(
          'invoke',
          id,
          model.id,
          fromApi(id, 'DescribeEndpointConfig', 'ProductionVariants.ModelName'),
        );
        if (model.privateNetwork !== undefined) ctx.inv.patch(id, { privateNetwork: model.privateNetwork });
      }
    }),
  );
}

function endpointConfig(ctx: Ctx, name: string): Promise<CallResult<DescribeEndpointConfigCommandOutput>> {
  let p = ctx.configs.get(name);
  if (p === undefined) {
    p = describe(ctx, 'DescribeEndpointConfig', resourceArn(ctx, 'endpoint-config', name), () =>
      ctx.client.send(new ctx.sdk.DescribeEndpointConfigCommand({ EndpointConfigName: name })),
    );
    ctx.configs.set(name, p);
  }
  return p;
}

const MODEL_PACKAGE_ARN = /^arn:aws[\w-]*:sagemaker:[^:]*:(\d{12}):model-package\//;

/** The model asset (described once per name) and the privateNetwork fact it gives its endpoints. */
async function modelOf(ctx: Ctx, name: string): Promise<{ id: string; privateNetwork?: Fact<boolean> }> {
  const fallback = resourceArn(ctx, 'model', name);
  let p = ctx.models.get(name);
  const first = p === undefined;
  if (p === undefined) {
    p = describe(ctx, 'DescribeModel', fallback, () =>
      ctx.client.send(new ctx.sdk.DescribeModelCommand({ ModelName: name })),
    );
    ctx.models.set(name, p);
  }
  const got = await p;
  if (!got.ok) {
    const facts = unknownFacts(
      ['networkIsolated', 'privateNetwork', 'externalModelSource'],
      'DescribeModel',
      got.message,
    );
    if (first)
      ctx.inv.asset(ctx.scope, {
        id: fallback,
        kind: 'model',
        nativeType: 'AWS::SageMaker::Model',
        name,
        facts,
      });
    return {
      id: fallback,
      ...(facts.privateNetwork === undefined ? {} : { privateNetwork: facts.privateNetwork }),
    };
  }
  const m = got.value;
  const id = m.ModelArn ?? fallback;
  const privateNetwork = explicit((m.VpcConfig?.Subnets ?? []).length > 0, 'DescribeModel.VpcConfig.Subnets');
  if (!first) return { id, privateNetwork };
  const containers = [
    ...(m.PrimaryContainer === undefined ? [] : [m.PrimaryContainer]),
    ...(m.Containers ?? []),
  ];
  const external = containers.flatMap((c): Fact<boolean>[] => {
    const out: Fact<boolean>[] = [];
    const account = MODEL_PACKAGE_ARN.exec(c.ModelPackageName ?? '')?.[1];
    if (c.ModelPackageName !== undefined)
      out.push(
        explicit(
          account !== undefined && account !== ctx.scope.account.id,
          'DescribeModel.PrimaryContainer.ModelPackageName',
        ),
      );
    const hub = c.Environment?.['HF_MODEL_ID'];
    if (hub !== undefined && hub !== '')
      out.push(
        explicit(
          !hub.startsWith('/') && !hub.startsWith('s3://'),
          'DescribeModel.PrimaryContainer.Environment.HF_MODEL_ID',
        ),
      );
    return out;
  });
  ctx.inv.asset(ctx.scope, {
    id,
    kind: 'model',
    nativeType: 'AWS::SageMaker::Model',
    name,
    facts: {
      networkIsolated: explicit(m.EnableNetworkIsolation === true, 'DescribeModel.EnableNetworkIsolation'),
      privateNetwork,
      externalModelSource:
        external.find((f) => f.state !== 'unknown' && f.value) ??
        external[0] ??
        byDefault(false, 'DescribeModel.PrimaryContainer.ModelPackageName'),
    },
  });
  assumes(ctx, id, m.ExecutionRoleArn, 'DescribeModel', 'ExecutionRoleArn');
  for (const c of containers) {
    toBucket(ctx, 'read', id, c.ModelDataUrl, 'DescribeModel', 'PrimaryContainer.ModelDataUrl');
    toBucket(
      ctx,
      'read',
      id,
      c.ModelDataSource?.S3DataSource?.S3Uri,
      'DescribeModel',
      'PrimaryContainer.ModelDataSource.S3DataSource.S3Uri',
    );
  }
  for (const s of m.VpcConfig?.Subnets ?? [])
    ctx.inv.flow(
      'network',
      id,
      arn('ec2', ctx.scope.region, ctx.scope.account.id, `subnet/${s}`),
      fromApi(id, 'DescribeModel', 'VpcConfig.Subnets'),
    );
  return { id, privateNetwork };
}

async function notebooks(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListNotebookInstances',
    (NextToken) => client.send(new sdk.ListNotebookInstancesCommand({ NextToken, MaxResults: 100 })),
    (p) => p.NotebookInstances,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.NotebookInstanceName === undefined) return;
      const name = summary.NotebookInstanceName;
      const id = summary.NotebookInstanceArn ?? resourceArn(ctx, 'notebook-instance', name);
      const got = await describe(ctx, 'DescribeNotebookInstance', id, () =>
        client.send(new sdk.DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
      );
      const names = [
        'directInternetAccess',
        'rootAccess',
        'privateNetwork',
        'customerManagedKey',
        'metadataTokensRequired',
      ] as const;
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'notebook',
          nativeType: 'AWS::SageMaker::NotebookInstance',
          name,
          facts: unknownFacts(names, 'DescribeNotebookInstance', got.message),
        });
        return;
      }
      const n = got.value;
      const imds = n.InstanceMetadataServiceConfiguration?.MinimumInstanceMetadataServiceVersion;
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'notebook',
        nativeType: 'AWS::SageMaker::NotebookInstance',
        name,
        facts: {
          directInternetAccess: explicit(
            n.DirectInternetAccess !== 'Disabled',
            'DescribeNotebookInstance.DirectInternetAccess',
          ),
          rootAccess: explicit(n.RootAccess !== 'Disabled', 'DescribeNotebookInstance.RootAccess'),
          privateNetwork: explicit((n.SubnetId ?? '') !== '', 'DescribeNotebookInstance.SubnetId'),
          customerManagedKey: explicit((n.KmsKeyId ?? '') !== '', 'DescribeNotebookInstance.KmsKeyId'),
          metadataTokensRequired:
            imds === undefined
              ? byDefault(false, 'DescribeNotebookInstance.InstanceMetadataServiceConfiguration')
              : explicit(
                  imds === '2',
                  'DescribeNotebookInstance.InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion',
                ),
        },
      });
      assumes(ctx, id, n.RoleArn, 'DescribeNotebookInstance', 'RoleArn');
      encrypts(ctx, id, n.KmsKeyId, 'DescribeNotebookInstance', 'KmsKeyId');
      if (n.SubnetId !== undefined && n.SubnetId !== '')
        ctx.inv.flow(
          'network',
          id,
          arn('ec2', ctx.scope.region, ctx.scope.account.id, `subnet/${n.SubnetId}`),
          fromApi(id, 'DescribeNotebookInstance', 'SubnetId'),
        );
    }),
  );
}

async function trainingJobs(ctx: Ctx, since: Date): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListTrainingJobs',
    (NextToken) =>
      client.send(new sdk.ListTrainingJobsCommand({ NextToken, MaxResults: 100, CreationTimeAfter: since })),
    (p) => p.TrainingJobSummaries,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.TrainingJobName === undefined) return;
      const name = summary.TrainingJobName;
      const id = summary.TrainingJobArn ?? resourceArn(ctx, 'training-job', name);
      const got = await describe(ctx, 'DescribeTrainingJob', id, () =>
        client.send(new sdk.DescribeTrainingJobCommand({ TrainingJobName: name })),
      );
      const names = [
        'networkIsolated',
        'privateNetwork',
        'customerManagedKey',
        'encryptedInTransit',
      ] as const;
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'training-job',
          nativeType: 'AWS::SageMaker::TrainingJob',
          name,
          facts: unknownFacts(names, 'DescribeTrainingJob', got.message),
        });
        return;
      }
      const j = got.value;
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'training-job',
        nativeType: 'AWS::SageMaker::TrainingJob',
        name,
        facts: {
          networkIsolated: explicit(
            j.EnableNetworkIsolation === true,
            'DescribeTrainingJob.EnableNetworkIsolation',
          ),
          privateNetwork: explicit(
            (j.VpcConfig?.Subnets ?? []).length > 0,
            'DescribeTrainingJob.VpcConfig.Subnets',
          ),
          customerManagedKey: explicit(
            (j.OutputDataConfig?.KmsKeyId ?? '') !== '',
            'DescribeTrainingJob.OutputDataConfig.KmsKeyId',
          ),
          encryptedInTransit: explicit(
            j.EnableInterContainerTrafficEncryption === true,
            'DescribeTrainingJob.EnableInterContainerTrafficEncryption',
          ),
        },
      });
      assumes(ctx, id, j.RoleArn, 'DescribeTrainingJob', 'RoleArn');
      encrypts(ctx, id, j.OutputDataConfig?.KmsKeyId, 'DescribeTrainingJob', 'OutputDataConfig.KmsKeyId');
      for (const ch of j.InputDataConfig ?? [])
        toBucket(
          ctx,
          'train-on',
          id,
          ch.DataSource?.S3DataSource?.S3Uri,
          'DescribeTrainingJob',
          'InputDataConfig.DataSource.S3DataSource.S3Uri',
        );
      toBucket(
        ctx,
        'produce-artifact',
        id,
        j.OutputDataConfig?.S3OutputPath,
        'DescribeTrainingJob',
        'OutputDataConfig.S3OutputPath',
      );
    }),
  );
}

async function domains(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListDomains',
    (NextToken) => client.send(new sdk.ListDomainsCommand({ NextToken, MaxResults: 100 })),
    (p) => p.Domains,
  );
  await Promise.all(
    listed.items.map(async (summary) => {
      if (summary.DomainId === undefined) return;
      const domainId = summary.DomainId;
      const id = summary.DomainArn ?? resourceArn(ctx, 'domain', domainId);
      const name = summary.DomainName ?? domainId;
      const got = await describe(ctx, 'DescribeDomain', id, () =>
        client.send(new sdk.DescribeDomainCommand({ DomainId: domainId })),
      );
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          id,
          kind: 'ml-workspace',
          nativeType: 'AWS::SageMaker::Domain',
          name,
          facts: unknownFacts(
            ['internetReachable', 'privateNetwork', 'customerManagedKey'],
            'DescribeDomain',
            got.message,
          ),
        });
        return;
      }
      const d = got.value;
      const access = d.AppNetworkAccessType;
      ctx.inv.asset(ctx.scope, {
        id,
        kind: 'ml-workspace',
        nativeType: 'AWS::SageMaker::Domain',
        name,
        facts: {
          internetReachable:
            access === undefined
              ? byDefault(true, 'DescribeDomain.AppNetworkAccessType')
              : explicit(access === 'PublicInternetOnly', 'DescribeDomain.AppNetworkAccessType'),
          privateNetwork:
            access === undefined
              ? byDefault(false, 'DescribeDomain.AppNetworkAccessType')
              : explicit(access === 'VpcOnly', 'DescribeDomain.AppNetworkAccessType'),
          customerManagedKey: explicit((d.KmsKeyId ?? '') !== '', 'DescribeDomain.KmsKeyId'),
        },
      });
      assumes(
        ctx,
        id,
        d.DefaultUserSettings?.ExecutionRole,
        'DescribeDomain',
        'DefaultUserSettings.ExecutionRole',
      );
      assumes(
        ctx,
        id,
        d.DefaultSpaceSettings?.ExecutionRole,
        'DescribeDomain',
        'DefaultSpaceSettings.ExecutionRole',
      );
      encrypts(ctx, id, d.KmsKeyId, 'DescribeDomain', 'KmsKeyId');
    }),
  );
}

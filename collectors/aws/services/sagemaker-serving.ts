import type { DescribeEndpointConfigCommandOutput } from '@aws-sdk/client-sagemaker';
import { byDefault, explicit, type Fact, type Facts } from '../../../src/model/index.js';
import { arn, fromApi, unknownFacts } from '../facts.js';
import type { CallResult } from '../runtime.js';
import { assumes, describe, encrypts, list, resourceArn, toBucket, type Ctx } from './sagemaker-common.js';

/** SageMaker endpoints with their endpoint configurations and models; each configuration and model is described once. */

export async function endpoints(ctx: Ctx): Promise<void> {
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
    for (const uri of [c.ModelDataUrl, c.ModelDataSource?.S3DataSource?.S3Uri])
      if (uri !== undefined) ctx.artifacts.push({ model: id, uri });
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

import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv } from './plan-builder.js';

const model = {
  address: 'aws_sagemaker_model.m',
  values: { name: 'm', primary_container: [{ model_data_url: 's3://art/m.tar.gz' }] },
};
const endpoint = { address: 'aws_sagemaker_endpoint.e', values: { name: 'e', endpoint_config_name: 'c' } };
const config = (extra: object) => ({
  address: 'aws_sagemaker_endpoint_configuration.c',
  values: { name: 'c', production_variants: [{ variant_name: 'v', model_name: 'm' }], ...extra },
});
const buckets = ['art', 'capture'].map((b) => ({ address: `aws_s3_bucket.${b}`, values: { bucket: b } }));

describe('SageMaker mappers', () => {
  it('captures inference data to the destination bucket', () => {
    const inv = inventoryOf([
      ...buckets,
      model,
      endpoint,
      config({
        data_capture_config: [
          { enable_capture: true, destination_s3_uri: 's3://capture/llm/', initial_sampling_percentage: 100 },
        ],
      }),
    ]);
    expect(sv(fact(inv, 'aws_sagemaker_endpoint.e', 'dataCapture'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(
      flow(inv, 'write', 'aws_sagemaker_endpoint.e', 'aws_s3_bucket.capture')?.evidence[0]?.attribute,
    ).toBe('data_capture_config[0].destination_s3_uri');
    expect(flow(inv, 'invoke', 'aws_sagemaker_endpoint.e', 'aws_sagemaker_model.m')).toBeDefined();
    expect(flow(inv, 'read', 'aws_sagemaker_model.m', 'aws_s3_bucket.art')).toBeDefined();
  });

  it('defaults to no capture, no CMK and no shell access', () => {
    const inv = inventoryOf([...buckets, model, endpoint, config({})]);
    expect(sv(fact(inv, 'aws_sagemaker_endpoint.e', 'dataCapture'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(sv(fact(inv, 'aws_sagemaker_endpoint.e', 'customerManagedKey'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(sv(fact(inv, 'aws_sagemaker_endpoint.e', 'shellAccess'))).toEqual({
      state: 'default',
      value: false,
    });
    expect(inv.flows.filter((f) => f.kind === 'write')).toEqual([]);
  });

  it('makes endpoint facts unknown when its configuration is not linked', () => {
    const inv = inventoryOf([endpoint]);
    expect(fact(inv, 'aws_sagemaker_endpoint.e', 'dataCapture')?.state).toBe('unknown');
    expect(sv(fact(inv, 'aws_sagemaker_endpoint.e', 'requiresAuthentication'))).toEqual({
      state: 'explicit',
      value: true,
    });
  });

  it('uses the notebook defaults: direct internet and root enabled', () => {
    const inv = inventoryOf([
      { address: 'aws_sagemaker_notebook_instance.n', values: { name: 'n', instance_type: 'ml.t3.medium' } },
    ]);
    expect(sv(fact(inv, 'aws_sagemaker_notebook_instance.n', 'directInternetAccess'))).toEqual({
      state: 'default',
      value: true,
    });
    expect(sv(fact(inv, 'aws_sagemaker_notebook_instance.n', 'rootAccess'))).toEqual({
      state: 'default',
      value: true,
    });
  });

  it('places a notebook in a private network when subnet_id references a subnet created in the plan', () => {
    const inv = inventoryOf([
      { address: 'aws_subnet.s', values: { cidr_block: '10.0.1.0/24' }, unknown: { id: true } },
      {
        address: 'aws_sagemaker_notebook_instance.n',
        values: { name: 'n', instance_type: 'ml.t3.medium' },
        unknown: { subnet_id: true },
        refs: { subnet_id: ['aws_subnet.s.id', 'aws_subnet.s'] },
      },
    ]);
    expect(sv(fact(inv, 'aws_sagemaker_notebook_instance.n', 'privateNetwork'))).toEqual({
      state: 'explicit',
      value: true,
    });
  });

  it('reads the training steps of a pipeline definition', () => {
    const definition = JSON.stringify({
      Steps: [
        {
          Name: 'T',
          Type: 'Training',
          Arguments: {
            InputDataConfig: [{ DataSource: { S3DataSource: { S3Uri: 's3://train/x/' } } }],
            OutputDataConfig: { S3OutputPath: 's3://art/' },
            EnableNetworkIsolation: true,
          },
        },
      ],
    });
    const inv = inventoryOf([
      ...buckets,
      { address: 'aws_s3_bucket.train', values: { bucket: 'train' } },
      model,
      {
        address: 'aws_sagemaker_pipeline.p',
        values: { pipeline_name: 'p', pipeline_definition: definition },
      },
    ]);
    expect(flow(inv, 'train-on', 'aws_sagemaker_pipeline.p', 'aws_s3_bucket.train')).toBeDefined();
    expect(flow(inv, 'produce-artifact', 'aws_sagemaker_pipeline.p', 'aws_s3_bucket.art')).toBeDefined();
    expect(flow(inv, 'deploy', 'aws_sagemaker_pipeline.p', 'aws_sagemaker_model.m')).toBeDefined();
    expect(sv(fact(inv, 'aws_sagemaker_pipeline.p', 'networkIsolated'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(sv(fact(inv, 'aws_sagemaker_pipeline.p', 'privateNetwork'))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('does not deploy a model that loads from elsewhere, and an unknown definition gives unknown facts', () => {
    const inv = inventoryOf([
      {
        address: 'aws_sagemaker_model.other',
        values: { name: 'o', primary_container: [{ model_data_url: 's3://elsewhere/m.tar.gz' }] },
      },
      {
        address: 'aws_sagemaker_pipeline.p',
        values: { pipeline_name: 'p', pipeline_definition: null },
        unknown: { pipeline_definition: true },
      },
    ]);
    expect(inv.flows.filter((f) => f.kind === 'deploy')).toEqual([]);
    expect(fact(inv, 'aws_sagemaker_pipeline.p', 'networkIsolated')?.state).toBe('unknown');
  });

  it('reads cross-account access from a model package group policy', () => {
    const group = {
      address: 'aws_sagemaker_model_package_group.g',
      values: { model_package_group_name: 'g' },
    };
    const policy = (account: string) => ({
      address: 'aws_sagemaker_model_package_group_policy.g',
      values: {
        model_package_group_name: 'g',
        resource_policy: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:root` },
              Action: 'sagemaker:DescribeModelPackage',
              Resource: '*',
            },
          ],
        }),
      },
    });
    const own = {
      address: 'aws_iam_role.own',
      values: { arn: 'arn:aws:iam::111122223333:role/own' },
      action: 'no-op' as const,
    };
    expect(
      sv(
        fact(
          inventoryOf([own, group, policy('999988887777')]),
          'aws_sagemaker_model_package_group.g',
          'crossAccountAccess',
        ),
      ),
    ).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(
      sv(
        fact(
          inventoryOf([own, group, policy('111122223333')]),
          'aws_sagemaker_model_package_group.g',
          'crossAccountAccess',
        ),
      ),
    ).toEqual({
      state: 'explicit',
      value: false,
    });
  });
});

import type {
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { arn, bucketArn, bucketOfUri, fromApi } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, CallResult, Scope } from '../runtime.js';

/** What the SageMaker modules share: the client, the describe caches, and the flows to roles, keys and buckets. */

export type Sdk = typeof import('@aws-sdk/client-sagemaker');

export interface Ctx {
  readonly rt: AwsRuntime;
  readonly inv: LiveInventory;
  readonly scope: Scope;
  readonly client: SageMakerClient;
  readonly sdk: Sdk;
  readonly configs: Map<string, Promise<CallResult<DescribeEndpointConfigCommandOutput>>>;
  readonly models: Map<string, Promise<CallResult<DescribeModelCommandOutput>>>;
  /** Artifact URIs of the models found, and output URIs of the pipelines: deploy flows link the two. */
  readonly artifacts: { readonly model: string; readonly uri: string }[];
  readonly outputs: { readonly pipeline: string; readonly uri: string }[];
}

export function list<P extends { NextToken?: string | undefined }, T>(
  ctx: Ctx,
  api: string,
  send: (token: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
) {
  return ctx.rt.list(ctx.scope, `sagemaker:${api}`, send, (page: P) => ({
    items: items(page),
    next: page.NextToken,
  }));
}

export function describe<T>(
  ctx: Ctx,
  api: string,
  resource: string,
  send: () => Promise<T>,
): Promise<CallResult<T>> {
  return ctx.rt.call(ctx.scope, `sagemaker:${api}`, send, { resource });
}

export function resourceArn(ctx: Ctx, type: string, name: string): string {
  return arn('sagemaker', ctx.scope.region, ctx.scope.account.id, `${type}/${name.toLowerCase()}`);
}

/** Flows to the role, key and buckets a resource names. */
export function assumes(
  ctx: Ctx,
  from: string,
  roleArn: string | undefined,
  api: string,
  field: string,
): void {
  if (roleArn !== undefined && roleArn !== '')
    ctx.inv.flow('assume-identity', from, roleArn, fromApi(from, api, field));
}

export function encrypts(ctx: Ctx, from: string, key: string | undefined, api: string, field: string): void {
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

export function toBucket(
  ctx: Ctx,
  kind: 'read' | 'write' | 'train-on' | 'produce-artifact',
  from: string,
  uri: string | undefined,
  api: string,
  field: string,
  note?: string,
): void {
  const bucket = bucketOfUri(uri);
  if (bucket !== undefined) ctx.inv.flow(kind, from, bucketArn(bucket), fromApi(from, api, field, note));
}

import type { BedrockClient, GetGuardrailCommandOutput } from '@aws-sdk/client-bedrock';
import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { HARMFUL_CONTENT } from '../../terraform/aws/bedrock.js';
import { arn, bucketArn, bucketOfUri, fromApi, unknownFacts } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import { keyArn } from './sagemaker.js';

/**
 * Bedrock in one region: the model invocation logging configuration (a regional singleton every Bedrock-using
 * asset shares), guardrails, custom models and provisioned throughput, with the facts and flows of the Terraform
 * Bedrock mapper. Agents and knowledge bases are in bedrock-agent.ts.
 */

type Sdk = typeof import('@aws-sdk/client-bedrock');

interface Ctx {
  readonly rt: AwsRuntime;
  readonly inv: LiveInventory;
  readonly scope: Scope;
  readonly client: BedrockClient;
  readonly sdk: Sdk;
}

/** What the region's invocation logging gives each Bedrock-using asset, and where its logs go. */
export interface InvocationLogging {
  readonly facts: Facts;
  readonly destinations: readonly { readonly to: string; readonly field: string }[];
}

/** Reads the region's model invocation logging once; the agents and API Gateway modules await the same answer. */
export async function invocationLogging(rt: AwsRuntime, scope: Scope): Promise<InvocationLogging> {
  const sdk = await import('@aws-sdk/client-bedrock');
  const client = rt.client(scope, 'bedrock', (c) => new sdk.BedrockClient(c));
  const api = 'GetModelInvocationLoggingConfiguration';
  const got = await rt.call(scope, `bedrock:${api}`, () =>
    client.send(new sdk.GetModelInvocationLoggingConfigurationCommand({})),
  );
  if (!got.ok)
    return {
      facts: unknownFacts(['invocationLogging', 'requestBodyLogging'], api, got.message),
      destinations: [],
    };
  const c = got.value.loggingConfig;
  if (c === undefined || (c.s3Config === undefined && c.cloudWatchConfig === undefined))
    return { facts: { invocationLogging: byDefault(false, `${api}.loggingConfig`) }, destinations: [] };
  const destinations = [
    ...(c.s3Config?.bucketName === undefined
      ? []
      : [{ to: bucketArn(c.s3Config.bucketName), field: 'loggingConfig.s3Config.bucketName' }]),
    ...(c.cloudWatchConfig?.logGroupName === undefined
      ? []
      : [
          {
            to: arn('logs', scope.region, scope.account.id, `log-group:${c.cloudWatchConfig.logGroupName}`),
            field: 'loggingConfig.cloudWatchConfig.logGroupName',
          },
        ]),
  ];
  return {
    facts: {
      invocationLogging: explicit(true, `${api}.loggingConfig`),
      requestBodyLogging:
        c.textDataDeliveryEnabled === undefined
          ? byDefault(true, `${api}.loggingConfig.textDataDeliveryEnabled`)
          : explicit(c.textDataDeliveryEnabled, `${api}.loggingConfig.textDataDeliveryEnabled`),
    },
    destinations,
  };
}

/** The logging facts of a Bedrock-using asset, and its log-to flows. */
export function loggedBy(inv: LiveInventory, id: string, logging: InvocationLogging): Facts {
  for (const d of logging.destinations)
    inv.flow('log-to', id, d.to, fromApi(id, 'GetModelInvocationLoggingConfiguration', d.field));
  return logging.facts;
}

export async function collectBedrock(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  logging: Promise<InvocationLogging>,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-bedrock');
  const client = rt.client(scope, 'bedrock', (c) => new sdk.BedrockClient(c));
  const ctx: Ctx = { rt, inv, scope, client, sdk };
  await Promise.all([guardrails(ctx), customModels(ctx), provisioned(ctx, logging)]);
  rt.progress(`${scope.account.id} ${scope.region}: Bedrock read`);
}

function list<P extends { nextToken?: string | undefined }, T>(
  ctx: Ctx,
  api: string,
  send: (token: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
) {
  return ctx.rt.list(ctx.scope, `bedrock:${api}`, send, (page: P) => ({
    items: items(page),
    next: page.nextToken,
  }));
}

const GUARDRAIL_FACTS = [
  'promptAttackFilter',
  'harmfulContentFilter',
  'sensitiveDataFilter',
  'groundingCheck',
  'customerManagedKey',
] as const;

/** ListGuardrails without an identifier lists the working draft of each guardrail: its facts are the draft's. */
async function guardrails(ctx: Ctx): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListGuardrails',
    (nextToken) => client.send(new sdk.ListGuardrailsCommand({ nextToken, maxResults: 100 })),
    (p) => p.guardrails,
  );
  await Promise.all(
    listed.items.map(async (g) => {
      if (g.id === undefined) return;
      const id = g.arn ?? arn('bedrock', ctx.scope.region, ctx.scope.account.id, `guardrail/${g.id}`);
      const got = await ctx.rt.call(
        ctx.scope,
        'bedrock:GetGuardrail',
        () => client.send(new sdk.GetGuardrailCommand({ guardrailIdentifier: g.id })),
        { resource: id },
      );
      const base = {
        id,
        kind: 'guardrail',
        nativeType: 'AWS::Bedrock::Guardrail',
        name: g.name ?? g.id,
      } as const;
      if (!got.ok) {
        ctx.inv.asset(ctx.scope, {
          ...base,
          facts: unknownFacts(GUARDRAIL_FACTS, 'GetGuardrail', got.message),
        });
        return;
      }
      ctx.inv.asset(ctx.scope, { ...base, facts: guardrailFacts(got.value) });
      const key = keyArn(ctx.scope, got.value.kmsKeyArn);
      if (key !== undefined) ctx.inv.flow('encrypt-with', id, key, fromApi(id, 'GetGuardrail', 'kmsKeyArn'));
    }),
  );
}

type Filter = NonNullable<NonNullable<GetGuardrailCommandOutput['contentPolicy']>['filters']>[number];

const screensInput = (f: Filter): boolean =>
  (f.inputStrength ?? 'NONE') !== 'NONE' && f.inputEnabled !== false && f.inputAction !== 'NONE';
const screensOutput = (f: Filter): boolean =>
  (f.outputStrength ?? 'NONE') !== 'NONE' && f.outputEnabled !== false && f.outputAction !== 'NONE';

export function guardrailFacts(g: GetGuardrailCommandOutput): Facts {
  const filters = g.contentPolicy?.filters ?? [];
  const content = 'GetGuardrail.contentPolicy.filters';
  const prompt = filters.find((f) => f.type === 'PROMPT_ATTACK');
  const unfiltered = HARMFUL_CONTENT.filter((t) => !filters.some((f) => f.type === t && screensOutput(f)));
  const pii = g.sensitiveInformationPolicy;
  return {
    promptAttackFilter:
      prompt === undefined ? byDefault(false, content) : explicit(screensInput(prompt), content),
    harmfulContentFilter:
      g.contentPolicy === undefined
        ? byDefault(false, 'GetGuardrail.contentPolicy')
        : unfiltered.length > 0
          ? explicit(false, `${content} (no output filter for ${unfiltered.join(', ')})`)
          : explicit(true, content),
    sensitiveDataFilter: present(
      (pii?.piiEntities ?? []).length + (pii?.regexes ?? []).length > 0,
      'GetGuardrail.sensitiveInformationPolicy',
    ),
    groundingCheck: present(
      (g.contextualGroundingPolicy?.filters ?? []).length > 0,
      'GetGuardrail.contextualGroundingPolicy.filters',
    ),
    customerManagedKey: explicit((g.kmsKeyArn ?? '') !== '', 'GetGuardrail.kmsKeyArn'),
  };
}

function present(set: boolean, attribute: string): Fact<boolean> {
  return set ? explicit(true, attribute) : byDefault(false, attribute);
}

/**
 * A custom model is the fine-tuning job that made it (kind training-job, as the Terraform mapper has it): its data
 * and key come from GetCustomModel, its role and network from the customization job.
 */
async function customModels(ctx: Ctx): Promise<void> {
  const { client, sdk, rt, scope, inv } = ctx;
  const listed = await list(
    ctx,
    'ListCustomModels',
    (nextToken) => client.send(new sdk.ListCustomModelsCommand({ nextToken, maxResults: 100 })),
    (p) => p.modelSummaries,
  );
  await Promise.all(
    listed.items.map(async (m) => {
      if (m.modelArn === undefined) return;
      const id = m.modelArn;
      const base = {
        id,
        kind: 'training-job',
        nativeType: 'AWS::Bedrock::CustomModel',
        name: m.modelName ?? id,
      } as const;
      const got = await rt.call(
        scope,
        'bedrock:GetCustomModel',
        () => client.send(new sdk.GetCustomModelCommand({ modelIdentifier: id })),
        { resource: id },
      );
      if (!got.ok) {
        inv.asset(scope, {
          ...base,
          facts: unknownFacts(['customerManagedKey', 'privateNetwork'], 'GetCustomModel', got.message),
        });
        return;
      }
      const c = got.value;
      const jobArn = c.jobArn;
      const job =
        jobArn === undefined
          ? undefined
          : await rt.call(
              scope,
              'bedrock:GetModelCustomizationJob',
              () => client.send(new sdk.GetModelCustomizationJobCommand({ jobIdentifier: jobArn })),
              { resource: jobArn },
            );
      const subnets = job?.ok === true ? (job.value.vpcConfig?.subnetIds ?? []) : [];
      inv.asset(scope, {
        ...base,
        facts: {
          customerManagedKey: explicit((c.modelKmsKeyArn ?? '') !== '', 'GetCustomModel.modelKmsKeyArn'),
          privateNetwork:
            job === undefined
              ? unknown('GetModelCustomizationJob', 'the custom model names no customization job')
              : job.ok
                ? explicit(subnets.length > 0, 'GetModelCustomizationJob.vpcConfig.subnetIds')
                : unknown('GetModelCustomizationJob', job.message),
        },
      });
      const key = keyArn(scope, c.modelKmsKeyArn);
      if (key !== undefined)
        inv.flow('encrypt-with', id, key, fromApi(id, 'GetCustomModel', 'modelKmsKeyArn'));
      const toBucket = (kind: 'train-on' | 'produce-artifact', uri: string | undefined, field: string) => {
        const b = bucketOfUri(uri);
        if (b !== undefined) inv.flow(kind, id, bucketArn(b), fromApi(id, 'GetCustomModel', field));
      };
      toBucket('train-on', c.trainingDataConfig?.s3Uri, 'trainingDataConfig.s3Uri');
      for (const v of c.validationDataConfig?.validators ?? [])
        toBucket('train-on', v.s3Uri, 'validationDataConfig.validators.s3Uri');
      toBucket('produce-artifact', c.outputDataConfig?.s3Uri, 'outputDataConfig.s3Uri');
      if (job?.ok === true && (job.value.roleArn ?? '') !== '')
        inv.flow(
          'assume-identity',
          id,
          job.value.roleArn as string,
          fromApi(id, 'GetModelCustomizationJob', 'roleArn'),
        );
    }),
  );
}

/**
 * Provisioned throughput serves a custom or foundation model on dedicated capacity, called with SigV4 like any
 * Bedrock invocation: an inference endpoint that deploys its model.
 */
async function provisioned(ctx: Ctx, logging: Promise<InvocationLogging>): Promise<void> {
  const { client, sdk } = ctx;
  const listed = await list(
    ctx,
    'ListProvisionedModelThroughputs',
    (nextToken) =>
      client.send(new sdk.ListProvisionedModelThroughputsCommand({ nextToken, maxResults: 100 })),
    (p) => p.provisionedModelSummaries,
  );
  const logs = await logging;
  for (const p of listed.items) {
    if (p.provisionedModelArn === undefined) continue;
    const id = p.provisionedModelArn;
    const signed = 'bedrock-runtime InvokeModel (SigV4)';
    ctx.inv.asset(ctx.scope, {
      id,
      kind: 'inference-endpoint',
      nativeType: 'AWS::Bedrock::ProvisionedModelThroughput',
      name: p.provisionedModelName ?? id,
      facts: {
        requiresAuthentication: explicit(true, signed),
        authMethod: explicit('IAM', signed),
        ...loggedBy(ctx.inv, id, logs),
      },
    });
    if (p.modelArn !== undefined)
      ctx.inv.flow('deploy', id, p.modelArn, fromApi(id, 'ListProvisionedModelThroughputs', 'modelArn'));
  }
}

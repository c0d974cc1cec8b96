import type { BedrockAgentClient, GetAgentCommandOutput } from '@aws-sdk/client-bedrock-agent';
import { byDefault, everyFact, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { CROSS_REGION_PROFILE, foundationModelId, UNTRUSTED } from '../../terraform/aws/bedrock.js';
import { arn, fromApi, unknownFacts } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import { loggedBy, type InvocationLogging } from './bedrock.js';
import { keyArn } from './sagemaker.js';

/**
 * Bedrock agents with their action groups and knowledge bases, and knowledge bases with their data sources, with
 * the facts and flows of the Terraform Bedrock mapper. An agent's tools and knowledge bases are those of its
 * working draft (DRAFT), the version the console and Terraform edit.
 */

type Sdk = typeof import('@aws-sdk/client-bedrock-agent');

interface Ctx {
  readonly rt: AwsRuntime;
  readonly inv: LiveInventory;
  readonly scope: Scope;
  readonly client: BedrockAgentClient;
  readonly sdk: Sdk;
  readonly logging: InvocationLogging;
}

const DRAFT = 'DRAFT';

export async function collectBedrockAgents(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  logging: Promise<InvocationLogging>,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-bedrock-agent');
  const client = rt.client(scope, 'bedrock-agent', (c) => new sdk.BedrockAgentClient(c));
  const ctx: Ctx = { rt, inv, scope, client, sdk, logging: await logging };
  await Promise.all([agents(ctx), knowledgeBases(ctx)]);
  rt.progress(`${scope.account.id} ${scope.region}: Bedrock agents read`);
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

const own = (ctx: Ctx, resource: string) => arn('bedrock', ctx.scope.region, ctx.scope.account.id, resource);

const AGENT_FACTS = ['guardrailAttached', 'inputScreening', 'memoryEnabled', 'customerManagedKey'] as const;

async function agents(ctx: Ctx): Promise<void> {
  const { client, sdk, inv, scope } = ctx;
  const listed = await list(
    ctx,
    'ListAgents',
    (nextToken) => client.send(new sdk.ListAgentsCommand({ nextToken, maxResults: 100 })),
    (p) => p.agentSummaries,
  );
  await Promise.all(
    listed.items.map(async (s) => {
      if (s.agentId === undefined) return;
      const agentId = s.agentId;
      const fallback = own(ctx, `agent/${agentId}`);
      const got = await ctx.rt.call(
        scope,
        'bedrock:GetAgent',
        () => client.send(new sdk.GetAgentCommand({ agentId })),
        { resource: fallback },
      );
      const a = got.ok ? got.value.agent : undefined;
      const id = a?.agentArn ?? fallback;
      const logs = loggedBy(inv, id, ctx.logging);
      const base = {
        id,
        kind: 'agent',
        nativeType: 'AWS::Bedrock::Agent',
        name: s.agentName ?? agentId,
      } as const;
      if (!got.ok || a === undefined) {
        const why = got.ok ? 'GetAgent returned no agent' : got.message;
        inv.asset(scope, { ...base, facts: { ...unknownFacts(AGENT_FACTS, 'GetAgent', why), ...logs } });
      } else {
        inv.asset(scope, { ...base, facts: { ...agentFacts(a), ...logs } });
        if ((a.agentResourceRoleArn ?? '') !== '')
          inv.flow(
            'assume-identity',
            id,
            a.agentResourceRoleArn as string,
            fromApi(id, 'GetAgent', 'agent.agentResourceRoleArn'),
          );
        const key = keyArn(scope, a.customerEncryptionKeyArn);
        if (key !== undefined)
          inv.flow('encrypt-with', id, key, fromApi(id, 'GetAgent', 'agent.customerEncryptionKeyArn'));
        if ((a.foundationModel ?? '') !== '') foundationModel(ctx, id, a);
      }
      await Promise.all([actionGroups(ctx, agentId, id), agentKnowledgeBases(ctx, agentId, id)]);
    }),
  );
}

type Agent = NonNullable<GetAgentCommandOutput['agent']>;

function agentFacts(a: Agent): Facts {
  const guardrail = a.guardrailConfiguration;
  const attached = (guardrail?.guardrailIdentifier ?? '') !== '';
  const version = guardrail?.guardrailVersion;
  const pre = a.promptOverrideConfiguration?.promptConfigurations?.find(
    (p) => p.promptType === 'PRE_PROCESSING',
  );
  const memory = a.memoryConfiguration?.enabledMemoryTypes ?? [];
  const memoryAt = 'GetAgent.agent.memoryConfiguration.enabledMemoryTypes';
  return {
    guardrailAttached: attached
      ? explicit(true, 'GetAgent.agent.guardrailConfiguration.guardrailIdentifier')
      : byDefault(false, 'GetAgent.agent.guardrailConfiguration'),
    ...(attached
      ? {
          guardrailDraft:
            version === undefined
              ? unknown('GetAgent.agent.guardrailConfiguration.guardrailVersion', 'not returned')
              : explicit(version === DRAFT, 'GetAgent.agent.guardrailConfiguration.guardrailVersion'),
        }
      : {}),
    inputScreening:
      pre?.promptState === undefined
        ? unknown(
            'GetAgent.agent.promptOverrideConfiguration',
            'pre-processing state not returned; the Bedrock default state is not documented',
          )
        : explicit(pre.promptState === 'ENABLED', 'GetAgent.agent.promptOverrideConfiguration.promptState'),
    memoryEnabled: memory.length > 0 ? explicit(true, memoryAt) : byDefault(false, memoryAt),
    customerManagedKey: explicit(
      (a.customerEncryptionKeyArn ?? '') !== '',
      'GetAgent.agent.customerEncryptionKeyArn',
    ),
  };
}

/** The foundation model an agent invokes: provider-managed, one asset per agent as the Terraform mapper has it. */
function foundationModel(ctx: Ctx, agent: string, a: Agent): void {
  const model = a.foundationModel ?? '';
  const at = 'GetAgent.agent.foundationModel';
  const crossRegion: Fact<boolean> = model.includes(':application-inference-profile/')
    ? unknown(at, 'an application inference profile; its source profile is not read')
    : explicit(CROSS_REGION_PROFILE.test(model), at);
  const guardrail = (a.guardrailConfiguration?.guardrailIdentifier ?? '') !== '';
  const fm = foundationModelId(agent);
  ctx.inv.asset(ctx.scope, {
    id: fm,
    kind: 'foundation-model-service',
    nativeType: 'AWS::Bedrock::FoundationModel',
    name: model,
    facts: {
      providerManaged: explicit(true, at),
      guardrailAttached: guardrail
        ? explicit(true, 'GetAgent.agent.guardrailConfiguration.guardrailIdentifier')
        : byDefault(false, 'GetAgent.agent.guardrailConfiguration'),
      ...loggedBy(ctx.inv, fm, ctx.logging),
      crossRegionProcessing: crossRegion,
    },
  });
  ctx.inv.flow('invoke', agent, fm, fromApi(agent, 'GetAgent', 'agent.foundationModel'));
}

/** `arn:…:function:name:qualifier` → the function's unqualified ARN, the id of its asset. */
function functionArn(uri: string): string {
  return /^(arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:]+)/.exec(uri)?.[1] ?? uri;
}

async function actionGroups(ctx: Ctx, agentId: string, agent: string): Promise<void> {
  const { client, sdk, inv, scope } = ctx;
  const listed = await list(
    ctx,
    'ListAgentActionGroups',
    (nextToken) =>
      client.send(
        new sdk.ListAgentActionGroupsCommand({ agentId, agentVersion: DRAFT, nextToken, maxResults: 100 }),
      ),
    (p) => p.actionGroupSummaries,
  );
  await Promise.all(
    listed.items.map(async (g) => {
      if (g.actionGroupId === undefined) return;
      const actionGroupId = g.actionGroupId;
      const id = `${agent}#action-group/${actionGroupId}`;
      inv.asset(scope, {
        id,
        kind: 'agent-tool',
        nativeType: 'AWS::Bedrock::AgentActionGroup',
        name: g.actionGroupName ?? actionGroupId,
      });
      inv.flow('invoke', agent, id, fromApi(agent, 'ListAgentActionGroups', 'actionGroupSummaries'));
      const got = await ctx.rt.call(
        scope,
        'bedrock:GetAgentActionGroup',
        () =>
          client.send(new sdk.GetAgentActionGroupCommand({ agentId, agentVersion: DRAFT, actionGroupId })),
        { resource: id },
      );
      if (!got.ok) return;
      const t = got.value.agentActionGroup;
      const lambda = t?.actionGroupExecutor?.lambda;
      if (lambda !== undefined && lambda !== '')
        inv.flow(
          'invoke',
          id,
          functionArn(lambda),
          fromApi(id, 'GetAgentActionGroup', 'actionGroupExecutor.lambda'),
        );
      // An OpenAPI schema in S3 defines the tool's operations; the agent takes it up when it is next prepared.
      const bucket = t?.apiSchema?.s3?.s3BucketName;
      if (bucket !== undefined && bucket !== '')
        inv.flow(
          'load-code',
          id,
          `arn:aws:s3:::${bucket}`,
          fromApi(id, 'GetAgentActionGroup', 'apiSchema.s3.s3BucketName'),
        );
    }),
  );
}

async function agentKnowledgeBases(ctx: Ctx, agentId: string, agent: string): Promise<void> {
  const listed = await list(
    ctx,
    'ListAgentKnowledgeBases',
    (nextToken) =>
      ctx.client.send(
        new ctx.sdk.ListAgentKnowledgeBasesCommand({
          agentId,
          agentVersion: DRAFT,
          nextToken,
          maxResults: 100,
        }),
      ),
    (p) => p.agentKnowledgeBaseSummaries,
  );
  for (const kb of listed.items)
    if (kb.knowledgeBaseId !== undefined)
      ctx.inv.flow(
        'retrieve-from',
        agent,
        own(ctx, `knowledge-base/${kb.knowledgeBaseId}`),
        fromApi(agent, 'ListAgentKnowledgeBases', 'knowledgeBaseId'),
      );
}

/** The ARN fields of each vector store type: where a knowledge base retrieves from. */
const VECTOR_STORES = [
  ['opensearchServerlessConfiguration', 'collectionArn'],
  ['opensearchManagedClusterConfiguration', 'domainArn'],
  ['rdsConfiguration', 'resourceArn'],
  ['neptuneAnalyticsConfiguration', 'graphArn'],
  ['s3VectorsConfiguration', 'indexArn'],
] as const;

async function knowledgeBases(ctx: Ctx): Promise<void> {
  const { client, sdk, inv, scope } = ctx;
  const listed = await list(
    ctx,
    'ListKnowledgeBases',
    (nextToken) => client.send(new sdk.ListKnowledgeBasesCommand({ nextToken, maxResults: 100 })),
    (p) => p.knowledgeBaseSummaries,
  );
  await Promise.all(
    listed.items.map(async (s) => {
      if (s.knowledgeBaseId === undefined) return;
      const knowledgeBaseId = s.knowledgeBaseId;
      const id = own(ctx, `knowledge-base/${knowledgeBaseId}`);
      const [got, sources] = await Promise.all([
        ctx.rt.call(
          scope,
          'bedrock:GetKnowledgeBase',
          () => client.send(new sdk.GetKnowledgeBaseCommand({ knowledgeBaseId })),
          { resource: id },
        ),
        dataSources(ctx, knowledgeBaseId, id),
      ]);
      const kb = got.ok ? got.value.knowledgeBase : undefined;
      if (kb?.roleArn !== undefined && kb.roleArn !== '')
        inv.flow('assume-identity', id, kb.roleArn, fromApi(id, 'GetKnowledgeBase', 'knowledgeBase.roleArn'));
      const store = kb?.storageConfiguration as
        Record<string, Record<string, unknown> | undefined> | undefined;
      for (const [config, field] of VECTOR_STORES) {
        const to = store?.[config]?.[field];
        if (typeof to === 'string' && to.startsWith('arn:'))
          inv.flow(
            'retrieve-from',
            id,
            to,
            fromApi(id, 'GetKnowledgeBase', `knowledgeBase.storageConfiguration.${config}.${field}`),
          );
      }
      inv.asset(scope, {
        id,
        kind: 'knowledge-base',
        nativeType: 'AWS::Bedrock::KnowledgeBase',
        name: s.name ?? knowledgeBaseId,
        facts: {
          ...sources,
          ...loggedBy(inv, id, ctx.logging),
          accessLogging: unknown('logs:DescribeDeliveries', 'not read by the live AWS collector yet'),
        },
      });
    }),
  );
}

/**
 * The facts a knowledge base takes from its data sources: untrustedSource when any ingests from outside (OR),
 * customerManagedKey and deletionLifecycle when every one has them (AND); a data source that could not be read
 * makes them unknown.
 */
async function dataSources(ctx: Ctx, knowledgeBaseId: string, kb: string): Promise<Facts> {
  const { client, sdk, inv, scope } = ctx;
  const listed = await list(
    ctx,
    'ListDataSources',
    (nextToken) =>
      client.send(new sdk.ListDataSourcesCommand({ knowledgeBaseId, nextToken, maxResults: 100 })),
    (p) => p.dataSourceSummaries,
  );
  const read = await Promise.all(
    listed.items.flatMap((d) => {
      if (d.dataSourceId === undefined) return [];
      const dataSourceId = d.dataSourceId;
      return [
        ctx.rt.call(
          scope,
          'bedrock:GetDataSource',
          () => client.send(new sdk.GetDataSourceCommand({ knowledgeBaseId, dataSourceId })),
          { resource: `${kb}/data-source/${dataSourceId}` },
        ),
      ];
    }),
  );
  const untrusted: Fact<boolean>[] = [];
  const keys: Fact<boolean>[] = [];
  const deletion: Fact<boolean>[] = [];
  if (listed.incomplete !== undefined) {
    for (const list of [untrusted, keys, deletion])
      list.push(unknown('ListDataSources', listed.incomplete.message));
  }
  for (const got of read) {
    if (!got.ok) {
      for (const list of [untrusted, keys, deletion]) list.push(unknown('GetDataSource', got.message));
      continue;
    }
    const d = got.value.dataSource;
    const name = d?.dataSourceId ?? '';
    const type = d?.dataSourceConfiguration?.type ?? '';
    untrusted.push(explicit(UNTRUSTED.includes(type), `GetDataSource(${name}).dataSourceConfiguration.type`));
    keys.push(
      explicit(
        (d?.serverSideEncryptionConfiguration?.kmsKeyArn ?? '') !== '',
        `GetDataSource(${name}).serverSideEncryptionConfiguration.kmsKeyArn`,
      ),
    );
    const policy = d?.dataDeletionPolicy;
    const at = `GetDataSource(${name}).dataDeletionPolicy`;
    deletion.push(policy === undefined ? byDefault(true, at) : explicit(policy === 'DELETE', at));
    const bucket = d?.dataSourceConfiguration?.s3Configuration?.bucketArn;
    if (bucket !== undefined && bucket !== '')
      inv.flow(
        'retrieve-from',
        kb,
        bucket,
        fromApi(kb, 'GetDataSource', 'dataSourceConfiguration.s3Configuration.bucketArn'),
      );
  }
  if (untrusted.length === 0)
    return {
      untrustedSource: byDefault(false, 'ListDataSources'),
      customerManagedKey: byDefault(false, 'ListDataSources'),
    };
  return {
    untrustedSource:
      untrusted.find((f) => f.state !== 'unknown' && f.value) ??
      untrusted.find((f) => f.state === 'unknown') ??
      explicit(false, 'GetDataSource.dataSourceConfiguration.type'),
    customerManagedKey: everyFact(keys, byDefault(false, 'ListDataSources')),
    deletionLifecycle: everyFact(deletion, byDefault(true, 'ListDataSources')),
  };
}

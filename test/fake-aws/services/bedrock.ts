import { Failure, jsonReply, listReply, type Call, type FakeContext, type FakeService } from '../protocol.js';

/**
 * Bedrock (control plane) and Bedrock Agents: both REST-JSON, both signed `bedrock`; serviceOf tells them apart by
 * path. Lists page with `nextToken`: in the query for Bedrock, in the JSON body for Bedrock Agents.
 */

const NOT_FOUND = new Failure(404, 'ResourceNotFoundException');
type Item = Record<string, unknown>;

const seg = (call: Call, i: number): string => decodeURIComponent(call.path.split('/')[i] ?? '');

function pick(o: Item | undefined, keys: readonly string[]): Item {
  return Object.fromEntries(keys.filter((k) => o !== undefined && k in o).map((k) => [k, o?.[k]]));
}

function find(items: readonly Item[] | undefined, key: string, value: string): Item {
  const hit = (items ?? []).find((i) => i[key] === value || i['arn'] === value || i['modelArn'] === value);
  if (hit === undefined) throw NOT_FOUND;
  return hit;
}

export const bedrock: FakeService = {
  protocol: 'rest-json',
  operation(req) {
    const path = req.url.pathname;
    if (path === '/logging/modelinvocations') return 'GetModelInvocationLoggingConfiguration';
    if (path === '/guardrails') return 'ListGuardrails';
    if (/^\/guardrails\/[^/]+$/.test(path)) return 'GetGuardrail';
    if (path === '/custom-models') return 'ListCustomModels';
    if (/^\/custom-models\/.+$/.test(path)) return 'GetCustomModel';
    if (/^\/model-customization-jobs\/.+$/.test(path)) return 'GetModelCustomizationJob';
    if (path === '/provisioned-model-throughputs') return 'ListProvisionedModelThroughputs';
    return `${req.method} ${path}`;
  },
  answer(ctx, call) {
    const b = ctx.account(call).regions?.[call.region]?.bedrock ?? {};
    const token = call.query.get('nextToken') ?? undefined;
    switch (call.operation) {
      case 'GetModelInvocationLoggingConfiguration':
        return jsonReply(b.logging === undefined ? {} : { loggingConfig: b.logging });
      case 'ListGuardrails': {
        // Without an identifier, the working draft of each guardrail; with one, all its versions.
        const id = call.query.get('guardrailIdentifier');
        const all = b.guardrails ?? [];
        const items =
          id === null
            ? all.filter((g) => g['version'] === 'DRAFT')
            : all.filter((g) => g['guardrailId'] === id);
        return listReply(ctx.page(call, items, token), 'guardrails', 'nextToken', (g) => ({
          id: g['guardrailId'],
          arn: g['guardrailArn'],
          name: g['name'],
          status: g['status'],
          version: g['version'],
          createdAt: g['createdAt'],
          updatedAt: g['updatedAt'],
        }));
      }
      case 'GetGuardrail': {
        const id = seg(call, 2);
        const version = call.query.get('guardrailVersion') ?? 'DRAFT';
        const hit = (b.guardrails ?? []).find(
          (g) => (g['guardrailId'] === id || g['guardrailArn'] === id) && g['version'] === version,
        );
        if (hit === undefined) throw NOT_FOUND;
        return jsonReply(hit);
      }
      case 'ListCustomModels':
        return listReply(ctx.page(call, b.customModels ?? [], token), 'modelSummaries', 'nextToken', (m) =>
          pick(m, ['modelArn', 'modelName', 'creationTime', 'baseModelArn', 'customizationType']),
        );
      case 'GetCustomModel':
        return jsonReply(
          find(b.customModels, 'modelName', decodeURIComponent(call.path.slice('/custom-models/'.length))),
        );
      case 'GetModelCustomizationJob': {
        const job = decodeURIComponent(call.path.slice('/model-customization-jobs/'.length));
        const hit = (b.customizationJobs ?? []).find((j) => j['jobArn'] === job || j['jobName'] === job);
        if (hit === undefined) throw NOT_FOUND;
        return jsonReply(hit);
      }
      case 'ListProvisionedModelThroughputs':
        return listReply(
          ctx.page(call, b.provisioned ?? [], token),
          'provisionedModelSummaries',
          'nextToken',
        );
      default:
        throw new Failure(400, 'ValidationException');
    }
  },
};

function agentOf(ctx: FakeContext, call: Call) {
  const agents = ctx.account(call).regions?.[call.region]?.bedrockAgent?.agents ?? [];
  const hit = agents.find((a) => a.agent['agentId'] === seg(call, 2));
  if (hit === undefined) throw NOT_FOUND;
  return hit;
}

function knowledgeBaseOf(ctx: FakeContext, call: Call) {
  const kbs = ctx.account(call).regions?.[call.region]?.bedrockAgent?.knowledgeBases ?? [];
  const hit = kbs.find((k) => k.knowledgeBase['knowledgeBaseId'] === seg(call, 2));
  if (hit === undefined) throw NOT_FOUND;
  return hit;
}

export const bedrockAgent: FakeService = {
  protocol: 'rest-json',
  operation(req) {
    const p = req.url.pathname;
    const post = req.method === 'POST';
    if (p === '/agents/' && post) return 'ListAgents';
    if (/^\/agents\/[^/]+\/$/.test(p)) return 'GetAgent';
    if (/^\/agents\/[^/]+\/agentversions\/[^/]+\/actiongroups\/$/.test(p) && post)
      return 'ListAgentActionGroups';
    if (/^\/agents\/[^/]+\/agentversions\/[^/]+\/actiongroups\/[^/]+\/$/.test(p))
      return 'GetAgentActionGroup';
    if (/^\/agents\/[^/]+\/agentversions\/[^/]+\/knowledgebases\/$/.test(p) && post)
      return 'ListAgentKnowledgeBases';
    if (p === '/knowledgebases/' && post) return 'ListKnowledgeBases';
    if (/^\/knowledgebases\/[^/]+$/.test(p)) return 'GetKnowledgeBase';
    if (/^\/knowledgebases\/[^/]+\/datasources\/$/.test(p) && post) return 'ListDataSources';
    if (/^\/knowledgebases\/[^/]+\/datasources\/[^/]+$/.test(p)) return 'GetDataSource';
    return `${req.method} ${p}`;
  },
  answer(ctx, call) {
    const ba = ctx.account(call).regions?.[call.region]?.bedrockAgent ?? {};
    const token = typeof call.json['nextToken'] === 'string' ? call.json['nextToken'] : undefined;
    switch (call.operation) {
      case 'ListAgents':
        return listReply(ctx.page(call, ba.agents ?? [], token), 'agentSummaries', 'nextToken', (a) =>
          pick(a.agent, ['agentId', 'agentName', 'agentStatus', 'latestAgentVersion', 'updatedAt']),
        );
      case 'GetAgent':
        return jsonReply({ agent: agentOf(ctx, call).agent });
      case 'ListAgentActionGroups':
        return listReply(
          ctx.page(call, agentOf(ctx, call).actionGroups ?? [], token),
          'actionGroupSummaries',
          'nextToken',
          (g) => pick(g, ['actionGroupId', 'actionGroupName', 'actionGroupState', 'updatedAt']),
        );
      case 'GetAgentActionGroup': {
        const hit = (agentOf(ctx, call).actionGroups ?? []).find((g) => g['actionGroupId'] === seg(call, 6));
        if (hit === undefined) throw NOT_FOUND;
        return jsonReply({ agentActionGroup: hit });
      }
      case 'ListAgentKnowledgeBases':
        return listReply(
          ctx.page(call, agentOf(ctx, call).knowledgeBases ?? [], token),
          'agentKnowledgeBaseSummaries',
          'nextToken',
        );
      case 'ListKnowledgeBases':
        return listReply(
          ctx.page(call, ba.knowledgeBases ?? [], token),
          'knowledgeBaseSummaries',
          'nextToken',
          (k) => pick(k.knowledgeBase, ['knowledgeBaseId', 'name', 'status', 'updatedAt']),
        );
      case 'GetKnowledgeBase':
        return jsonReply({ knowledgeBase: knowledgeBaseOf(ctx, call).knowledgeBase });
      case 'ListDataSources':
        return listReply(
          ctx.page(call, knowledgeBaseOf(ctx, call).dataSources ?? [], token),
          'dataSourceSummaries',
          'nextToken',
          (d) => pick(d, ['knowledgeBaseId', 'dataSourceId', 'name', 'status', 'updatedAt']),
        );
      case 'GetDataSource': {
        const hit = (knowledgeBaseOf(ctx, call).dataSources ?? []).find(
          (d) => d['dataSourceId'] === seg(call, 4),
        );
        if (hit === undefined) throw NOT_FOUND;
        return jsonReply({ dataSource: hit });
      }
      default:
        throw new Failure(400, 'ValidationException');
    }
  },
};

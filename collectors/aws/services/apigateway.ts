import type { APIGatewayClient, Method, RestApi, Stage } from '@aws-sdk/client-api-gateway';
import { byDefault, everyFact, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { foundationModelId } from '../../terraform/aws/bedrock.js';
import { arn, fromApi, unknownFacts } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { Listing } from '../paginate.js';
import type { AwsRuntime, CallResult, Scope } from '../runtime.js';
import { loggedBy, type InvocationLogging } from './bedrock.js';

/**
 * API Gateway REST APIs with the facts and flows of the Terraform API Gateway mapper: methods (read with their
 * integrations through `embed=methods`), authorizers, request validators, stages and usage plans are aggregated
 * onto the API, and each integration becomes an `invoke` flow to its target, authenticated as its method is.
 * HTTP APIs are in apigatewayv2.ts.
 */

type Sdk = typeof import('@aws-sdk/client-api-gateway');

interface Ctx {
  readonly rt: AwsRuntime;
  readonly inv: LiveInventory;
  readonly scope: Scope;
  readonly client: APIGatewayClient;
  readonly sdk: Sdk;
  readonly logging: Promise<InvocationLogging>;
}

export const AUTH_METHOD: Readonly<Record<string, string>> = {
  NONE: 'NONE',
  AWS_IAM: 'IAM',
  CUSTOM: 'CUSTOM',
  COGNITO_USER_POOLS: 'COGNITO',
  JWT: 'JWT',
};

/** HTTP methods whose requests carry a body (the prompt, for a model-backed API). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

export function restApiArn(region: string, id: string): string {
  return `arn:aws:apigateway:${region}::/restapis/${id}`;
}

export async function collectApiGateway(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  logging: Promise<InvocationLogging>,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-api-gateway');
  const client = rt.client(scope, 'apigateway', (c) => new sdk.APIGatewayClient(c));
  const ctx: Ctx = { rt, inv, scope, client, sdk, logging };
  const [apis, plans] = await Promise.all([
    list(ctx, 'GetRestApis', (position) => client.send(new sdk.GetRestApisCommand({ position, limit: 500 }))),
    list(ctx, 'GetUsagePlans', (position) =>
      client.send(new sdk.GetUsagePlansCommand({ position, limit: 500 })),
    ),
  ]);
  const throttledByPlan = (apiId: string): Fact<boolean> | undefined => {
    const plan = plans.items.find(
      (p) =>
        (p.apiStages ?? []).some((s) => s.apiId === apiId) &&
        (p.throttle !== undefined || p.quota !== undefined),
    );
    if (plan !== undefined) return explicit(true, `GetUsagePlans(${plan.id ?? ''}).throttle`);
    return plans.incomplete === undefined ? undefined : unknown('GetUsagePlans', plans.incomplete.message);
  };
  await Promise.all(
    apis.items.flatMap((a) => (a.id === undefined ? [] : [restApi(ctx, a, throttledByPlan(a.id))])),
  );
  rt.progress(`${scope.account.id} ${scope.region}: API Gateway read`);
}

function list<T>(
  ctx: Ctx,
  api: string,
  send: (position: string | undefined) => Promise<{ items?: T[] | undefined; position?: string | undefined }>,
  resource?: string,
): Promise<Listing<T>> {
  return ctx.rt.list(
    ctx.scope,
    `apigateway:${api}`,
    send,
    (page) => ({ items: page.items, next: page.position }),
    resource,
  );
}

/** Whether a method or route requires callers to authenticate (authorization other than NONE, or an API key). */
export function callerAuth(
  authorization: string | undefined,
  apiKeyRequired: boolean | undefined,
  at: string,
): Fact<boolean> {
  if ((authorization ?? 'NONE') !== 'NONE') return explicit(true, `${at}.authorizationType`);
  if (apiKeyRequired === true) return explicit(true, `${at}.apiKeyRequired`);
  return explicit(false, `${at}.authorizationType`);
}

/** Three-valued AND over the callers of an API: false if one is open, unknown if one is unknown. */
export function allAuthenticated(facts: readonly Fact<boolean>[], none: string): Fact<boolean> {
  if (facts.length === 0) return unknown(none, 'the API has no method or route');
  return everyFact(facts, explicit(true, none));
}

export function authMethods(types: readonly (string | undefined)[], at: string): Fact<string> {
  const kinds = [...new Set(types.map((t) => AUTH_METHOD[t ?? 'NONE'] ?? t ?? 'NONE'))].sort();
  return kinds.length === 0 ? unknown(at, 'the API has no method or route') : explicit(kinds.join(','), at);
}

/** Throttling from a positive rate or burst limit. */
export function limited(s: {
  throttlingBurstLimit?: number | undefined;
  throttlingRateLimit?: number | undefined;
}): boolean {
  return (s.throttlingBurstLimit ?? -1) > 0 || (s.throttlingRateLimit ?? -1) > 0;
}

/** `invoke` flows from the API to what an integration URI names: a SageMaker endpoint, a Lambda function, Bedrock. */
export async function invokeTargets(
  inv: LiveInventory,
  scope: Scope,
  api: string,
  uri: string,
  via: string,
  authenticated: Fact<boolean>,
  logging: Promise<InvocationLogging>,
  evidence: (field: string) => ReturnType<typeof fromApi>,
): Promise<void> {
  const endpoint = /runtime\.sagemaker:path\/+endpoints\/([^/]+)\/invocations/.exec(uri)?.[1];
  if (endpoint !== undefined)
    inv.flow(
      'invoke',
      api,
      arn(
        'sagemaker',
        scope.region,
        scope.account.id,
        `endpoint/${decodeURIComponent(endpoint).toLowerCase()}`,
      ),
      evidence('uri'),
      { authenticated },
    );
  const fn =
    /:lambda:path\/[^/]+\/functions\/(arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:/]+)(?::[^/]+)?\/invocations/.exec(
      uri,
    )?.[1] ?? /^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:/]+/.exec(uri)?.[0];
  if (fn !== undefined) inv.flow('invoke', api, fn, evidence('uri'), { authenticated });
  if (/:bedrock(-runtime)?:path\//.test(uri)) {
    const model = /:path\/model\/([^/]+)\//.exec(uri)?.[1] ?? 'foundation model';
    const fm = foundationModelId(via);
    inv.asset(scope, {
      id: fm,
      kind: 'foundation-model-service',
      nativeType: 'AWS::Bedrock::FoundationModel',
      name: decodeURIComponent(model),
      facts: { providerManaged: explicit(true, 'integration uri'), ...loggedBy(inv, fm, await logging) },
    });
    inv.flow('invoke', api, fm, evidence('uri'), { authenticated });
  }
}

async function restApi(ctx: Ctx, a: RestApi, plan: Fact<boolean> | undefined): Promise<void> {
  const { client, sdk, inv, scope } = ctx;
  const restApiId = a.id as string;
  const id = restApiArn(scope.region, restApiId);
  const [resources, authorizers, validators, stages] = await Promise.all([
    list(
      ctx,
      'GetResources',
      (position) =>
        client.send(new sdk.GetResourcesCommand({ restApiId, embed: ['methods'], position, limit: 500 })),
      id,
    ),
    list(
      ctx,
      'GetAuthorizers',
      (position) => client.send(new sdk.GetAuthorizersCommand({ restApiId, position, limit: 500 })),
      id,
    ),
    list(
      ctx,
      'GetRequestValidators',
      (position) => client.send(new sdk.GetRequestValidatorsCommand({ restApiId, position, limit: 500 })),
      id,
    ),
    ctx.rt.call(scope, 'apigateway:GetStages', () => client.send(new sdk.GetStagesCommand({ restApiId })), {
      resource: id,
    }),
  ]);
  const methods = resources.items.flatMap((r) =>
    Object.values(r.resourceMethods ?? {}).map((m) => ({ resource: r.id ?? '', path: r.path ?? '', m })),
  );
  // Integrations come embedded; a method without one is asked for it.
  const integrated = await Promise.all(
    methods.map(async (x) => {
      if (x.m.methodIntegration !== undefined || x.m.httpMethod === undefined)
        return { ...x, i: x.m.methodIntegration };
      const got = await ctx.rt.call(
        scope,
        'apigateway:GetIntegration',
        () =>
          client.send(
            new sdk.GetIntegrationCommand({ restApiId, resourceId: x.resource, httpMethod: x.m.httpMethod }),
          ),
        {
          resource: `${id}/resources/${x.resource}/methods/${x.m.httpMethod}`,
          absent: ['NotFoundException'],
        },
      );
      return { ...x, i: got.ok ? got.value : undefined };
    }),
  );
  const at = (x: { path: string; m: Method }) =>
    `GetResources(${x.m.httpMethod ?? ''} ${x.path}).resourceMethods`;
  const callers = integrated.some((x) => x.i !== undefined)
    ? integrated.filter((x) => x.i !== undefined)
    : integrated;
  const types = a.endpointConfiguration?.types ?? [];
  const methodsKnown = resources.incomplete === undefined;
  const facts: Facts = {
    encryptedInTransit: byDefault(true, 'GetRestApis.endpointConfiguration'),
    internetReachable:
      types.length === 0
        ? byDefault(true, 'GetRestApis.endpointConfiguration.types')
        : explicit(!types.includes('PRIVATE'), 'GetRestApis.endpointConfiguration.types'),
    requiresAuthentication: methodsKnown
      ? allAuthenticated(
          callers.map((x) => callerAuth(x.m.authorizationType, x.m.apiKeyRequired, at(x))),
          'GetResources.resourceMethods',
        )
      : unknown('GetResources', resources.incomplete.message),
    authMethod: methodsKnown
      ? authMethods(
          callers.map((x) => x.m.authorizationType),
          'GetResources.resourceMethods.authorizationType',
        )
      : unknown('GetResources', resources.incomplete.message),
    ...stageFacts(stages, plan),
  };
  const forwarding = integrated.filter(
    (x) => x.i !== undefined && x.i.type !== 'MOCK' && BODY_METHODS.has(x.m.httpMethod ?? ''),
  );
  if (!methodsKnown) facts.requestValidation = unknown('GetResources', resources.incomplete.message);
  else if (forwarding.length > 0)
    facts.requestValidation =
      validators.incomplete !== undefined
        ? unknown('GetRequestValidators', validators.incomplete.message)
        : everyFact(
            forwarding.map((x) => bodyValidation(x.m, validators.items, at(x))),
            byDefault(false, 'GetResources.resourceMethods.requestValidatorId'),
          );
  inv.asset(scope, {
    id,
    kind: 'api-gateway',
    nativeType: 'AWS::ApiGateway::RestApi',
    name: a.name ?? restApiId,
    ...(a.tags === undefined ? {} : { tags: a.tags }),
    facts,
  });
  for (const x of integrated) {
    const uri = x.i?.uri;
    const evidence = (field: string) =>
      fromApi(id, 'GetResources', `resourceMethods.methodIntegration.${field}`);
    const method = `${id}/resources/${x.resource}/methods/${x.m.httpMethod ?? ''}`;
    if (uri !== undefined)
      await invokeTargets(
        inv,
        scope,
        id,
        uri,
        method,
        callerAuth(x.m.authorizationType, x.m.apiKeyRequired, at(x)),
        ctx.logging,
        evidence,
      );
    const role = x.i?.credentials;
    if (role !== undefined && role.startsWith('arn:'))
      inv.flow('assume-identity', id, role, evidence('credentials'));
  }
  for (const z of authorizers.items) {
    for (const pool of z.providerARNs ?? [])
      inv.flow('authenticate', id, pool, fromApi(id, 'GetAuthorizers', 'providerARNs'));
    const fn = /functions\/(arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:/]+)/.exec(
      z.authorizerUri ?? '',
    )?.[1];
    if (fn !== undefined) inv.flow('authenticate', id, fn, fromApi(id, 'GetAuthorizers', 'authorizerUri'));
  }
  if (stages.ok)
    for (const s of stages.value.item ?? []) {
      const to = s.accessLogSettings?.destinationArn;
      if (to !== undefined && to !== '')
        inv.flow('log-to', id, to, fromApi(id, 'GetStages', 'accessLogSettings.destinationArn'));
    }
}

/**
 * A method validates its body when its request validator validates bodies and a model other than the built-in
 * `Empty` (which accepts any body) is mapped for a content type: API Gateway skips content types without a model.
 */
function bodyValidation(
  m: Method,
  validators: readonly { id?: string | undefined; validateRequestBody?: boolean | undefined }[],
  at: string,
): Fact<boolean> {
  if ((m.requestValidatorId ?? '') === '') return byDefault(false, `${at}.requestValidatorId`);
  const v = validators.find((x) => x.id === m.requestValidatorId);
  if (v === undefined) return unknown(`${at}.requestValidatorId`, 'the request validator was not listed');
  if (v.validateRequestBody !== true) return explicit(false, 'GetRequestValidators.validateRequestBody');
  const mapped = Object.values(m.requestModels ?? {}).filter((x) => x !== 'Empty');
  return mapped.length > 0
    ? explicit(true, `${at}.requestModels`)
    : explicit(false, `${at}.requestModels (no model: the body is not validated)`);
}

function stageFacts(
  stages: CallResult<{ item?: Stage[] | undefined }>,
  plan: Fact<boolean> | undefined,
): Facts {
  if (!stages.ok)
    return {
      ...unknownFacts(
        ['wafProtected', 'invocationLogging', 'requestBodyLogging'],
        'GetStages',
        stages.message,
      ),
      throttling: plan?.state === 'explicit' ? plan : unknown('GetStages', stages.message),
    };
  const all = stages.value.item ?? [];
  const settings = all.flatMap((s) => Object.values(s.methodSettings ?? {}));
  const some = (ok: boolean, attribute: string): Fact<boolean> =>
    ok ? explicit(true, attribute) : byDefault(false, attribute);
  const stageThrottled = settings.some(limited);
  return {
    wafProtected: some(
      all.some((s) => (s.webAclArn ?? '') !== ''),
      'GetStages.webAclArn',
    ),
    invocationLogging: explicit(
      all.some((s) => (s.accessLogSettings?.destinationArn ?? '') !== ''),
      'GetStages.accessLogSettings.destinationArn',
    ),
    requestBodyLogging: some(
      settings.some((x) => x.dataTraceEnabled === true),
      'GetStages.methodSettings.dataTraceEnabled',
    ),
    throttling: stageThrottled
      ? explicit(true, 'GetStages.methodSettings.throttlingRateLimit')
      : (plan ?? byDefault(false, 'GetUsagePlans')),
  };
}

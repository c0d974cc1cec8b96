import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { byDefault, explicit, unknown, type Fact, type Facts } from '../../../src/model/index.js';
import { fromApi } from '../facts.js';
import type { LiveInventory } from '../inventory.js';
import type { Listing } from '../paginate.js';
import type { AwsRuntime, Scope } from '../runtime.js';
import { allAuthenticated, authMethods, callerAuth, invokeTargets, limited } from './apigateway.js';
import type { InvocationLogging } from './bedrock.js';

/**
 * API Gateway HTTP and WebSocket APIs (v2) with the facts and flows of the Terraform mapper: routes give the API's
 * authentication, integrations its `invoke` flows (authenticated as the routes that target them), JWT authorizers
 * issued by a Cognito user pool an `authenticate` flow, and stages its logging and throttling.
 */

type Sdk = typeof import('@aws-sdk/client-apigatewayv2');

interface Ctx {
  readonly rt: AwsRuntime;
  readonly inv: LiveInventory;
  readonly scope: Scope;
  readonly client: ApiGatewayV2Client;
  readonly sdk: Sdk;
}

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+)\/?$/;

export async function collectHttpApis(
  rt: AwsRuntime,
  inv: LiveInventory,
  scope: Scope,
  logging: Promise<InvocationLogging>,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-apigatewayv2');
  const client = rt.client(scope, 'apigatewayv2', (c) => new sdk.ApiGatewayV2Client(c));
  const ctx: Ctx = { rt, inv, scope, client, sdk };
  const apis = await list(ctx, 'GetApis', (NextToken) =>
    client.send(new sdk.GetApisCommand({ NextToken, MaxResults: '500' })),
  );
  await Promise.all(apis.items.map((a) => httpApi(ctx, a, logging)));
  rt.progress(`${scope.account.id} ${scope.region}: API Gateway HTTP APIs read`);
}

function list<T>(
  ctx: Ctx,
  api: string,
  send: (token: string | undefined) => Promise<{ Items?: T[] | undefined; NextToken?: string | undefined }>,
  resource?: string,
): Promise<Listing<T>> {
  return ctx.rt.list(
    ctx.scope,
    `apigateway:${api}`,
    send,
    (page) => ({ items: page.Items, next: page.NextToken }),
    resource,
  );
}

async function httpApi(
  ctx: Ctx,
  a: {
    ApiId?: string | undefined;
    Name?: string | undefined;
    DisableExecuteApiEndpoint?: boolean | undefined;
    Tags?: Record<string, string> | undefined;
  },
  logging: Promise<InvocationLogging>,
): Promise<void> {
  if (a.ApiId === undefined) return;
  const { client, sdk, inv, scope } = ctx;
  const ApiId = a.ApiId;
  const id = `arn:aws:apigateway:${scope.region}::/apis/${ApiId}`;
  const [routes, integrations, authorizers, stages] = await Promise.all([
    list(ctx, 'GetRoutes', (NextToken) => client.send(new sdk.GetRoutesCommand({ ApiId, NextToken })), id),
    list(
      ctx,
      'GetIntegrations',
      (NextToken) => client.send(new sdk.GetIntegrationsCommand({ ApiId, NextToken })),
      id,
    ),
    list(
      ctx,
      'GetAuthorizers',
      (NextToken) => client.send(new sdk.GetAuthorizersCommand({ ApiId, NextToken })),
      id,
    ),
    list(ctx, 'GetStages', (NextToken) => client.send(new sdk.GetStagesCommand({ ApiId, NextToken })), id),
  ]);
  const at = (r: { RouteKey?: string | undefined }) => `GetRoutes(${r.RouteKey ?? ''})`;
  const auth = (r: (typeof routes.items)[number]) => callerAuth(r.AuthorizationType, r.ApiKeyRequired, at(r));
  const routesUnknown =
    routes.incomplete === undefined ? undefined : unknown('GetRoutes', routes.incomplete.message);
  const facts: Facts = {
    encryptedInTransit: byDefault(true, 'GetApis.ApiEndpoint'),
    // The execute-api endpoint is public unless disabled (a custom domain may still expose it).
    internetReachable:
      a.DisableExecuteApiEndpoint === undefined
        ? byDefault(true, 'GetApis.DisableExecuteApiEndpoint')
        : explicit(!a.DisableExecuteApiEndpoint, 'GetApis.DisableExecuteApiEndpoint'),
    requiresAuthentication:
      routesUnknown ?? allAuthenticated(routes.items.map(auth), 'GetRoutes.AuthorizationType'),
    authMethod:
      routesUnknown ??
      authMethods(
        routes.items.map((r) => r.AuthorizationType),
        'GetRoutes.AuthorizationType',
      ),
    // WAF cannot be associated with an HTTP API.
    wafProtected: byDefault(false, 'GetStages'),
    ...stageFacts(stages),
  };
  inv.asset(scope, {
    id,
    kind: 'api-gateway',
    nativeType: 'AWS::ApiGatewayV2::Api',
    name: a.Name ?? ApiId,
    ...(a.Tags === undefined ? {} : { tags: a.Tags }),
    facts,
  });
  for (const i of integrations.items) {
    const targeting = routes.items.filter((r) => r.Target === `integrations/${i.IntegrationId ?? ''}`);
    const authenticated: Fact<boolean> =
      routesUnknown ??
      (targeting.length === 0
        ? unknown('GetRoutes', 'no route targets the integration')
        : allAuthenticated(targeting.map(auth), 'GetRoutes.AuthorizationType'));
    const evidence = (field: string) =>
      fromApi(id, 'GetIntegrations', field === 'uri' ? 'IntegrationUri' : field);
    if (i.IntegrationUri !== undefined)
      await invokeTargets(
        inv,
        scope,
        id,
        i.IntegrationUri,
        `${id}/integrations/${i.IntegrationId ?? ''}`,
        authenticated,
        logging,
        evidence,
      );
    if (i.CredentialsArn?.startsWith('arn:') === true)
      inv.flow('assume-identity', id, i.CredentialsArn, evidence('CredentialsArn'));
  }
  for (const z of authorizers.items) {
    const issuer = COGNITO_ISSUER.exec(z.JwtConfiguration?.Issuer ?? '');
    if (issuer?.[1] !== undefined && issuer[2] !== undefined)
      inv.flow(
        'authenticate',
        id,
        `arn:aws:cognito-idp:${issuer[1]}:${scope.account.id}:userpool/${issuer[2]}`,
        fromApi(id, 'GetAuthorizers', 'JwtConfiguration.Issuer'),
      );
    const fn = /functions\/(arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:/]+)/.exec(
      z.AuthorizerUri ?? '',
    )?.[1];
    if (fn !== undefined) inv.flow('authenticate', id, fn, fromApi(id, 'GetAuthorizers', 'AuthorizerUri'));
  }
  for (const s of stages.items) {
    const to = s.AccessLogSettings?.DestinationArn;
    if (to !== undefined && to !== '')
      inv.flow('log-to', id, to, fromApi(id, 'GetStages', 'AccessLogSettings.DestinationArn'));
  }
}

function stageFacts(stages: Listing<import('@aws-sdk/client-apigatewayv2').Stage>): Facts {
  if (stages.incomplete !== undefined) {
    const why = unknown('GetStages', stages.incomplete.message);
    return { invocationLogging: why, throttling: why, requestBodyLogging: why };
  }
  const some = (ok: boolean, attribute: string): Fact<boolean> =>
    ok ? explicit(true, attribute) : byDefault(false, attribute);
  const settings = stages.items.flatMap((s) => [
    ...(s.DefaultRouteSettings === undefined ? [] : [s.DefaultRouteSettings]),
    ...Object.values(s.RouteSettings ?? {}),
  ]);
  return {
    invocationLogging: explicit(
      stages.items.some((s) => (s.AccessLogSettings?.DestinationArn ?? '') !== ''),
      'GetStages.AccessLogSettings.DestinationArn',
    ),
    throttling: some(
      settings.some((x) =>
        limited({ throttlingBurstLimit: x.ThrottlingBurstLimit, throttlingRateLimit: x.ThrottlingRateLimit }),
      ),
      'GetStages.DefaultRouteSettings.ThrottlingRateLimit',
    ),
    requestBodyLogging: some(
      settings.some((x) => x.DataTraceEnabled === true),
      'GetStages.DefaultRouteSettings.DataTraceEnabled',
    ),
  };
}

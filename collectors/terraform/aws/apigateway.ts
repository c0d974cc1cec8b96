import { byDefault, everyFact, explicit, isTrue, unknown, type Fact } from '../../../src/model/index.js';
import {
  attributeName,
  boolFact,
  enumFact,
  isUnknownAt,
  list,
  num,
  object,
  str,
  strings,
  unknownReason,
} from '../attributes.js';
import type { Link, MapFn, MapperContext } from '../context.js';
import type { TfResource } from '../types.js';
import { assumeRole, LOG_GROUP, setOrLinked } from './common.js';
import { foundationModelId, isBedrockIntegration } from './bedrock.js';

/**
 * API Gateway REST APIs (v1) and HTTP APIs (v2). The API is the api-gateway asset; methods/routes, stages,
 * method settings and usage plans are aggregated onto it, and each integration becomes an `invoke` flow to its
 * target, authenticated as the method that fronts it.
 */

const REST_API = ['aws_api_gateway_rest_api'] as const;
const HTTP_API = ['aws_apigatewayv2_api'] as const;
const METHOD = 'aws_api_gateway_method';
const INVOKE_TARGETS = ['aws_lambda_function', 'aws_sagemaker_endpoint'] as const;

const AUTH_METHOD: Readonly<Record<string, string>> = {
  NONE: 'NONE',
  AWS_IAM: 'IAM',
  CUSTOM: 'CUSTOM',
  COGNITO_USER_POOLS: 'COGNITO',
  JWT: 'JWT',
};

function apiOf(
  ctx: MapperContext,
  r: TfResource,
  path = 'rest_api_id',
  types: readonly string[] = REST_API,
): Link[] {
  return ctx.linked(r, path, types, ['id']);
}

/** Resources of `type` (methods, integrations, routes) that belong to `api`. */
function partsOf(
  ctx: MapperContext,
  type: string,
  api: TfResource,
  path = 'rest_api_id',
  types: readonly string[] = REST_API,
): readonly TfResource[] {
  return ctx.referrers(api, type, path, (r) => apiOf(ctx, r, path, types).map((l) => l.resource));
}

/** Whether a method or route requires callers to authenticate (authorization other than NONE, or an API key). */
function callerAuth(r: TfResource, path: string): Fact<boolean> {
  const attribute = `${r.address}.${attributeName(path)}`;
  const auth = isUnknownAt(r, path) ? undefined : (str(r, path) ?? 'NONE');
  if (auth !== undefined && auth !== 'NONE') return explicit(true, attribute);
  const key = boolFact(r, 'api_key_required', false);
  if (key.state === 'explicit' && key.value) return explicit(true, `${r.address}.api_key_required`);
  if (auth === undefined) return unknown(attribute, 'known only after apply');
  return key.state === 'unknown' ? key : explicit(false, attribute);
}

/** Three-valued AND over the callers of an API: false if one is open, unknown if one is unknown. */
function allAuthenticated(facts: readonly Fact<boolean>[], none: string): Fact<boolean> {
  if (facts.length === 0) return unknown(none, 'no method or route of this API is in the plan');
  const open = facts.find((f) => f.state !== 'unknown' && !f.value);
  if (open) return open;
  const u = facts.find((f) => f.state === 'unknown');
  return u ?? explicit(true, facts.map((f) => f.attribute).join(','));
}

function authMethods(items: readonly { r: TfResource; path: string }[], none: string): Fact<string> {
  if (items.some((i) => isUnknownAt(i.r, i.path))) return unknown(none, 'known only after apply');
  const kinds = [
    ...new Set(items.map((i) => AUTH_METHOD[str(i.r, i.path) ?? 'NONE'] ?? str(i.r, i.path) ?? 'NONE')),
  ].sort();
  return kinds.length === 0
    ? unknown(none, 'no method or route of this API is in the plan')
    : explicit(kinds.join(','), none);
}

function gatewayDefaults(): Record<string, Fact> {
  return {
    throttling: byDefault(false, 'aws_api_gateway_usage_plan.throttle_settings'),
    wafProtected: byDefault(false, 'aws_wafv2_web_acl_association'),
    invocationLogging: byDefault(false, 'aws_api_gateway_stage.access_log_settings'),
    requestBodyLogging: byDefault(false, 'aws_api_gateway_method_settings.settings.data_trace_enabled'),
    // API Gateway endpoints only accept HTTPS.
    encryptedInTransit: byDefault(true, 'endpoint_configuration'),
  };
}

export const mapRestApi: MapFn = (r, ctx) => {
  const types = 'endpoint_configuration.0.types';
  const reachable: Fact<boolean> = isUnknownAt(r, types)
    ? unknown(attributeName(types), 'known only after apply')
    : strings(r, types).length === 0
      ? byDefault(true, attributeName(types)) // EDGE when not set
      : explicit(!strings(r, types).includes('PRIVATE'), attributeName(types));
  const methods = partsOf(ctx, METHOD, r);
  const integrated = partsOf(ctx, 'aws_api_gateway_integration', r).flatMap((i) => methodOf(ctx, i));
  const callers = integrated.length > 0 ? [...new Set(integrated)] : methods;
  const validation = requestValidation(ctx, r);
  ctx.asset(r, {
    kind: 'api-gateway',
    facts: {
      ...gatewayDefaults(),
      internetReachable: reachable,
      requiresAuthentication: allAuthenticated(
        callers.map((m) => callerAuth(m, 'authorization')),
        'aws_api_gateway_method.authorization',
      ),
      authMethod: authMethods(
        callers.map((m) => ({ r: m, path: 'authorization' })),
        'aws_api_gateway_method.authorization',
      ),
      ...(validation === undefined ? {} : { requestValidation: validation }),
    },
  });
};

/** HTTP methods whose requests carry a body (the prompt, for a model-backed API). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

/**
 * Whether every method that forwards a request body to a backend (an integration other than MOCK) validates it.
 * Absent when the API has no such method (nothing to validate, or methods defined in an OpenAPI `body`).
 */
function requestValidation(ctx: MapperContext, api: TfResource): Fact<boolean> | undefined {
  const forwarding = partsOf(ctx, 'aws_api_gateway_integration', api)
    .filter((i) => str(i, 'type') !== 'MOCK')
    .flatMap((i) => methodOf(ctx, i))
    .filter((m) => isUnknownAt(m, 'http_method') || BODY_METHODS.has(str(m, 'http_method') ?? ''));
  const methods = [...new Set(forwarding)];
  if (methods.length === 0) return undefined;
  return everyFact(
    methods.map((m) => bodyValidation(ctx, m)),
    byDefault(false, 'aws_api_gateway_method.request_validator_id'),
  );
}

/**
 * A method validates its body when its request validator has `validate_request_body = true` and a model is mapped
 * for a content type in `request_models`: API Gateway skips body validation for content types without a model,
 * and the built-in `Empty` model accepts any body.
 */
function bodyValidation(ctx: MapperContext, m: TfResource): Fact<boolean> {
  const path = 'request_validator_id';
  const attribute = `${m.address}.${path}`;
  const validators = ctx.linked(m, path, ['aws_api_gateway_request_validator'], ['id']);
  if (validators.length === 0) {
    if (isUnknownAt(m, path)) return unknown(attribute, unknownReason(m, path));
    return (str(m, path) ?? '') === ''
      ? byDefault(false, attribute)
      : unknown(attribute, 'the request validator is not in this plan');
  }
  const body = everyFact(
    validators.map((v) => {
      const f = boolFact(v.resource, 'validate_request_body', false);
      return { ...f, attribute: `${v.resource.address}.${f.attribute}` };
    }),
    byDefault(false, attribute),
  );
  if (!isTrue(body)) return body;
  const models = 'request_models';
  if (isUnknownAt(m, models)) return unknown(`${m.address}.${models}`, unknownReason(m, models));
  // A model named by a reference (null until apply) is a model of this API, not `Empty`.
  const mapped = Object.values(object(m, models) ?? {}).filter((v) => v !== 'Empty');
  return mapped.length > 0
    ? explicit(true, `${m.address}.${models}`)
    : explicit(false, `${m.address}.${models} (no model: the body is not validated)`);
}

/** The method an integration belongs to: by reference, else by REST API, resource and HTTP method values. */
function methodOf(ctx: MapperContext, i: TfResource): TfResource[] {
  const byRef = ctx.linked(i, 'http_method', [METHOD], []);
  if (byRef.length > 0) return byRef.map((l) => l.resource);
  return ctx
    .resources(METHOD)
    .filter(
      (m) =>
        str(m, 'rest_api_id') === str(i, 'rest_api_id') &&
        str(m, 'resource_id') === str(i, 'resource_id') &&
        str(m, 'http_method') === str(i, 'http_method') &&
        str(i, 'http_method') !== undefined,
    );
}

export const mapRestIntegration: MapFn = (r, ctx) => {
  const methods = methodOf(ctx, r);
  const authenticated =
    methods.length === 0
      ? unknown('http_method', 'the method of this integration is not linked')
      : allAuthenticated(
          methods.map((m) => callerAuth(m, 'authorization')),
          'authorization',
        );
  for (const api of apiOf(ctx, r)) {
    invokeTargets(ctx, r, 'uri', api.resource.address, authenticated);
    assumeRole(ctx, r, 'credentials', api.resource.address);
  }
};

/** `invoke` flows from the gateway to what the integration URI names (Lambda, SageMaker runtime, Bedrock). */
function invokeTargets(
  ctx: MapperContext,
  r: TfResource,
  path: string,
  from: string,
  authenticated: Fact<boolean>,
): void {
  const evidence = (note?: string) => ctx.evidence(r, path, note);
  const uri = str(r, path) ?? '';
  const targets = ctx.linked(r, path, INVOKE_TARGETS, ['invoke_arn', 'arn']);
  if (targets.length === 0 && !isUnknownAt(r, path)) {
    const endpoint = /runtime\.sagemaker:path\/+endpoints\/([^/]+)\/invocations/.exec(uri)?.[1];
    if (endpoint !== undefined) {
      for (const t of ctx.byValue(['aws_sagemaker_endpoint'], endpoint, ['name']))
        targets.push({ resource: t, via: `endpoint ${endpoint}` });
    }
    const fn = /:lambda:path\/[^/]+\/functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1];
    if (fn !== undefined)
      for (const t of ctx.byValue(['aws_lambda_function'], fn, ['arn']))
        targets.push({ resource: t, via: `function ${fn}` });
  }
  for (const t of targets) ctx.flow(from, t.resource.address, 'invoke', evidence(t.via), { authenticated });
  if (isBedrockIntegration(r)) {
    const model = /:path\/model\/([^/]+)\//.exec(uri)?.[1] ?? 'foundation model';
    const fm = ctx.asset(r, {
      kind: 'foundation-model-service',
      id: foundationModelId(r.address),
      name: decodeURIComponent(model),
      nativeType: 'aws_bedrock_foundation_model',
      facts: {
        providerManaged: explicit(true, 'uri'),
        invocationLogging: byDefault(false, 'aws_bedrock_model_invocation_logging_configuration'),
      },
    });
    ctx.flow(from, fm, 'invoke', evidence(), { authenticated });
  } else if (targets.length === 0 && uri !== '') {
    ctx.note('unresolved-link', `${path} names no resource of this plan`, r.address);
  }
}

/** The API authenticates its callers against what the authorizer attribute at `path` points to. */
function authenticateVia(
  ctx: MapperContext,
  r: TfResource,
  api: string,
  path: string,
  types: readonly string[],
  matchOn: readonly string[],
): void {
  for (const l of ctx.linked(r, path, types, matchOn)) {
    ctx.flow(api, l.resource.address, 'authenticate', ctx.evidence(r, path, l.via));
  }
}

export const mapRestAuthorizer: MapFn = (r, ctx) => {
  for (const api of apiOf(ctx, r)) {
    authenticateVia(ctx, r, api.resource.address, 'provider_arns', ['aws_cognito_user_pool'], ['arn']);
    authenticateVia(
      ctx,
      r,
      api.resource.address,
      'authorizer_uri',
      ['aws_lambda_function'],
      ['invoke_arn', 'arn'],
    );
  }
};

export const mapRestStage: MapFn = (r, ctx) => {
  const logging = setOrLinked(ctx, r, 'access_log_settings.0.destination_arn', LOG_GROUP);
  for (const api of apiOf(ctx, r)) {
    ctx.patch(api.resource.address, { invocationLogging: logging }, 'or');
    for (const g of ctx.linked(r, 'access_log_settings.0.destination_arn', LOG_GROUP, ['arn'])) {
      ctx.flow(
        api.resource.address,
        g.resource.address,
        'log-to',
        ctx.evidence(r, 'access_log_settings.0.destination_arn', g.via),
      );
    }
  }
};

/** Throttling from a positive rate or burst limit (-1, the default, disables it). */
function limits(r: TfResource, paths: readonly string[]): Fact<boolean> {
  const unknownPath = paths.find((p) => isUnknownAt(r, p));
  if (unknownPath !== undefined) return unknown(attributeName(unknownPath), 'known only after apply');
  const set = paths.find((p) => (num(r, p) ?? -1) > 0);
  return set === undefined
    ? byDefault(false, attributeName(paths[0] ?? ''))
    : explicit(true, attributeName(set));
}

export const mapMethodSettings: MapFn = (r, ctx) => {
  const s = 'settings.0';
  for (const api of apiOf(ctx, r)) {
    ctx.patch(
      api.resource.address,
      {
        throttling: limits(r, [`${s}.throttling_rate_limit`, `${s}.throttling_burst_limit`]),
        requestBodyLogging: boolFact(r, `${s}.data_trace_enabled`, false),
      },
      'or',
    );
  }
};

export const mapUsagePlan: MapFn = (r, ctx) => {
  const throttled =
    list(r, 'throttle_settings').length > 0 || list(r, 'quota_settings').length > 0
      ? explicit(true, list(r, 'throttle_settings').length > 0 ? 'throttle_settings' : 'quota_settings')
      : byDefault(false, 'throttle_settings');
  list(r, 'api_stages').forEach((_, i) => {
    for (const api of apiOf(ctx, r, `api_stages.${i}.api_id`))
      ctx.patch(api.resource.address, { throttling: throttled }, 'or');
  });
};

// ---- HTTP / WebSocket APIs (v2) ----

export const mapHttpApi: MapFn = (r, ctx) => {
  const routes = partsOf(ctx, 'aws_apigatewayv2_route', r, 'api_id', HTTP_API);
  ctx.asset(r, {
    kind: 'api-gateway',
    facts: {
      ...gatewayDefaults(),
      // The execute-api endpoint is public unless disabled (a custom domain may still expose it).
      internetReachable: boolFact(r, 'disable_execute_api_endpoint', false, true),
      requiresAuthentication: allAuthenticated(
        routes.map((x) => callerAuth(x, 'authorization_type')),
        'aws_apigatewayv2_route.authorization_type',
      ),
      authMethod: authMethods(
        routes.map((x) => ({ r: x, path: 'authorization_type' })),
        'aws_apigatewayv2_route.authorization_type',
      ),
    },
  });
};

export const mapHttpIntegration: MapFn = (r, ctx) => {
  const routes = ctx
    .resources('aws_apigatewayv2_route')
    .filter((x) =>
      ctx
        .linked(x, 'target', ['aws_apigatewayv2_integration'], [])
        .some((l) => l.resource.address === r.address),
    );
  const authenticated =
    routes.length === 0
      ? unknown('route', 'no route of this plan targets the integration')
      : allAuthenticated(
          routes.map((x) => callerAuth(x, 'authorization_type')),
          'authorization_type',
        );
  for (const api of apiOf(ctx, r, 'api_id', HTTP_API)) {
    invokeTargets(ctx, r, 'integration_uri', api.resource.address, authenticated);
    assumeRole(ctx, r, 'credentials_arn', api.resource.address);
  }
};

export const mapHttpAuthorizer: MapFn = (r, ctx) => {
  for (const api of apiOf(ctx, r, 'api_id', HTTP_API)) {
    authenticateVia(
      ctx,
      r,
      api.resource.address,
      'jwt_configuration.0.issuer',
      ['aws_cognito_user_pool'],
      ['endpoint'],
    );
    authenticateVia(
      ctx,
      r,
      api.resource.address,
      'authorizer_uri',
      ['aws_lambda_function'],
      ['invoke_arn', 'arn'],
    );
  }
};

export const mapHttpStage: MapFn = (r, ctx) => {
  const d = 'default_route_settings.0';
  for (const api of apiOf(ctx, r, 'api_id', HTTP_API)) {
    ctx.patch(
      api.resource.address,
      {
        invocationLogging: setOrLinked(ctx, r, 'access_log_settings.0.destination_arn', LOG_GROUP),
        throttling: limits(r, [`${d}.throttling_rate_limit`, `${d}.throttling_burst_limit`]),
        requestBodyLogging: boolFact(r, `${d}.data_trace_enabled`, false),
      },
      'or',
    );
    for (const g of ctx.linked(r, 'access_log_settings.0.destination_arn', LOG_GROUP, ['arn'])) {
      ctx.flow(
        api.resource.address,
        g.resource.address,
        'log-to',
        ctx.evidence(r, 'access_log_settings.0.destination_arn', g.via),
      );
    }
  }
};

/** Cognito user pool: `mfa_configuration` is OFF by default; OPTIONAL lets users skip the second factor. */
export const mapUserPool: MapFn = (r, ctx) => {
  ctx.asset(r, {
    kind: 'identity-provider',
    facts: { mfaRequired: enumFact(r, 'mfa_configuration', ['ON'], 'OFF') },
  });
};

export const mapWebAcl: MapFn = (r, ctx) => {
  ctx.asset(r, { kind: 'waf' });
};

const WAF_TARGETS = [
  'aws_api_gateway_stage',
  'aws_lb',
  'aws_alb',
  'aws_apigatewayv2_stage',
  'aws_cognito_user_pool',
] as const;
const WAF_ASSETS = ['aws_api_gateway_rest_api', 'aws_apigatewayv2_api', 'aws_lb', 'aws_alb'] as const;

/** aws_wafv2_web_acl_association: the WAF protects the API of the stage (or the load balancer) it names. */
export const mapWebAclAssociation: MapFn = (r, ctx) => {
  const targets = ctx.linked(r, 'resource_arn', WAF_TARGETS, ['arn']);
  if (targets.length === 0) {
    ctx.unresolved(r, 'resource_arn', WAF_ASSETS, ['wafProtected']);
    return;
  }
  const acls = ctx.linked(r, 'web_acl_arn', ['aws_wafv2_web_acl'], ['arn']);
  const rateLimited = acls.some((a) =>
    list(a.resource, 'rule').some(
      (_, i) => list(a.resource, `rule.${i}.statement.0.rate_based_statement`).length > 0,
    ),
  );
  for (const t of targets) {
    const assets =
      t.resource.type === 'aws_api_gateway_stage'
        ? apiOf(ctx, t.resource).map((l) => l.resource.address)
        : t.resource.type === 'aws_apigatewayv2_stage'
          ? apiOf(ctx, t.resource, 'api_id', HTTP_API).map((l) => l.resource.address)
          : [t.resource.address];
    for (const id of assets) {
      ctx.patch(id, { wafProtected: explicit(true, 'aws_wafv2_web_acl_association.resource_arn') });
      if (rateLimited)
        ctx.patch(
          id,
          { throttling: explicit(true, 'aws_wafv2_web_acl.rule.statement.rate_based_statement') },
          'or',
        );
    }
  }
};

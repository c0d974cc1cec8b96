import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv, type TestResource } from './plan-builder.js';

const API = 'aws_api_gateway_rest_api.api';
const FN_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:chat';
const INVOKE_ARN = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const fn: TestResource = {
  address: 'aws_lambda_function.chat',
  values: {
    function_name: 'chat',
    arn: FN_ARN,
    invoke_arn: INVOKE_ARN,
  },
  action: 'no-op',
};
function restApi(authorization: string, types = ['REGIONAL']): TestResource[] {
  return [
    fn,
    {
      address: 'aws_api_gateway_rest_api.api',
      values: { name: 'api', id: 'a1', endpoint_configuration: [{ types }] },
      action: 'no-op',
    },
    {
      address: 'aws_api_gateway_method.post',
      values: {
        rest_api_id: 'a1',
        resource_id: 'r1',
        http_method: 'POST',
        authorization,
        api_key_required: false,
      },
    },
    {
      address: 'aws_api_gateway_integration.post',
      values: {
        rest_api_id: 'a1',
        resource_id: 'r1',
        http_method: 'POST',
        type: 'AWS_PROXY',
        uri: INVOKE_ARN,
      },
    },
  ];
}

describe('API Gateway mappers', () => {
  it('marks an API with an open method as not requiring authentication, and its invoke flow unauthenticated', () => {
    const inv = inventoryOf(restApi('NONE'));
    expect(sv(fact(inv, API, 'requiresAuthentication'))).toEqual({ state: 'explicit', value: false });
    expect(sv(fact(inv, API, 'internetReachable'))).toEqual({ state: 'explicit', value: true });
    const f = flow(inv, 'invoke', API, 'aws_lambda_function.chat');
    expect(sv(f?.authenticated)).toEqual({ state: 'explicit', value: false });
    expect(f?.evidence[0]?.attribute).toBe('uri');
  });

  it('requires authentication with IAM methods; a PRIVATE API is not internet-reachable', () => {
    const inv = inventoryOf(restApi('AWS_IAM', ['PRIVATE']));
    expect(sv(fact(inv, API, 'requiresAuthentication'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(inv, API, 'authMethod'))).toEqual({ state: 'explicit', value: 'IAM' });
    expect(sv(fact(inv, API, 'internetReachable'))).toEqual({ state: 'explicit', value: false });
  });

  it('reads throttling from usage plans and method settings', () => {
    const inv = inventoryOf([
      ...restApi('AWS_IAM'),
      {
        address: 'aws_api_gateway_usage_plan.u',
        values: {
          name: 'u',
          api_stages: [{ api_id: 'a1', stage: 'prod' }],
          throttle_settings: [{ rate_limit: 10, burst_limit: 5 }],
        },
      },
    ]);
    expect(sv(fact(inv, API, 'throttling'))).toEqual({ state: 'explicit', value: true });
    const none = inventoryOf([
      ...restApi('AWS_IAM'),
      {
        address: 'aws_api_gateway_method_settings.s',
        values: {
          rest_api_id: 'a1',
          stage_name: 'prod',
          method_path: '*/*',
          settings: [{ throttling_rate_limit: -1, data_trace_enabled: true }],
        },
      },
    ]);
    expect(sv(fact(none, API, 'throttling'))).toEqual({ state: 'default', value: false });
    expect(sv(fact(none, API, 'requestBodyLogging'))).toEqual({ state: 'explicit', value: true });
  });

  it('makes wafProtected unknown when a WAF association cannot be linked', () => {
    const inv = inventoryOf([
      ...restApi('AWS_IAM'),
      {
        address: 'aws_wafv2_web_acl_association.w',
        values: { resource_arn: null, web_acl_arn: null },
        unknown: { resource_arn: true, web_acl_arn: true },
      },
    ]);
    expect(fact(inv, API, 'wafProtected')?.state).toBe('unknown');
  });

  it('sets wafProtected through the stage the association names', () => {
    const inv = inventoryOf([
      ...restApi('AWS_IAM'),
      {
        address: 'aws_api_gateway_stage.prod',
        values: {
          rest_api_id: 'a1',
          stage_name: 'prod',
          arn: 'arn:aws:apigateway:us-east-1::/restapis/a1/stages/prod',
        },
        action: 'no-op',
      },
      {
        address: 'aws_wafv2_web_acl_association.w',
        values: {
          resource_arn: 'arn:aws:apigateway:us-east-1::/restapis/a1/stages/prod',
          web_acl_arn: 'arn:waf',
        },
      },
    ]);
    expect(sv(fact(inv, API, 'wafProtected'))).toEqual({ state: 'explicit', value: true });
  });

  it('aggregates HTTP API routes and links JWT authorizers to the user pool', () => {
    const inv = inventoryOf([
      fn,
      { address: 'aws_cognito_user_pool.p', values: { name: 'p' }, unknown: { endpoint: true, arn: true } },
      {
        address: 'aws_apigatewayv2_api.h',
        values: { name: 'h', id: 'h1', protocol_type: 'HTTP' },
        action: 'no-op',
      },
      {
        address: 'aws_apigatewayv2_route.r',
        values: {
          api_id: 'h1',
          route_key: 'POST /chat',
          authorization_type: 'JWT',
          target: 'integrations/i1',
        },
      },
      {
        address: 'aws_apigatewayv2_integration.i',
        values: {
          api_id: 'h1',
          id: 'i1',
          integration_type: 'AWS_PROXY',
          integration_uri: FN_ARN,
        },
        action: 'no-op',
      },
      {
        address: 'aws_apigatewayv2_authorizer.jwt',
        values: {
          api_id: 'h1',
          authorizer_type: 'JWT',
          jwt_configuration: [{ issuer: null, audience: ['x'] }],
        },
        unknown: { jwt_configuration: [{ issuer: true }] },
        refs: {
          'jwt_configuration.0.issuer': ['aws_cognito_user_pool.p.endpoint', 'aws_cognito_user_pool.p'],
        },
      },
    ]);
    expect(sv(fact(inv, 'aws_apigatewayv2_api.h', 'requiresAuthentication'))).toEqual({
      state: 'explicit',
      value: true,
    });
    expect(flow(inv, 'authenticate', 'aws_apigatewayv2_api.h', 'aws_cognito_user_pool.p')).toBeDefined();
    expect(flow(inv, 'invoke', 'aws_apigatewayv2_api.h', 'aws_lambda_function.chat')).toBeDefined();
  });
});

describe('REST API request validation (requestValidation)', () => {
  const validator = (validate_request_body: boolean): TestResource => ({
    address: 'aws_api_gateway_request_validator.v',
    values: { name: 'v', rest_api_id: 'a1', id: 'rv1', validate_request_body },
    action: 'no-op',
  });
  const withMethod = (method: Record<string, unknown>, extra: TestResource[] = []): TestResource[] =>
    restApi('AWS_IAM')
      .map((r) =>
        r.address === 'aws_api_gateway_method.post'
          ? { ...r, values: { ...r.values, ...method } as TestResource['values'] }
          : r,
      )
      .concat(extra);
  const validation = (resources: TestResource[]) => fact(inventoryOf(resources), API, 'requestValidation');

  it('validates a body with a validator that checks bodies and a request model', () => {
    const f = validation(
      withMethod({ request_validator_id: 'rv1', request_models: { 'application/json': 'ChatRequest' } }, [
        validator(true),
      ]),
    );
    expect(sv(f)).toEqual({ state: 'explicit', value: true });
  });

  it('does not without a validator, with validate_request_body false, or with only the Empty model', () => {
    expect(sv(validation(withMethod({})))).toEqual({ state: 'default', value: false });
    expect(
      sv(
        validation(
          withMethod({ request_validator_id: 'rv1', request_models: { 'application/json': 'ChatRequest' } }, [
            validator(false),
          ]),
        ),
      ),
    ).toEqual({ state: 'explicit', value: false });
    expect(
      sv(
        validation(
          withMethod({ request_validator_id: 'rv1', request_models: { 'application/json': 'Empty' } }, [
            validator(true),
          ]),
        ),
      ),
    ).toEqual({ state: 'explicit', value: false });
  });

  it('is unknown when the validator id is known only after apply and not linked', () => {
    const inv = inventoryOf(
      restApi('AWS_IAM').map((r) =>
        r.address === 'aws_api_gateway_method.post' ? { ...r, unknown: { request_validator_id: true } } : r,
      ),
    );
    expect(sv(fact(inv, API, 'requestValidation'))).toEqual({ state: 'unknown' });
  });

  it('judges only methods that forward a body: a GET or a MOCK integration needs no validator', () => {
    const get = restApi('AWS_IAM').map((r) =>
      r.address === 'aws_api_gateway_method.post' || r.address === 'aws_api_gateway_integration.post'
        ? { ...r, values: { ...r.values, http_method: 'GET' } }
        : r,
    );
    expect(validation(get)).toBeUndefined();
    const mock = restApi('AWS_IAM').map((r) =>
      r.address === 'aws_api_gateway_integration.post' ? { ...r, values: { ...r.values, type: 'MOCK' } } : r,
    );
    expect(validation(mock)).toBeUndefined();
  });
});

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

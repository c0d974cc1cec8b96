import { beforeAll, describe, expect, it } from 'vitest';
import type { Flow, Inventory } from '../../../src/model/index.js';
import { cleanAwsEnvironment } from '../../fake-aws/client.js';
import type { LoggedCall } from '../../fake-aws/server.js';
import { A, collect, facts, flowIds, role, sm, withFake } from './scan.js';

/** The front door of the fake account `small`: API Gateway REST and HTTP APIs, Cognito and WAF. */

const rest = (id: string): string => `arn:aws:apigateway:us-east-1::/restapis/${id}`;
const HTTP = 'arn:aws:apigateway:us-east-1::/apis/http1';
const POOL = `arn:aws:cognito-idp:us-east-1:${A}:userpool/us-east-1_Pool1`;
const fn = (name: string): string => `arn:aws:lambda:us-east-1:${A}:function:${name}`;

let inv: Inventory;
let log: LoggedCall[];

beforeAll(async () => {
  cleanAwsEnvironment();
  await withFake('small', async (fake) => {
    inv = await collect(fake);
    log = [...fake.log];
  });
});

const flow = (id: string): Flow | undefined => inv.flows.find((f) => f.id === id);

describe('API Gateway REST APIs', () => {
  it('reads an API behind Cognito with a validated body, access logs and a rate-limiting WAF', () => {
    expect(facts(inv, rest('rest1'))).toEqual({
      encryptedInTransit: ['default', true, 'GetRestApis.endpointConfiguration'],
      internetReachable: ['explicit', true, 'GetRestApis.endpointConfiguration.types'],
      requiresAuthentication: [
        'explicit',
        true,
        'GetResources(POST /chat).resourceMethods.authorizationType',
      ],
      authMethod: ['explicit', 'COGNITO', 'GetResources.resourceMethods.authorizationType'],
      requestValidation: ['explicit', true, 'GetResources(POST /chat).resourceMethods.requestModels'],
      invocationLogging: ['explicit', true, 'GetStages.accessLogSettings.destinationArn'],
      requestBodyLogging: ['explicit', true, 'GetStages.methodSettings.dataTraceEnabled'],
      // The stage sets no limits (-1); the web ACL's rate-based rule throttles.
      wafProtected: ['explicit', true, 'wafv2:ListResourcesForWebACL'],
      throttling: ['explicit', true, 'wafv2:GetWebACL.Rules.Statement.RateBasedStatement'],
    });
    expect(flowIds(inv).filter((f) => f.includes(`:${rest('rest1')}->`))).toEqual([
      `assume-identity:${rest('rest1')}->${role('sm-exec')}`,
      `authenticate:${rest('rest1')}->${POOL}`,
      `invoke:${rest('rest1')}->${sm('endpoint', 'chat')}`,
      `log-to:${rest('rest1')}->arn:aws:logs:us-east-1:${A}:log-group:api-access`,
    ]);
    expect(flow(`invoke:${rest('rest1')}->${sm('endpoint', 'chat')}`)?.authenticated).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'GetResources(POST /chat).resourceMethods.authorizationType',
    });
  });

  it('reads an open method, a usage plan’s throttling and a Bedrock integration', () => {
    expect(facts(inv, rest('rest2'))).toMatchObject({
      internetReachable: ['explicit', true, 'GetRestApis.endpointConfiguration.types'],
      requiresAuthentication: ['explicit', false, 'GetResources(GET /ask).resourceMethods.authorizationType'],
      authMethod: ['explicit', 'IAM,NONE', 'GetResources.resourceMethods.authorizationType'],
      requestValidation: ['default', false, 'GetResources(POST /ask).resourceMethods.requestValidatorId'],
      throttling: ['explicit', true, 'GetUsagePlans(plan1).throttle'],
      wafProtected: ['default', false, 'GetStages.webAclArn'],
      invocationLogging: ['explicit', false, 'GetStages.accessLogSettings.destinationArn'],
    });
    const fm = `${rest('rest2')}/resources/res2/methods/POST#foundation-model`;
    expect(inv.assets.find((a) => a.id === fm)).toMatchObject({
      kind: 'foundation-model-service',
      name: 'anthropic.claude-3-haiku-20240307-v1:0',
    });
    expect(flow(`invoke:${rest('rest2')}->${fn('tokenizer')}`)?.authenticated?.state).toBe('explicit');
    expect(flow(`invoke:${rest('rest2')}->${fn('tokenizer')}`)?.authenticated).toMatchObject({
      value: false,
    });
    expect(flow(`invoke:${rest('rest2')}->${fm}`)?.authenticated).toMatchObject({ value: true });
  });

  it('reads a private API with no methods as not reachable and its authentication as unknown', () => {
    expect(facts(inv, rest('rest3'))).toMatchObject({
      internetReachable: ['explicit', false, 'GetRestApis.endpointConfiguration.types'],
      requiresAuthentication: ['unknown', undefined, 'the API has no method or route'],
      authMethod: ['unknown', undefined, 'the API has no method or route'],
    });
    expect(facts(inv, rest('rest3')).requestValidation).toBeUndefined();
  });

  it('reads methods with their integrations embedded, and usage plans once per region', () => {
    expect(
      log.filter((c) => c.operation === 'GetResources').every((c) => c.request.includes('embed=methods')),
    ).toBe(true);
    expect(log.filter((c) => c.service === 'apigateway' && c.operation === 'GetIntegration')).toEqual([]);
    expect(log.filter((c) => c.operation === 'GetUsagePlans')).toHaveLength(1);
    // Three APIs, two a page.
    expect(log.filter((c) => c.operation === 'GetRestApis')).toHaveLength(2);
  });
});

describe('API Gateway HTTP APIs', () => {
  it('reads an HTTP API with a JWT route and a public one', () => {
    expect(facts(inv, HTTP)).toEqual({
      encryptedInTransit: ['default', true, 'GetApis.ApiEndpoint'],
      internetReachable: ['explicit', true, 'GetApis.DisableExecuteApiEndpoint'],
      requiresAuthentication: ['explicit', false, 'GetRoutes(GET /health).authorizationType'],
      authMethod: ['explicit', 'JWT,NONE', 'GetRoutes.AuthorizationType'],
      wafProtected: ['default', false, 'GetStages'],
      invocationLogging: ['explicit', false, 'GetStages.AccessLogSettings.DestinationArn'],
      throttling: ['default', false, 'GetStages.DefaultRouteSettings.ThrottlingRateLimit'],
      requestBodyLogging: ['default', false, 'GetStages.DefaultRouteSettings.DataTraceEnabled'],
    });
    expect(flowIds(inv).filter((f) => f.includes(`:${HTTP}->`))).toEqual([
      // The issuer names the pool; the route's JWT authenticates the Lambda integration it targets.
      `authenticate:${HTTP}->${POOL}`,
      `invoke:${HTTP}->${fn('chat-proxy')}`,
    ]);
    expect(flow(`invoke:${HTTP}->${fn('chat-proxy')}`)?.authenticated).toEqual({
      state: 'explicit',
      value: true,
      attribute: 'GetRoutes(POST /chat).authorizationType',
    });
  });
});

describe('Cognito and WAF', () => {
  it('reads a user pool whose MFA is optional as not requiring MFA', () => {
    expect(inv.assets.find((a) => a.id === POOL)).toMatchObject({
      kind: 'identity-provider',
      name: 'chat-users',
      tags: { Project: 'chat' },
    });
    expect(facts(inv, POOL)).toEqual({
      mfaRequired: ['explicit', false, 'DescribeUserPool.UserPool.MfaConfiguration'],
    });
  });

  it('reads regional web ACLs everywhere and CloudFront ones in us-east-1 only', () => {
    expect(inv.assets.filter((a) => a.kind === 'waf').map((a) => a.id)).toEqual([
      `arn:aws:wafv2:us-east-1:${A}:global/webacl/cdn-acl/acl-2`,
      `arn:aws:wafv2:us-east-1:${A}:regional/webacl/api-acl/acl-1`,
    ]);
    expect(log.filter((c) => c.operation === 'ListResourcesForWebACL').map((c) => c.request)).toEqual([
      JSON.stringify({
        WebACLArn: `arn:aws:wafv2:us-east-1:${A}:regional/webacl/api-acl/acl-1`,
        ResourceType: 'API_GATEWAY',
      }),
    ]);
  });
});

describe('WAF scopes by region', () => {
  it('lists CloudFront web ACLs in us-east-1 only', async () => {
    const calls = await withFake('small', async (fake) => {
      const other = await collect(fake, { regions: ['us-east-1', 'eu-west-1'] });
      expect(other.notes).toEqual([]);
      return fake.log.filter((c) => c.operation === 'ListWebACLs').map((c) => `${c.region} ${c.request}`);
    });
    expect(calls.sort()).toEqual([
      'eu-west-1 {"Scope":"REGIONAL","Limit":100}',
      'us-east-1 {"Scope":"CLOUDFRONT","Limit":100}',
      'us-east-1 {"Scope":"REGIONAL","Limit":100}',
    ]);
  });
});

describe('front door faults', () => {
  it('stops GetRestApis when its position token repeats, keeping the APIs read', async () => {
    const looped = await withFake('small', async (fake) => {
      fake.faults.push({ operation: 'GetRestApis', kind: 'loop' });
      return collect(fake);
    });
    expect(looped.notes).toEqual([
      expect.objectContaining({
        kind: 'skipped',
        service: 'apigateway',
        api: 'GetRestApis',
        errorCode: 'RepeatedPageToken',
        message: `apigateway:GetRestApis in us-east-1 of account ${A} returned a page token it had returned before; the listing stopped after 2 pages`,
      }),
    ]);
    // The loop hands back page two again: rest3 is read once, nothing is lost or doubled.
    expect(JSON.stringify(looped.assets)).toBe(JSON.stringify(inv.assets));
  });

  it('a denied GetStages makes the stage facts unknown, keeping the rest', async () => {
    const denied = await withFake('small', async (fake) => {
      fake.faults.push({ service: 'apigateway', operation: 'GetStages', kind: 'denied' });
      return collect(fake);
    });
    const why = 'apigateway:GetStages denied (AccessDeniedException)';
    expect(denied.notes.map((n) => `${n.service}:${n.api} ${n.errorCode} ${n.address ?? ''}`)).toEqual(
      ['rest1', 'rest2', 'rest3'].map((r) => `apigateway:GetStages AccessDeniedException ${rest(r)}`),
    );
    expect(facts(denied, rest('rest1'))).toMatchObject({
      invocationLogging: ['unknown', undefined, why],
      requestBodyLogging: ['unknown', undefined, why],
      // The web ACL's association is still read from WAF.
      wafProtected: ['explicit', true, 'wafv2:ListResourcesForWebACL'],
      requiresAuthentication: facts(inv, rest('rest1')).requiresAuthentication,
    });
    // A usage plan still says the API is throttled.
    expect(facts(denied, rest('rest2')).throttling).toEqual([
      'explicit',
      true,
      'GetUsagePlans(plan1).throttle',
    ]);
    expect(facts(denied, rest('rest3')).throttling).toEqual(['unknown', undefined, why]);
  });
});

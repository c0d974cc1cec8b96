import { Failure, jsonReply, listReply, type Call, type FakeContext, type FakeService } from '../protocol.js';

/**
 * API Gateway REST APIs (lists under `item`, paged with `position`) and HTTP APIs (paths under /v2/, lists under
 * `items`, paged with `nextToken`): both REST-JSON, both signed `apigateway`.
 */

const NOT_FOUND = new Failure(404, 'NotFoundException');
const CODES = { throttle: new Failure(429, 'TooManyRequestsException') };
const seg = (call: Call, i: number): string => decodeURIComponent(call.path.split('/')[i] ?? '');

function restApiOf(ctx: FakeContext, call: Call) {
  const apis = ctx.account(call).regions?.[call.region]?.apigateway?.restApis ?? [];
  const hit = apis.find((a) => a.api['id'] === seg(call, 2));
  if (hit === undefined) throw NOT_FOUND;
  return hit;
}

export const apigateway: FakeService = {
  protocol: 'rest-json',
  codes: CODES,
  operation(req) {
    const p = req.url.pathname;
    if (p === '/restapis') return 'GetRestApis';
    if (p === '/usageplans') return 'GetUsagePlans';
    const m = /^\/restapis\/[^/]+\/(resources|authorizers|requestvalidators|stages)$/.exec(p);
    if (m !== null)
      return {
        resources: 'GetResources',
        authorizers: 'GetAuthorizers',
        requestvalidators: 'GetRequestValidators',
        stages: 'GetStages',
      }[m[1] as 'resources'];
    if (/^\/restapis\/[^/]+\/resources\/[^/]+\/methods\/[^/]+\/integration$/.test(p)) return 'GetIntegration';
    return `${req.method} ${p}`;
  },
  answer(ctx, call) {
    const region = ctx.account(call).regions?.[call.region]?.apigateway ?? {};
    const position = call.query.get('position') ?? undefined;
    const page = (items: readonly Record<string, unknown>[]) =>
      listReply(ctx.page(call, items, position), 'item', 'position');
    switch (call.operation) {
      case 'GetRestApis':
        return page((region.restApis ?? []).map((a) => a.api));
      case 'GetUsagePlans':
        return page(region.usagePlans ?? []);
      case 'GetResources': {
        const embed = call.query.getAll('embed').join(',').split(',').includes('methods');
        const resources = restApiOf(ctx, call).resources ?? [];
        // Without embed=methods a resource names its methods only.
        return page(
          embed
            ? resources
            : resources.map((r) => ({
                ...r,
                resourceMethods: Object.fromEntries(
                  Object.keys(r['resourceMethods'] ?? {}).map((k) => [k, {}]),
                ),
              })),
        );
      }
      case 'GetAuthorizers':
        return page(restApiOf(ctx, call).authorizers ?? []);
      case 'GetRequestValidators':
        return page(restApiOf(ctx, call).validators ?? []);
      case 'GetStages':
        return jsonReply({ item: restApiOf(ctx, call).stages ?? [] });
      case 'GetIntegration': {
        const r = (restApiOf(ctx, call).resources ?? []).find((x) => x['id'] === seg(call, 4));
        const m = (r?.['resourceMethods'] as Record<string, Record<string, unknown>> | undefined)?.[
          seg(call, 6)
        ];
        if (m?.['methodIntegration'] === undefined) throw NOT_FOUND;
        return jsonReply(m['methodIntegration']);
      }
      default:
        throw new Failure(400, 'BadRequestException');
    }
  },
};

function httpApiOf(ctx: FakeContext, call: Call) {
  const apis = ctx.account(call).regions?.[call.region]?.apigatewayv2?.apis ?? [];
  const hit = apis.find((a) => a.api['apiId'] === seg(call, 3));
  if (hit === undefined) throw NOT_FOUND;
  return hit;
}

export const apigatewayv2: FakeService = {
  protocol: 'rest-json',
  codes: CODES,
  operation(req) {
    const p = req.url.pathname;
    if (p === '/v2/apis') return 'GetApis';
    const m = /^\/v2\/apis\/[^/]+\/(routes|integrations|authorizers|stages)$/.exec(p);
    if (m !== null)
      return {
        routes: 'GetRoutes',
        integrations: 'GetIntegrations',
        authorizers: 'GetAuthorizers',
        stages: 'GetStages',
      }[m[1] as 'routes'];
    return `${req.method} ${p}`;
  },
  answer(ctx, call) {
    const token = call.query.get('nextToken') ?? undefined;
    const page = (items: readonly Record<string, unknown>[]) =>
      listReply(ctx.page(call, items, token), 'items', 'nextToken');
    switch (call.operation) {
      case 'GetApis':
        return page((ctx.account(call).regions?.[call.region]?.apigatewayv2?.apis ?? []).map((a) => a.api));
      case 'GetRoutes':
        return page(httpApiOf(ctx, call).routes ?? []);
      case 'GetIntegrations':
        return page(httpApiOf(ctx, call).integrations ?? []);
      case 'GetAuthorizers':
        return page(httpApiOf(ctx, call).authorizers ?? []);
      case 'GetStages':
        return page(httpApiOf(ctx, call).stages ?? []);
      default:
        throw new Failure(400, 'BadRequestException');
    }
  },
};

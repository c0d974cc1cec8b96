import { Failure, jsonReply, listReply, type FakeService } from '../protocol.js';

export const lambda: FakeService = {
  protocol: 'rest-json',
  codes: { throttle: new Failure(429, 'TooManyRequestsException'), unknownKey: 'InvalidClientTokenId' },
  operation(req) {
    const path = req.url.pathname;
    if (/^\/2015-03-31\/functions\/?$/.test(path)) return 'ListFunctions';
    if (/^\/2021-10-31\/functions\/[^/]+\/url$/.test(path)) return 'GetFunctionUrlConfig';
    return `${req.method} ${path}`;
  },
  answer(ctx, call) {
    const l = ctx.account(call).regions?.[call.region]?.lambda ?? {};
    if (call.operation === 'ListFunctions')
      return listReply(
        ctx.page(call, l.functions ?? [], call.query.get('Marker') ?? undefined),
        'Functions',
        'NextMarker',
      );
    if (call.operation !== 'GetFunctionUrlConfig') throw new Failure(400, 'InvalidRequestContentException');
    const url = l.urls?.[decodeURIComponent(call.path.split('/')[3] ?? '')];
    if (url === undefined) throw new Failure(404, 'ResourceNotFoundException');
    return jsonReply(url);
  },
};

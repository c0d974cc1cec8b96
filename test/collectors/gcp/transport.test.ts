import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Agents, MAX_REPLY_BYTES, proxyConfigured, send } from '../../../collectors/gcp/transport.js';
import { TOOL_NAME, TOOL_VERSION } from '../../../src/version.js';
import { fixedTokenClient } from '../../fake-gcp/client.js';
import { FAKE_TOKEN } from '../../fake-gcp/server.js';

/**
 * The collector's plain JSON calls against a loopback HTTP server (the wire is real; nothing is mocked), and the
 * proxy path through a loopback proxy that forwards plain requests and tunnels CONNECT.
 */

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
let connections = 0;
let server: http.Server;
let base = '';

function reply(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = req.url ?? '';
  if (path === '/json') {
    res.setHeader('content-type', 'application/json');
    res.end('{"name":"projects/p1","items":[1,2]}');
  } else if (path === '/text') res.end('upstream connect error');
  else if (path === '/empty') res.writeHead(204).end();
  else if (path === '/denied') res.writeHead(403).end('{"error":{"code":403,"status":"PERMISSION_DENIED"}}');
  else if (path === '/huge') {
    // Just over the cap, in 1 MiB chunks; the client must stop reading and fail.
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let left = MAX_REPLY_BYTES / chunk.length + 1;
    const more = (): void => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) {
          res.once('drain', more);
          return;
        }
      }
      res.end();
    };
    res.on('error', () => undefined);
    more();
  } else res.writeHead(404).end();
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      reply(req, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  seen.length = 0;
  vi.unstubAllEnvs();
});

describe('send over Node HTTP', () => {
  it("sends the credential's token, the tool's user agent and a JSON accept header, and parses the JSON reply", async () => {
    const agents = new Agents();
    try {
      const res = await send(fixedTokenClient(), agents, `${base}/json`, 'GET', undefined);
      expect(res).toEqual({ status: 200, data: { name: 'projects/p1', items: [1, 2] } });
      expect(seen).toHaveLength(1);
      expect(seen[0]?.method).toBe('GET');
      expect(seen[0]?.headers.authorization).toBe(`Bearer ${FAKE_TOKEN}`);
      expect(seen[0]?.headers['user-agent']).toBe(`${TOOL_NAME}/${TOOL_VERSION}`);
      expect(seen[0]?.headers.accept).toBe('application/json');
      expect(seen[0]?.headers['content-type']).toBeUndefined();
    } finally {
      agents.destroy();
    }
  });

  it('POSTs the body as JSON with its content type', async () => {
    const agents = new Agents();
    try {
      await send(fixedTokenClient(), agents, `${base}/json`, 'POST', {
        options: { requestedPolicyVersion: 3 },
      });
      expect(seen[0]?.method).toBe('POST');
      expect(seen[0]?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ options: { requestedPolicyVersion: 3 } });
    } finally {
      agents.destroy();
    }
  });

  it('gives a body that is not JSON as its text, an empty body as undefined, and any status as it came', async () => {
    const agents = new Agents();
    const auth = fixedTokenClient();
    try {
      expect(await send(auth, agents, `${base}/text`, 'GET', undefined)).toEqual({
        status: 200,
        data: 'upstream connect error',
      });
      expect(await send(auth, agents, `${base}/empty`, 'GET', undefined)).toEqual({
        status: 204,
        data: undefined,
      });
      expect(await send(auth, agents, `${base}/denied`, 'GET', undefined)).toEqual({
        status: 403,
        data: { error: { code: 403, status: 'PERMISSION_DENIED' } },
      });
    } finally {
      agents.destroy();
    }
  });

  it('keeps one connection alive across calls, and closes it with the agents', async () => {
    const agents = new Agents();
    const auth = fixedTokenClient();
    const before = connections;
    for (let i = 0; i < 5; i++) await send(auth, agents, `${base}/json`, 'GET', undefined);
    expect(connections - before).toBe(1);
    agents.destroy();
    await send(auth, agents, `${base}/json`, 'GET', undefined);
    expect(connections - before).toBe(2);
    agents.destroy();
  });

  it('refuses a reply larger than 64 MiB instead of reading it into memory', async () => {
    const agents = new Agents();
    try {
      await expect(send(fixedTokenClient(), agents, `${base}/huge`, 'GET', undefined)).rejects.toThrow(
        'the reply to GET /huge is larger than 64 MiB',
      );
    } finally {
      agents.destroy();
    }
  });
});

describe('send with a proxy in the environment', () => {
  let proxy: http.Server;
  let proxyUrl = '';
  const through: string[] = [];

  beforeAll(async () => {
    // A forward proxy: absolute-URI requests are relayed, CONNECT is tunnelled; each records its target.
    proxy = http.createServer((req, res) => {
      through.push(`${req.method ?? ''} ${req.url ?? ''}`);
      const target = new URL(req.url ?? '');
      const out = http.request(target, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(out);
    });
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      through.push(`CONNECT ${req.url ?? ''}`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${String((proxy.address() as AddressInfo).port)}`;
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it('sees a proxy in any of the four variables, and none when they are empty', () => {
    expect(proxyConfigured({})).toBe(false);
    expect(proxyConfigured({ HTTPS_PROXY: '' })).toBe(false);
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      expect(proxyConfigured({ [name]: 'http://proxy.internal:3128' })).toBe(true);
  });

  it("goes through the proxy with the credential's token and gives the same reply", async () => {
    through.length = 0;
    vi.stubEnv('NO_PROXY', '');
    vi.stubEnv('no_proxy', '');
    vi.stubEnv('HTTPS_PROXY', proxyUrl);
    const agents = new Agents();
    try {
      const res = await send(fixedTokenClient(), agents, `${base}/json`, 'POST', { a: 1 });
      expect(res).toEqual({ status: 200, data: { name: 'projects/p1', items: [1, 2] } });
      const target = new URL(base).host;
      expect(through.some((line) => line.includes(target))).toBe(true);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.headers.authorization).toBe(`Bearer ${FAKE_TOKEN}`);
      expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ a: 1 });
    } finally {
      agents.destroy();
    }
  });
});

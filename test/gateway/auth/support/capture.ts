// Points the real, unmodified ccc SDK client at a throwaway HTTP listener and keeps the request it
// sends, byte for byte, as the gateway would see it.
import { Agent, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { HttpRequestView } from '../../../../src/gateway/auth/tc3.ts';

const require = createRequire(import.meta.url);

interface CccClient {
  request(action: string, req: unknown): Promise<unknown>;
}
type ClientCtor = new (o: unknown) => CccClient;
const { Client } = require('tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/ccc_client.js') as { Client: ClientCtor };

export interface CaptureOptions {
  secretId: string;
  secretKey: string;
  /** How the client names the server: its endpoint is `${hostName}:${port}`. */
  hostName: 'localhost' | '127.0.0.1';
  signMethod?: 'TC3-HMAC-SHA256' | 'HmacSHA1' | 'HmacSHA256';
  reqMethod?: 'GET' | 'POST';
  action: string;
  params: unknown;
  token?: string;
  language?: 'zh-CN' | 'en-US';
}

function viewOf(req: IncomingMessage, body: Buffer): HttpRequestView {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? '',
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers as Record<string, string | undefined>,
    body,
  };
}

export async function captureSdkRequest(o: CaptureOptions): Promise<{ view: HttpRequestView; port: number }> {
  let seen: HttpRequestView | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen = viewOf(req, Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Response":{"RequestId":"captured"}}');
    });
  });
  // No host: listen on the dual-stack wildcard so `localhost` works whether it resolves to ::1 or 127.0.0.1.
  await new Promise<void>((ok) => server.listen(0, ok));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: false });
  try {
    const client = new Client({
      credential: { secretId: o.secretId, secretKey: o.secretKey, token: o.token },
      region: 'ap-guangzhou',
      // An explicit agent also keeps the SDK from routing through an http_proxy from the environment.
      profile: {
        signMethod: o.signMethod ?? 'TC3-HMAC-SHA256',
        language: o.language,
        httpProfile: { endpoint: `${o.hostName}:${port}`, protocol: 'http://', reqMethod: o.reqMethod ?? 'POST', reqTimeout: 10, agent },
      },
    });
    await client.request(o.action, o.params);
  } finally {
    agent.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
  if (!seen) throw new Error('the SDK sent nothing');
  return { view: seen, port };
}

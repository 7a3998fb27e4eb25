import type { HttpRequestView } from '../../../../src/gateway/auth/tc3.ts';
import { SdkSign } from './sdk.ts';

export const ID = 'AKIDopenccctest0000000000000000000';
export const KEY = 'openccc-test-secret-key-000000000';
export const keyFor = (id: string) => (id === ID ? KEY : undefined);
/** 2023-11-14T22:13:20Z */
export const TS = 1_700_000_000;

/** A POST JSON request as the SDK would send it to http://<host>/, signed by the SDK's Sign.sign3. */
export function sdkPost(
  body: Record<string, unknown>,
  o: { host?: string; ts?: number; key?: string; service?: string } = {},
): HttpRequestView {
  const host = o.host ?? '127.0.0.1:8080';
  const ts = o.ts ?? TS;
  const authorization = SdkSign.sign3({
    url: `http://${host}/`,
    payload: body,
    timestamp: ts,
    service: o.service ?? host.split('.')[0]!,
    secretId: ID,
    secretKey: o.key ?? KEY,
    multipart: false,
    headers: { 'Content-Type': 'application/json' },
  });
  return {
    method: 'POST',
    path: '/',
    rawQuery: '',
    body: Buffer.from(JSON.stringify(body)),
    headers: {
      host,
      'content-type': 'application/json',
      authorization,
      'x-tc-timestamp': String(ts),
      'x-tc-action': 'DescribeNumbers',
      'x-tc-version': '2020-02-10',
    },
  };
}

export function withHeaders(v: HttpRequestView, over: Record<string, string | undefined>): HttpRequestView {
  return { ...v, headers: { ...v.headers, ...over } };
}

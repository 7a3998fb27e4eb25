import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { verifyTc3, type HttpRequestView } from '../../../src/gateway/auth/tc3.ts';
import { ID, KEY, TS, keyFor } from './support/sdk-view.ts';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const mac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();

/** A signer written straight from the TC3 signature v3 doc, signing whatever header lines it is given. */
function docSign(lines: [string, string][], body: string, service = 'ccc'): string {
  const signed = lines.map(([k]) => k).join(';');
  const canonical = `POST\n/\n\n${lines.map(([k, v]) => `${k}:${v}\n`).join('')}\n${signed}\n${hex(body)}`;
  const scope = `2023-11-14/${service}/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${TS}\n${scope}\n${hex(canonical)}`;
  const key = mac(mac(mac(`TC3${KEY}`, '2023-11-14'), service), 'tc3_request');
  return `TC3-HMAC-SHA256 Credential=${ID}/${scope}, SignedHeaders=${signed}, Signature=${createHmac('sha256', key).update(toSign).digest('hex')}`;
}

const BODY = '{"SdkAppId":1400000000}';
function view(host: string, authorization: string, extra: Record<string, string> = {}): HttpRequestView {
  return {
    method: 'POST',
    path: '/',
    rawQuery: '',
    body: Buffer.from(BODY),
    headers: {
      host,
      'content-type': 'application/json; charset=utf-8',
      'x-tc-timestamp': String(TS),
      'x-tc-action': 'DescribeNumbers',
      authorization,
      ...extra,
    },
  };
}
const ok = (v: HttpRequestView) => verifyTc3(v, keyFor, TS, 300).ok;

describe('TC3: what other clients sign also verifies, and only that', () => {
  test('host signed with its port (host:port), as some SDKs do', () => {
    const a = docSign(
      [
        ['content-type', 'application/json; charset=utf-8'],
        ['host', 'api.example.com:8443'],
      ],
      BODY,
    );
    assert.equal(ok(view('api.example.com:8443', a)), true);
    assert.equal(ok(view('api.example.com:8444', a)), false, 'the signed port must be the one in Host');
  });

  test('the doc example: content-type;host;x-tc-action with the action value lowercased', () => {
    const a = docSign(
      [
        ['content-type', 'application/json; charset=utf-8'],
        ['host', 'ccc.tencentcloudapi.com'],
        ['x-tc-action', 'describenumbers'],
      ],
      BODY,
    );
    assert.equal(ok(view('ccc.tencentcloudapi.com', a)), true);
    assert.equal(
      ok(view('ccc.tencentcloudapi.com', a, { 'x-tc-action': 'CreateIVRSession' })),
      false,
      'the signed action cannot be swapped',
    );
  });

  test('extra signed headers are read from the request, in the order signed', () => {
    const a = docSign(
      [
        ['content-type', 'application/json; charset=utf-8'],
        ['host', 'h'],
        ['x-tc-action', 'DescribeNumbers'],
        ['x-tc-region', 'ap-guangzhou'],
      ],
      BODY,
    );
    assert.equal(ok(view('h', a, { 'x-tc-region': 'ap-guangzhou' })), true);
    assert.equal(ok(view('h', a, { 'x-tc-region': 'ap-shanghai' })), false);
    assert.equal(ok(view('h', a)), false, 'a signed header that is absent cannot verify');
  });

  test('header values are trimmed before comparison', () => {
    const a = docSign(
      [
        ['content-type', 'application/json; charset=utf-8'],
        ['host', 'h'],
      ],
      BODY,
    );
    assert.equal(ok(view('h', a, { 'content-type': '  application/json; charset=utf-8 ' })), true);
  });

  test('IPv6 hosts: the bracketed address without the port', () => {
    const a = docSign(
      [
        ['content-type', 'application/json; charset=utf-8'],
        ['host', '[::1]'],
      ],
      BODY,
      '[::1]:8080',
    );
    assert.equal(ok(view('[::1]:8080', a)), true);
  });

  test('a service in the scope the client chose (here `localhost:8080`, as the SDK derives it) is honoured', () => {
    const a = docSign(
      [
        ['content-type', 'application/json; charset=utf-8'],
        ['host', 'localhost'],
      ],
      BODY,
      'localhost:8080',
    );
    assert.equal(ok(view('localhost:8080', a)), true);
    assert.equal(ok(view('localhost:8080', a.replace('/localhost:8080/', '/localhost/'))), false);
  });
});

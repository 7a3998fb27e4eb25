import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUri, type Uri } from '../../../../src/telephony/sip/message/index.ts';
import { destinationOf } from '../../../../src/telephony/sip/ua/in-dialog-send.ts';

const peer = { transport: 'TCP', host: '192.0.2.1', port: 5070 };
const uri = (s: string): Uri => {
  const r = parseUri(s);
  assert.ok(r.ok);
  return r.value;
};

test('a next-hop URI as an address: port 5060 by default, transport param first, else the dialog transport (RFC 3263 §4.2)', () => {
  assert.deepEqual(destinationOf(uri('sip:b@198.51.100.7'), peer), { transport: 'TCP', host: '198.51.100.7', port: 5060 });
  assert.deepEqual(destinationOf(uri('sip:b@198.51.100.7:5080;transport=udp'), peer), {
    transport: 'UDP',
    host: '198.51.100.7',
    port: 5080,
  });
  assert.deepEqual(destinationOf(uri('sip:[2001:db8::1]:5090;lr'), peer), { transport: 'TCP', host: '2001:db8::1', port: 5090 });
});

test('maddr overrides the host (§19.1.1); a host name, a tel URI, sips (TLS) or SCTP fall back to the peer', () => {
  assert.deepEqual(destinationOf(uri('sip:edge.example.com:5062;maddr=203.0.113.9;lr'), peer), {
    transport: 'TCP',
    host: '203.0.113.9',
    port: 5062,
  });
  assert.equal(destinationOf(uri('sip:b@edge.example.com'), peer), peer);
  assert.equal(destinationOf(uri('tel:+8613800000000'), peer), peer);
  assert.equal(destinationOf(uri('sips:b@198.51.100.7'), peer), peer);
  assert.equal(destinationOf(uri('sip:b@198.51.100.7;transport=sctp'), peer), peer);
});

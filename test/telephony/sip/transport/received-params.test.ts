import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receivedParams } from '../../../../src/telephony/sip/transport/received-params.ts';

test('sent-by equal to the source IP and no rport: nothing to add (RFC 3261 §18.2.1)', () => {
  assert.deepEqual(receivedParams({ host: '192.0.2.1' }, { address: '192.0.2.1', port: 5060 }), {});
});

test('sent-by a different IP or a host name: received is added', () => {
  assert.deepEqual(receivedParams({ host: '10.0.0.1' }, { address: '192.0.2.1', port: 5060 }), { received: '192.0.2.1' });
  assert.deepEqual(receivedParams({ host: 'pc33.atlanta.com' }, { address: '192.0.2.1', port: 5060 }), { received: '192.0.2.1' });
});

test('a bare rport: rport gets the source port and received is added even when it equals sent-by (RFC 3581 §4)', () => {
  assert.deepEqual(receivedParams({ host: '192.0.2.1', rport: true }, { address: '192.0.2.1', port: 41000 }), {
    received: '192.0.2.1',
    rport: 41000,
  });
});

test('an rport that already has a value is left alone', () => {
  assert.deepEqual(receivedParams({ host: '192.0.2.1', rport: 5060 }, { address: '192.0.2.1', port: 41000 }), {});
});

test('IPv6: brackets, compression, case and IPv4-mapping do not make equal addresses differ; received has no brackets', () => {
  assert.deepEqual(receivedParams({ host: '[2001:DB8::1]' }, { address: '2001:db8:0:0:0:0:0:1', port: 5060 }), {});
  assert.deepEqual(receivedParams({ host: '192.0.2.1' }, { address: '::ffff:192.0.2.1', port: 5060 }), {});
  assert.deepEqual(receivedParams({ host: '[2001:db8::1]' }, { address: '2001:db8::2', port: 5060 }), { received: '2001:db8::2' });
});

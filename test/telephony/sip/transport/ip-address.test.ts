import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointOf, normalizeAddress, sameAddress } from '../../../../src/telephony/sip/transport/ip-address.ts';

test('normalizeAddress strips brackets and folds IPv4-mapped IPv6 to IPv4', () => {
  assert.equal(normalizeAddress('[::1]'), '::1');
  assert.equal(normalizeAddress('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(normalizeAddress('::FFFF:192.0.2.1'), '192.0.2.1');
  assert.equal(normalizeAddress('::ffff:c000:201'), '::ffff:c000:201'); // hex form left as is: node never reports it
  assert.equal(normalizeAddress('192.0.2.1'), '192.0.2.1');
});

test('sameAddress ignores IPv6 compression, case, brackets, zero padding and embedded IPv4', () => {
  assert.equal(sameAddress('2001:db8::1', '2001:0DB8:0:0:0:0:0:0001'), true);
  assert.equal(sameAddress('[2001:db8::1]', '2001:db8::1'), true);
  assert.equal(sameAddress('::ffff:192.0.2.1', '192.0.2.1'), true);
  assert.equal(sameAddress('64:ff9b::192.0.2.1', '64:ff9b::c000:201'), true);
  assert.equal(sameAddress('2001:db8::1', '2001:db8::2'), false);
  assert.equal(sameAddress('192.0.2.1', '192.0.2.10'), false);
  assert.equal(sameAddress('example.com', '192.0.2.1'), false);
});

test('endpointOf reports the family of what it was given', () => {
  assert.deepEqual(endpointOf('::ffff:127.0.0.1', 5060), { address: '127.0.0.1', port: 5060, family: 'IPv4' });
  assert.deepEqual(endpointOf('::1', 5060), { address: '::1', port: 5060, family: 'IPv6' });
});

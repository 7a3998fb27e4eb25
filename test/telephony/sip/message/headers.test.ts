import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipHeaders } from '../../../../src/telephony/sip/message/headers.ts';

test('lookup is case-insensitive and understands compact forms; names are stored canonical', () => {
  const h = new SipHeaders([
    ['v', 'SIP/2.0/UDP a'],
    ['call-id', 'x@y'],
    ['VIA', 'SIP/2.0/UDP b'],
    ['X-Odd', '1'],
  ]);
  assert.deepEqual(h.getAll('Via'), ['SIP/2.0/UDP a', 'SIP/2.0/UDP b']);
  assert.equal(h.get('i'), 'x@y');
  assert.equal(h.get('x-odd'), '1');
  assert.deepEqual(
    [...h].map((r) => r.name),
    ['Via', 'Call-ID', 'Via', 'X-Odd'],
  );
  assert.equal(h.count('v'), 2);
  assert.equal(h.has('Contact'), false);
});

test('set replaces every row at the first one, remove and removeFirst drop rows', () => {
  const h = new SipHeaders([
    ['Route', '<sip:a>'],
    ['To', 't'],
    ['Route', '<sip:b>'],
  ]);
  h.set('route', '<sip:c>');
  assert.deepEqual(
    [...h].map((r) => `${r.name}=${r.value}`),
    ['Route=<sip:c>', 'To=t'],
  );
  h.prepend('Via', 'v1').append('Via', 'v2');
  assert.equal(h.removeFirst('Via'), true);
  assert.deepEqual(h.getAll('Via'), ['v2']);
  assert.equal(h.remove('VIA'), 1);
  assert.equal(h.get('Via'), undefined);
  assert.deepEqual(h.clone(), h);
});

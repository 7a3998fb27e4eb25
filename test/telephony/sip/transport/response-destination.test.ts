import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responseDestination, sendTargetOf } from '../../../../src/telephony/sip/transport/response-destination.ts';

const from = { address: '198.51.100.7', port: 40312 };

test('UDP with received and an rport value: the packet source, as RFC 3581 §4 says', () => {
  const d = responseDestination({ transport: 'UDP', host: '10.0.0.5', port: 5060, received: '198.51.100.7', rport: 40312 }, from);
  assert.deepEqual(d, { transport: 'udp', host: '198.51.100.7', port: 40312 });
});

test('UDP with received only: the received address at the sent-by port, 5060 when absent (RFC 3261 §18.2.2)', () => {
  assert.deepEqual(responseDestination({ transport: 'UDP', host: 'pc33.example.com', port: 5070, received: '198.51.100.7' }, from), {
    transport: 'udp',
    host: '198.51.100.7',
    port: 5070,
  });
  assert.deepEqual(responseDestination({ transport: 'udp', host: 'pc33.example.com', received: '198.51.100.7' }, from).port, 5060);
});

test('UDP with maddr: the maddr, at the sent-by port, ahead of received', () => {
  const d = responseDestination({ transport: 'UDP', host: '10.0.0.5', port: 5062, maddr: '239.255.255.1', received: '198.51.100.7' }, from);
  assert.deepEqual(d, { transport: 'udp', host: '239.255.255.1', port: 5062 });
});

test('UDP with nothing added: the sent-by host and port (a name is left for RFC 3263 §5 resolution)', () => {
  assert.deepEqual(responseDestination({ transport: 'UDP', host: 'pc33.example.com', port: 5066 }, from), {
    transport: 'udp',
    host: 'pc33.example.com',
    port: 5066,
  });
});

test('UDP with a bare rport nobody filled still answers the source (RFC 3581 §4)', () => {
  assert.deepEqual(responseDestination({ transport: 'UDP', host: '10.0.0.5', rport: true }, from), {
    transport: 'udp',
    host: '198.51.100.7',
    port: 40312,
  });
});

test('TCP: the connection the request came on, falling back to received at the sent-by port; rport is ignored', () => {
  const via = { transport: 'TCP', host: 'pc33.example.com', port: 5070, received: '198.51.100.7', rport: 40312 };
  assert.deepEqual(responseDestination(via, { ...from, connectionId: 'tcp-3' }), {
    transport: 'tcp',
    host: '198.51.100.7',
    port: 5070,
    connectionId: 'tcp-3',
  });
  assert.deepEqual(responseDestination({ transport: 'TCP', host: '10.0.0.5' }, from), { transport: 'tcp', host: '10.0.0.5', port: 5060 });
});

test('TLS defaults to port 5061', () => {
  assert.equal(responseDestination({ transport: 'TLS', host: 'a.example.com' }, from).port, 5061);
});

test('sendTargetOf: IP hosts on udp/tcp become a SendTarget; names and other transports need more work first', () => {
  assert.deepEqual(sendTargetOf({ transport: 'tcp', host: '[2001:db8::1]', port: 5060, connectionId: 'tcp-1' }), {
    transport: 'tcp',
    address: '2001:db8::1',
    port: 5060,
    connectionId: 'tcp-1',
  });
  assert.deepEqual(sendTargetOf({ transport: 'udp', host: '192.0.2.1', port: 5070 }), {
    transport: 'udp',
    address: '192.0.2.1',
    port: 5070,
  });
  assert.equal(sendTargetOf({ transport: 'udp', host: 'pc33.example.com', port: 5060 }), undefined);
  assert.equal(sendTargetOf({ transport: 'tls', host: '192.0.2.1', port: 5061 }), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseVia,
  formatVia,
  viaBranch,
  viaRport,
  viaReceived,
  viaTtl,
  viaMaddr,
  hasRfc3261Branch,
} from '../../../../src/telephony/sip/message/via.ts';
import { parseCSeq } from '../../../../src/telephony/sip/message/cseq.ts';
import { formatNameAddr, parseNameAddr, tagOf } from '../../../../src/telephony/sip/message/name-addr.ts';

test('Via: sent-protocol with odd LWS, sent-by, params (RFC 4475 wsinv)', () => {
  const r = parseVia('SIP  /   2.0 /udp 192.0.2.2 : 5062 ; branch = z9hG4bK390 ;rport;received=10.0.0.1;ttl=16;maddr=224.0.1.75');
  assert.ok(r.ok, !r.ok ? r.reason : '');
  const v = r.value;
  assert.deepEqual([v.protocol, v.version, v.transport, v.host, v.port], ['SIP', '2.0', 'UDP', '192.0.2.2', 5062]);
  assert.equal(viaBranch(v), 'z9hG4bK390');
  assert.equal(viaRport(v), true);
  assert.equal(viaReceived(v), '10.0.0.1');
  assert.equal(viaTtl(v), 16);
  assert.equal(viaMaddr(v), '224.0.1.75');
  assert.ok(hasRfc3261Branch(v));
  assert.deepEqual(parseVia(formatVia(v)), r);
  const ipv6 = parseVia('SIP/2.0/TCP [2001:db8::9]:5070;rport=5071;branch=z9hG4bK');
  assert.ok(ipv6.ok);
  assert.equal(ipv6.value.host, '[2001:db8::9]');
  assert.equal(viaRport(ipv6.value), 5071);
  assert.equal(hasRfc3261Branch(ipv6.value), false);
});

test('Via rejects broken values (RFC 4475 badinv01)', () => {
  for (const bad of [
    'SIP/2.0/UDP 192.0.2.15;;',
    '',
    'SIP/2.0 host',
    'SIP/2.0/UDP',
    'SIP/2.0/UDP h;ttl=300',
    'SIP/2.0/UDP h;branch',
    'SIP/2.0/UDP h:x',
  ]) {
    assert.equal(parseVia(bad).ok, false, bad);
  }
});

test('CSeq: leading zeros, folded LWS, 2^32-1 limit (RFC 4475 wsinv, scalar02)', () => {
  assert.deepEqual(parseCSeq('0009 INVITE'), { ok: true, value: { seq: 9, method: 'INVITE' } });
  assert.deepEqual(parseCSeq('4294967295 ACK'), { ok: true, value: { seq: 4294967295, method: 'ACK' } });
  const big = parseCSeq('36893488147419103232 REGISTER');
  assert.deepEqual(big, { ok: false, reason: 'CSeq number out of range' });
  assert.equal(parseCSeq('1INVITE').ok, false);
  assert.equal(parseCSeq('1 INVITE x').ok, false);
});

test('name-addr and addr-spec: params after a bare addr-spec belong to the header (RFC 4475 cparam01/02)', () => {
  const bare = parseNameAddr('sip:+19725552222@gw1.example.net;unknownparam');
  assert.ok(bare.ok);
  assert.ok(bare.value.params.has('unknownparam'));
  assert.ok(bare.value.uri.kind === 'sip' && bare.value.uri.params.size === 0);
  const angled = parseNameAddr('<sip:+19725552222@gw1.example.net;unknownparam>');
  assert.ok(angled.ok);
  assert.equal(angled.value.params.size, 0);
  assert.ok(angled.value.uri.kind === 'sip' && angled.value.uri.params.has('unknownparam'));
  const quoted = parseNameAddr('"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ; tag = 98asjd8');
  assert.ok(quoted.ok);
  assert.equal(quoted.value.displayName, 'J Rosenberg \\"');
  assert.equal(tagOf(quoted.value), '98asjd8');
  assert.deepEqual(parseNameAddr(formatNameAddr(quoted.value)), quoted);
  const tokens = parseNameAddr('caller<sip:caller@example.com>;tag=323');
  assert.ok(tokens.ok);
  assert.equal(tokens.value.displayName, 'caller');
});

test('name-addr rejects RFC 4475 quotbal, baddn, badaspec, regbadct', () => {
  for (const bad of [
    '"Mr. J. User <sip:j.user@example.com>',
    'Bell, Alexander <sip:a.g.bell@example.com>;tag=43',
    '< sip:t.watson@example.org >',
    'sip:user@example.com?Route=%3Csip:sip.example.com%3E',
    '"Joe" <sip:joe@example.org>;;;;',
  ]) {
    assert.equal(parseNameAddr(bad).ok, false, bad);
  }
});

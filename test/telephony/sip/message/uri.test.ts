import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatUri, parseUri, type SipUri } from '../../../../src/telephony/sip/message/uri.ts';
import { uriEquals } from '../../../../src/telephony/sip/message/uri-equals.ts';

function sip(text: string): SipUri {
  const r = parseUri(text);
  assert.ok(r.ok, text);
  assert.equal(r.value.kind, 'sip');
  return r.value as SipUri;
}

test('sip URI components: user, password, host, port, params, headers, escapes decoded', () => {
  const u = sip('sips:al%69ce:secret@Example.COM:5061;transport=tcp;lr?Subject=hi%20there&Priority=urgent');
  assert.equal(u.scheme, 'sips');
  assert.equal(u.user, 'alice');
  assert.equal(u.password, 'secret');
  assert.equal(u.host, 'Example.COM');
  assert.equal(u.port, 5061);
  assert.deepEqual(
    [...u.params],
    [
      ['transport', 'tcp'],
      ['lr', null],
    ],
  );
  assert.deepEqual(
    [...u.headers],
    [
      ['Subject', 'hi there'],
      ['Priority', 'urgent'],
    ],
  );
});

test('IPv6 and IPv4 hosts, semicolon in user (RFC 4475 semiuri), %00 kept (escnull)', () => {
  assert.equal(sip('sip:[2001:db8::10]:5070').host, '[2001:db8::10]');
  assert.equal(sip('sip:[2001:db8::10]:5070').port, 5070);
  assert.equal(sip('sip:user;par=u%40example.net@example.com').user, 'user;par=u@example.net');
  assert.equal(sip('sip:null-%00-null@example.com').user, 'null-\u0000-null');
  assert.equal(parseUri('sip:1.2.3.400').ok, false);
  assert.equal(parseUri('sip:a b@c').ok, false);
  assert.equal(parseUri('sip:user@host:99999').ok, false);
  assert.equal(parseUri('sip:%zz@host').ok, false);
});

test('tel and other schemes', () => {
  const t = parseUri('tel:+1-201-555-0123;phone-context=example.com');
  assert.ok(t.ok && t.value.kind === 'tel');
  assert.equal(t.value.number, '+1-201-555-0123');
  const o = parseUri('soap.beep://192.0.2.103:3002');
  assert.ok(o.ok && o.value.kind === 'absolute');
  assert.equal(o.value.scheme, 'soap.beep');
  assert.equal(parseUri('<sip:x@y>').ok, false);
  assert.equal(parseUri('nocolon').ok, false);
});

test('formatUri round-trips through parseUri', () => {
  for (const text of ['sip:a%20b@h;x=%3B?h=%26', 'sip:%00@host5.example.com', 'tel:+123;ext=4', 'sip:[::1]:5060;lr']) {
    const once = parseUri(text);
    assert.ok(once.ok);
    assert.deepEqual(parseUri(formatUri(once.value)), once);
  }
});

test('uriEquals follows RFC 3261 §19.1.4', () => {
  const eq = (a: string, b: string): boolean => uriEquals(sip(a), sip(b));
  // The RFC's own equal examples.
  assert.ok(eq('sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'));
  assert.ok(eq('sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'));
  assert.ok(eq('sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;newparam=5'));
  assert.ok(
    eq(
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ),
  );
  assert.ok(eq('sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'));
  // The RFC's own unequal examples.
  assert.ok(!eq('SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'));
  assert.ok(!eq('sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'));
  assert.ok(!eq('sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'));
  assert.ok(!eq('sip:bob@biloxi.com:6000;transport=tcp', 'sip:bob@biloxi.com'));
  assert.ok(!eq('sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'));
  assert.ok(!eq('sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'));
  assert.ok(!eq('sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'));
  assert.ok(!uriEquals(sip('sip:a@b'), sip('sips:a@b')));
});

test('uriEquals properties: symmetric, blind to escaping and host case, sensitive to user case and port', () => {
  const user = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.!~'), minLength: 1, maxLength: 8 });
  const host = fc.string({ unit: fc.constantFrom(...'abcdefxyz'), minLength: 1, maxLength: 8 });
  const escapeAll = (s: string): string => [...s].map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  fc.assert(
    fc.property(user, host, fc.option(fc.nat(65535), { nil: undefined }), (u, h, port) => {
      const p = port === undefined ? '' : `:${port}`;
      const a = sip(`sip:${u}@${h}${p};transport=udp`);
      const b = sip(`sip:${escapeAll(u)}@${h.toUpperCase()}${p};TRANSPORT=UDP`);
      assert.ok(uriEquals(a, b) && uriEquals(b, a));
      assert.equal(uriEquals(a, sip(`sip:${u}@${h}${p}`)), false); // transport must match when either has it
      if (u.toUpperCase() !== u) assert.equal(uriEquals(a, sip(`sip:${u.toUpperCase()}@${h}${p};transport=udp`)), false);
      if (port === undefined) assert.equal(uriEquals(a, sip(`sip:${u}@${h}:5060;transport=udp`)), false);
    }),
  );
});

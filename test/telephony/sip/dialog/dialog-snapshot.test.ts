import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dialog, type DialogSnapshot } from '../../../../src/telephony/sip/dialog/index.ts';
import { getCSeq, serializeSipMessage, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { fixed, invite, ok200, req, res } from './fixtures.ts';

// A dialog kept across a crash: snapshot() in one process, JSON on disk, restore() in the next (RFC 3261 §12.2.1.1).
const wire = (r: SipRequest): string => Buffer.from(serializeSipMessage(r)).toString('latin1');
const throughJson = (s: DialogSnapshot): DialogSnapshot => JSON.parse(JSON.stringify(s)) as DialogSnapshot;

function restored(s: DialogSnapshot): Dialog {
  const r = Dialog.restore(throughJson(s));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value;
}

test('a restored UAC dialog sends the very BYE the live one would: Request-URI, Route, tags, Call-ID, next CSeq', () => {
  const made = Dialog.asUac(invite(), ok200());
  assert.ok(made.ok);
  const live = made.value;
  const copy = restored(live.snapshot());
  assert.equal(copy.state, 'confirmed');
  assert.deepEqual(copy.id, live.id);
  assert.equal(wire(copy.createRequest('BYE')), wire(live.createRequest('BYE')));
  assert.match(wire(live.createRequest('INFO')), /CSeq: 314161 INFO/); // the live one counted on; the copy is its own
});

test('display names with quotes and non-ASCII, URI parameters and a strict first route survive the round trip', () => {
  const response = ok200();
  response.headers.remove('Record-Route');
  response.headers.append('Record-Route', '<sip:p2.example.com;lr>').append('Record-Route', '<sip:10.0.0.1:5080;transport=tcp>');
  const request = invite();
  request.headers.set('From', '"\u5f20 \\"Al\\"" <sip:alice@atlanta.example.com;user=phone>;tag=al1ce');
  const made = Dialog.asUac(request, response);
  assert.ok(made.ok);
  const snapshot = made.value.snapshot();
  assert.equal(snapshot.routeSet.length, 2);
  const bye = restored(snapshot).createRequest('BYE');
  assert.equal(wire(bye), wire(made.value.createRequest('BYE')));
  assert.equal(bye.uri, 'sip:10.0.0.1:5080;transport=tcp', 'strict router: first route is the Request-URI');
  assert.deepEqual(bye.headers.getAll('Route'), ['<sip:p2.example.com;lr>', '<sip:bob@198.51.100.7:5070;transport=udp>']);
  assert.equal(bye.headers.get('From'), '"\u5f20 \\"Al\\"" <sip:alice@atlanta.example.com;user=phone>;tag=al1ce');
});

test('a UAS that sent nothing yet gets its local CSeq chosen at snapshot: every later request counts up from it', () => {
  const request = req([
    'INVITE sip:service@203.0.113.5:5070 SIP/2.0',
    'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKcaller',
    'From: <sip:+8613800000000@carrier.example.net>;tag=c4ll3r',
    'To: <sip:service@203.0.113.5>',
    'Call-ID: in-1@carrier',
    'CSeq: 10 INVITE',
    'Contact: <sip:caller@198.51.100.7:5070>',
  ]);
  const answer = res([
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKcaller',
    'From: <sip:+8613800000000@carrier.example.net>;tag=c4ll3r',
    'To: <sip:service@203.0.113.5>;tag=svc1',
    'Call-ID: in-1@carrier',
    'CSeq: 10 INVITE',
    'Contact: <sip:svc@203.0.113.5:5070>',
  ]);
  const made = Dialog.asUas(request, answer, { random: fixed(41) });
  assert.ok(made.ok);
  const live = made.value;
  assert.equal(live.localSeq, undefined);
  const snapshot = live.snapshot();
  assert.equal(snapshot.localSeq, 41);
  assert.equal(live.localSeq, 41);
  assert.equal(getCSeq(live.createRequest('INVITE'))?.seq, 42, 'a refresh after the snapshot goes above the stored value');
  const bye = restored(snapshot).createRequest('BYE');
  assert.equal(bye.uri, 'sip:caller@198.51.100.7:5070', 'Request-URI: the remote target (the caller Contact)');
  assert.equal(bye.headers.get('From'), '<sip:service@203.0.113.5>;tag=svc1');
  assert.equal(bye.headers.get('To'), '<sip:+8613800000000@carrier.example.net>;tag=c4ll3r');
  assert.equal(bye.headers.get('CSeq'), '42 BYE');
  assert.equal(bye.headers.has('Route'), false);
});

test('restore refuses a damaged snapshot with the reason, never a half dialog', () => {
  const made = Dialog.asUac(invite(), ok200());
  assert.ok(made.ok);
  const good = throughJson(made.value.snapshot());
  const broken: [string, Partial<Record<keyof DialogSnapshot, unknown>>][] = [
    ['Call-ID', { callId: '' }],
    ['local tag', { localTag: undefined }],
    ['role', { role: 'proxy' }],
    ['CSeq', { localSeq: -1 }],
    ['remote target', { remoteTarget: 'not a uri' }],
    ['route', { routeSet: ['<sip:ok;lr>', '<<<'] }],
    ['route set', { routeSet: 'x' }],
  ];
  for (const [what, over] of broken) {
    const r = Dialog.restore({ ...good, ...over } as DialogSnapshot);
    assert.equal(r.ok, false, what);
  }
});

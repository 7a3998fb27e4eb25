import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatNameAddr,
  formatUri,
  getCSeq,
  parseSipMessage,
  serializeSipMessage,
  type SipRequest,
} from '../../../../src/telephony/sip/message/index.ts';
import { Dialog, dialogIdOfRequest, dialogKey } from '../../../../src/telephony/sip/dialog/index.ts';
import { counter, fixed, invite, ok200, provisional, req } from './fixtures.ts';

const CALL_ID = '3848276298220188511@atlanta.example.com';

function uacDialog(): Dialog {
  const d = Dialog.asUac(invite(), ok200(), { random: counter() });
  assert.ok(d.ok, d.ok ? '' : d.reason);
  return d.value;
}

function roundTrip(r: SipRequest): SipRequest {
  const p = parseSipMessage(serializeSipMessage(r));
  assert.ok(p.ok && p.message.kind === 'request');
  return p.message;
}

test('UAC dialog from a parsed 200 OK: id, CSeq, URIs, target from Contact, Record-Route reversed (§12.1.2)', () => {
  const d = uacDialog();
  assert.deepEqual(d.id, { callId: CALL_ID, localTag: 'al1ce', remoteTag: 'b0b' });
  assert.equal(d.role, 'uac');
  assert.equal(d.state, 'confirmed');
  assert.equal(d.localSeq, 314159);
  assert.equal(d.remoteSeq, undefined);
  assert.equal(formatNameAddr(d.localUri), '"Alice" <sip:alice@atlanta.example.com>');
  assert.equal(formatNameAddr(d.remoteUri), '"Bob" <sip:bob@biloxi.example.com>');
  assert.equal(formatUri(d.remoteTarget), 'sip:bob@198.51.100.7:5070;transport=udp');
  assert.deepEqual(d.routeSet.map(formatNameAddr), ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  assert.equal(d.secure, false);
  assert.equal(d.localContact, '<sip:alice@192.0.2.10:5060;transport=udp>');
});

test('BYE inside the UAC dialog: every header (§12.2.1.1)', () => {
  const bye = roundTrip(uacDialog().createRequest('BYE'));
  assert.equal(bye.method, 'BYE');
  assert.equal(bye.uri, 'sip:bob@198.51.100.7:5070;transport=udp');
  assert.deepEqual(
    [...bye.headers].map((h) => `${h.name}: ${h.value}`),
    [
      'Max-Forwards: 70',
      'Route: <sip:p1.example.com;lr>',
      'Route: <sip:p2.example.com;lr>',
      'From: "Alice" <sip:alice@atlanta.example.com>;tag=al1ce',
      'To: "Bob" <sip:bob@biloxi.example.com>;tag=b0b',
      `Call-ID: ${CALL_ID}`,
      'CSeq: 314160 BYE',
    ],
  );
});

test('CSeq increments per request; ACK and CANCEL reuse the INVITE number; target refreshes carry Contact', () => {
  const d = uacDialog();
  assert.equal(getCSeq(d.createRequest('INFO'))?.seq, 314160);
  const reinvite = d.createRequest('INVITE', { contact: '<sip:alice@192.0.2.11>' });
  assert.deepEqual(getCSeq(reinvite), { seq: 314161, method: 'INVITE' });
  assert.equal(reinvite.headers.get('Contact'), '<sip:alice@192.0.2.11>');
  assert.deepEqual(getCSeq(d.createRequest('ACK')), { seq: 314161, method: 'ACK' });
  assert.deepEqual(getCSeq(d.createRequest('CANCEL')), { seq: 314161, method: 'CANCEL' });
  assert.equal(d.createRequest('UPDATE').headers.get('Contact'), '<sip:alice@192.0.2.11>');
  assert.equal(d.createRequest('BYE').headers.has('Contact'), false);
  assert.equal(d.localSeq, 314163);
});

const UAS_INVITE = [
  'INVITE sip:service@203.0.113.5:5070 SIP/2.0',
  'Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2',
  'Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1',
  'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKcaller',
  'Record-Route: <sip:p2.example.com;lr>, <sip:p1.example.com;lr>',
  'From: <sip:+8613800000000@carrier.example.net>;tag=c4ll3r',
  'To: <sip:service@203.0.113.5>',
  'Call-ID: in-1@carrier',
  'CSeq: 10 INVITE',
  'Contact: <sip:caller@198.51.100.7:5070>',
];

function uasDialog(random = fixed(41)): Dialog {
  const request = req(UAS_INVITE);
  const d = Dialog.asUas(
    request,
    {
      kind: 'response',
      status: 200,
      reason: 'OK',
      headers: request.headers.clone().set('To', '<sip:service@203.0.113.5>;tag=svc1').set('Contact', '<sip:svc@203.0.113.5:5070>'),
      body: Buffer.alloc(0),
    },
    { random },
  );
  assert.ok(d.ok, d.ok ? '' : d.reason);
  return d.value;
}

test('UAS dialog: route set in Record-Route order, remote CSeq from the request, local CSeq random below 2^31 (§12.1.1)', () => {
  const d = uasDialog();
  assert.deepEqual(d.id, { callId: 'in-1@carrier', localTag: 'svc1', remoteTag: 'c4ll3r' });
  assert.equal(d.remoteSeq, 10);
  assert.equal(d.localSeq, undefined);
  assert.deepEqual(d.routeSet.map(formatNameAddr), ['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
  const bye = roundTrip(d.createRequest('BYE'));
  assert.equal(bye.uri, 'sip:caller@198.51.100.7:5070');
  assert.deepEqual(bye.headers.getAll('Route'), ['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
  assert.equal(bye.headers.get('From'), '<sip:service@203.0.113.5>;tag=svc1');
  assert.equal(bye.headers.get('To'), '<sip:+8613800000000@carrier.example.net>;tag=c4ll3r');
  assert.equal(bye.headers.get('CSeq'), '42 BYE');
  assert.equal(getCSeq(d.createRequest('INFO'))?.seq, 43);
  const big = uasDialog(fixed(0xffffffff));
  const seq = getCSeq(big.createRequest('BYE'))?.seq ?? 0;
  assert.ok(seq >= 1 && seq < 2 ** 31, String(seq));
});

test('strict first route: it becomes the Request-URI and the remote target is the last Route (§12.2.1.1)', () => {
  const strict = Dialog.asUac(
    invite(),
    (() => {
      const r = ok200();
      r.headers.remove('Record-Route');
      r.headers.append('Record-Route', '<sip:p2.example.com;lr>').append('Record-Route', '<sip:p1.example.com;method=INVITE?x=y>');
      return r;
    })(),
  );
  assert.ok(strict.ok);
  const bye = roundTrip(strict.value.createRequest('BYE'));
  assert.equal(bye.uri, 'sip:p1.example.com');
  assert.deepEqual(bye.headers.getAll('Route'), ['<sip:p2.example.com;lr>', '<sip:bob@198.51.100.7:5070;transport=udp>']);
});

test('receiveRequest: lower CSeq gets 500, higher updates, re-INVITE Contact refreshes the target, ACK passes (§12.2.2)', () => {
  const d = uasDialog();
  const inDialog = (method: string, seq: number, contact?: string): SipRequest =>
    req([
      `${method} sip:svc@203.0.113.5:5070 SIP/2.0`,
      'Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bK' + method + seq,
      'From: <sip:+8613800000000@carrier.example.net>;tag=c4ll3r',
      'To: <sip:service@203.0.113.5>;tag=svc1',
      'Call-ID: in-1@carrier',
      `CSeq: ${seq} ${method}`,
      ...(contact ? [`Contact: ${contact}`] : []),
    ]);
  assert.deepEqual(d.receiveRequest(inDialog('ACK', 10)), { accepted: true });
  const stale = d.receiveRequest(inDialog('INFO', 9));
  assert.equal(stale.accepted, false);
  assert.equal(!stale.accepted && stale.response.status, 500);
  assert.equal(d.remoteSeq, 10);
  assert.deepEqual(d.receiveRequest(inDialog('INVITE', 11, '<sip:caller@198.51.100.8:5080>')), { accepted: true });
  assert.equal(d.remoteSeq, 11);
  assert.equal(formatUri(d.remoteTarget), 'sip:caller@198.51.100.8:5080');
  d.receiveRequest(inDialog('INFO', 12, '<sip:ignored@x>'));
  assert.equal(formatUri(d.remoteTarget), 'sip:caller@198.51.100.8:5080', 'INFO is no target refresh');
  const id = dialogIdOfRequest(inDialog('BYE', 13));
  assert.ok(id && dialogKey(id) === dialogKey(d.id));
  d.terminate();
  const late = d.receiveRequest(inDialog('BYE', 13));
  assert.equal(!late.accepted && late.response.status, 481);
});

test('early dialog from a 180 with To tag; the 2xx confirms it and recomputes the route set; 486 ends it (§13.2.2.4)', () => {
  const early = Dialog.asUac(invite(), provisional(180, 'b0b', []));
  assert.ok(early.ok);
  const d = early.value;
  assert.equal(d.state, 'early');
  assert.equal(formatUri(d.remoteTarget), 'sip:bob@b0b.biloxi.example.com');
  const two = ok200();
  two.headers.remove('Record-Route');
  two.headers.append('Record-Route', '<sip:p9.example.com;lr>');
  assert.equal(d.receiveResponse(two), true);
  assert.equal(d.state, 'confirmed');
  assert.deepEqual(d.routeSet.map(formatNameAddr), ['<sip:p9.example.com;lr>']);
  assert.equal(formatUri(d.remoteTarget), 'sip:bob@198.51.100.7:5070;transport=udp');
  assert.equal(d.receiveResponse(ok200('other')), false, 'another fork');
  const e2 = Dialog.asUac(invite(), provisional(183, 'x1'));
  assert.ok(e2.ok);
  const busy = provisional(183, 'x1');
  busy.status = 486;
  e2.value.receiveResponse(busy);
  assert.equal(e2.value.state, 'terminated');
  assert.equal(Dialog.asUac(invite(), provisional(100, 'x1')).ok, false);
  const bare180 = provisional(180, 'nc');
  bare180.headers.remove('Contact');
  const noContact = Dialog.asUac(invite(), bare180);
  assert.ok(noContact.ok);
  assert.equal(
    formatUri(noContact.value.remoteTarget),
    'sip:bob@biloxi.example.com',
    'a 1xx without Contact: the Request-URI until one arrives',
  );
  const untagged = provisional(180, 'x');
  untagged.headers.set('To', 'Bob <sip:bob@biloxi.example.com>');
  assert.equal(Dialog.asUac(invite(), untagged).ok, false, 'a 1xx without To tag makes no dialog');
});

test('a 481 or 408 to an in-dialog request ends the dialog (§12.2.1.2); sips over TLS is secure', () => {
  const d = uacDialog();
  const r = ok200();
  r.status = 481;
  r.headers.set('CSeq', '314160 BYE');
  d.receiveResponse(r);
  assert.equal(d.state, 'terminated');
  const sips = invite();
  sips.uri = 'sips:bob@biloxi.example.com';
  const s = Dialog.asUac(sips, ok200(), { overTls: true });
  assert.ok(s.ok && s.value.secure);
});

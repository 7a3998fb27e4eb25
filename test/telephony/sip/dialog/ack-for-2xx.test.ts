import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getCSeq,
  getTopVia,
  parseSipMessage,
  parseVia,
  serializeSipMessage,
  viaBranch,
  type Via,
} from '../../../../src/telephony/sip/message/index.ts';
import { TwoXxAcker, UacDialogSet } from '../../../../src/telephony/sip/dialog/index.ts';
import { counter, invite, ok200, provisional } from './fixtures.ts';

function myVia(): Via {
  const v = parseVia('SIP/2.0/UDP 192.0.2.10:5060;rport');
  assert.ok(v.ok);
  return v.value;
}

test('the ACK for a 2xx: new branch, the INVITE CSeq number, route set, Request-URI = remote target (§13.2.2.4)', () => {
  const set = new UacDialogSet(invite());
  const acker = new TwoXxAcker({ via: myVia(), random: counter() });
  const a = acker.initial(set, ok200());
  assert.ok(a.ok);
  assert.equal(a.value.kept, true);
  assert.equal(a.value.retransmission, false);
  assert.equal(a.value.send.length, 1);
  const ack = a.value.send[0]!;
  assert.equal(ack.method, 'ACK');
  assert.equal(ack.uri, 'sip:bob@198.51.100.7:5070;transport=udp');
  const branch = viaBranch(getTopVia(ack)!);
  assert.ok(branch?.startsWith('z9hG4bK') && branch !== 'z9hG4bKinvite1');
  assert.equal(ack.headers.count('Via'), 1);
  assert.equal(getTopVia(ack)?.params.has('rport'), true);
  assert.deepEqual(ack.headers.getAll('Route'), ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  assert.deepEqual(getCSeq(ack), { seq: 314159, method: 'ACK' });
  assert.equal(ack.headers.get('To'), '"Bob" <sip:bob@biloxi.example.com>;tag=b0b');
  assert.equal(ack.headers.has('Contact'), false);
  const wire = parseSipMessage(serializeSipMessage(ack));
  assert.ok(wire.ok);
  assert.deepEqual(
    [...wire.message.headers].map((h) => `${h.name}: ${h.value}`),
    [
      `Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=${branch}`,
      'Max-Forwards: 70',
      'Route: <sip:p1.example.com;lr>',
      'Route: <sip:p2.example.com;lr>',
      'From: "Alice" <sip:alice@atlanta.example.com>;tag=al1ce',
      'To: "Bob" <sip:bob@biloxi.example.com>;tag=b0b',
      'Call-ID: 3848276298220188511@atlanta.example.com',
      'CSeq: 314159 ACK',
    ],
  );
  const again = acker.initial(set, ok200());
  assert.ok(again.ok);
  assert.equal(again.value.retransmission, true);
  assert.deepEqual(again.value.send, [ack], 'the same ACK for every retransmitted 2xx');
});

test('forked responses make one dialog per To tag; a 2xx from a fork not kept is ACKed then BYEd, once', () => {
  const set = new UacDialogSet(invite());
  const acker = new TwoXxAcker({
    via: myVia(),
    random: counter(),
    ackContent: () => ({ contentType: 'application/sdp', body: Buffer.from('v=0\r\n') }),
  });
  const a = set.receive(provisional(180, 'forkA'));
  const b = set.receive(provisional(183, 'forkB'));
  assert.ok(a.ok && b.ok && a.value.created && b.value.created);
  assert.notEqual(a.value.dialog, b.value.dialog);
  assert.equal(set.receive(provisional(180, 'forkA')).ok && set.get('forkA')?.state, 'early');
  assert.equal(set.all().length, 2);

  const won = acker.initial(set, ok200('forkB'));
  assert.ok(won.ok);
  assert.equal(won.value.dialog, b.value.dialog);
  assert.equal(won.value.dialog.state, 'confirmed');
  assert.equal(Buffer.from(won.value.send[0]!.body).toString(), 'v=0\r\n');
  assert.equal(won.value.send[0]!.headers.get('Content-Type'), 'application/sdp');

  const lost = acker.initial(set, ok200('forkA'));
  assert.ok(lost.ok);
  assert.equal(lost.value.kept, false);
  assert.deepEqual(
    lost.value.send.map((r) => `${r.method} ${r.headers.get('CSeq')} ${r.headers.get('To')}`),
    ['ACK 314159 ACK "Bob" <sip:bob@biloxi.example.com>;tag=forkA', 'BYE 314160 BYE "Bob" <sip:bob@biloxi.example.com>;tag=forkA'],
  );
  assert.equal(lost.value.send[0]!.body.length, 0, 'no answer for a fork we hang up');
  assert.equal(lost.value.send[1]!.headers.count('Via'), 0, 'the BYE goes through a client transaction, which adds Via');
  assert.equal(lost.value.dialog.state, 'terminated');
  const lostAgain = acker.initial(set, ok200('forkA'));
  assert.ok(lostAgain.ok);
  assert.deepEqual(lostAgain.value.send, [lost.value.send[0]], 'its retransmission is only ACKed');

  const third = acker.initial(set, ok200('forkC'));
  assert.ok(third.ok && !third.value.kept && third.value.send.length === 2);
  assert.equal(set.all().length, 3);
  assert.equal(acker.keptDialog, b.value.dialog);
});

test('a non-2xx final ends every early dialog; terminateEarly ends the ones a 2xx did not confirm', () => {
  const set = new UacDialogSet(invite());
  set.receive(provisional(180, 'a'));
  set.receive(provisional(180, 'b'));
  const busy = provisional(180, 'a');
  busy.status = 486;
  set.receive(busy);
  assert.deepEqual(
    set.all().map((d) => d.state),
    ['terminated', 'terminated'],
  );
  const set2 = new UacDialogSet(invite());
  set2.receive(provisional(180, 'a'));
  set2.receive(ok200('b'));
  set2.terminateEarly();
  assert.deepEqual(
    set2.all().map((d) => d.state),
    ['terminated', 'confirmed'],
  );
});

test('a 2xx to a re-INVITE is ACKed with the re-INVITE CSeq, and again for its retransmission', () => {
  const set = new UacDialogSet(invite());
  const acker = new TwoXxAcker({ via: myVia(), random: counter() });
  const first = acker.initial(set, ok200());
  assert.ok(first.ok);
  const d = first.value.dialog;
  const re = d.createRequest('INVITE');
  const two = ok200();
  two.headers.set('CSeq', `${getCSeq(re)!.seq} INVITE`);
  two.headers.set('Contact', '<sip:bob@198.51.100.99>');
  const act = acker.reinvite(d, two);
  assert.deepEqual(getCSeq(act.send[0]!), { seq: 314160, method: 'ACK' });
  assert.equal(act.send[0]!.uri, 'sip:bob@198.51.100.99', 'the 2xx refreshed the target first');
  assert.deepEqual(acker.reinvite(d, two).send, act.send);
});

test('the ACK carries the INVITE credentials (§13.2.2.4)', () => {
  const inv = invite();
  inv.headers.append(
    'Proxy-Authorization',
    'Digest username="alice", realm="atlanta.example.com", nonce="n", uri="sip:bob@biloxi.example.com", response="r"',
  );
  const acker = new TwoXxAcker({ via: myVia(), random: counter() });
  const a = acker.initial(new UacDialogSet(inv), ok200());
  assert.ok(a.ok);
  assert.equal(a.value.send[0]!.headers.get('Proxy-Authorization'), inv.headers.get('Proxy-Authorization'));
  assert.equal(a.value.send[0]!.headers.has('Authorization'), false);
});

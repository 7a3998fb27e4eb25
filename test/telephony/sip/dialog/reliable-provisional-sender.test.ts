import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { ReliableProvisionalSender, type ReliableProvisionalEvent } from '../../../../src/telephony/sip/dialog/index.ts';
import { createResponse, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { fixed, req } from './fixtures.ts';

const INVITE = req([
  'INVITE sip:service@203.0.113.5 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKc1',
  'From: <sip:caller@carrier>;tag=c1',
  'To: <sip:service@203.0.113.5>',
  'Call-ID: rel-1',
  'CSeq: 5 INVITE',
  'Supported: 100rel',
  'Contact: <sip:caller@198.51.100.7:5070>',
]);

const prack = (rack: string): SipRequest =>
  req([
    'PRACK sip:svc@203.0.113.5 SIP/2.0',
    'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKp1',
    'From: <sip:caller@carrier>;tag=c1',
    'To: <sip:service@203.0.113.5>;tag=s1',
    'Call-ID: rel-1',
    'CSeq: 6 PRACK',
    `RAck: ${rack}`,
  ]);

function setup() {
  const clock = new VirtualClock();
  const start = clock.now();
  const sent: [number, string, number][] = [];
  const events: ReliableProvisionalEvent[] = [];
  const sender = new ReliableProvisionalSender({
    clock,
    random: fixed(776655),
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'send') sent.push([clock.now() - start, e.response.headers.get('RSeq') ?? '', e.response.status]);
    },
  });
  return { clock, sender, sent, events };
}

const ringing = () => createResponse(INVITE, 180, undefined, { toTag: 's1' });
const progress = () => createResponse(INVITE, 183, undefined, { toTag: 's1' });

test('UAS: a reliable 1xx carries Require: 100rel and RSeq, and is resent at T1 doubling without cap until 64*T1 (RFC 3262 §3)', () => {
  const { clock, sender, sent, events } = setup();
  assert.equal(sender.send(ringing()), 'sent');
  const first = events[0];
  assert.ok(first?.type === 'send');
  assert.deepEqual(first.response.headers.getAll('Require'), ['100rel']);
  assert.equal(first.response.headers.get('RSeq'), '776656');
  clock.advance(40_000);
  assert.deepEqual(
    sent.map(([t]) => t),
    [0, 500, 1500, 3500, 7500, 15500, 31500],
  );
  assert.equal(events.at(-1)?.type, 'timeout');
  assert.equal(clock.pendingTimers(), 0);
  assert.equal(sender.send(ringing()), 'closed');
});

test('UAS: the matching PRACK stops it and releases the next 1xx with RSeq + 1; others get 481', () => {
  const { clock, sender, sent } = setup();
  sender.send(ringing());
  assert.equal(sender.send(progress()), 'queued');
  clock.advance(600);
  assert.equal(sender.prackReceived(prack('776655 5 INVITE')).response.status, 481);
  assert.equal(sender.prackReceived(prack('776656 4 INVITE')).response.status, 481);
  const ok = sender.prackReceived(prack('776656 5 INVITE'));
  assert.equal(ok.matched, true);
  assert.equal(ok.response.status, 200);
  assert.equal(ok.response.headers.get('CSeq'), '6 PRACK');
  assert.equal(sender.awaitingRSeq, 776657);
  assert.equal(sender.prackReceived(prack('776656 5 INVITE')).response.status, 481, 'already acknowledged');
  assert.equal(sender.prackReceived(prack('776657 5 INVITE')).matched, true);
  assert.equal(sender.awaitingRSeq, undefined);
  assert.equal(clock.pendingTimers(), 0);
  assert.deepEqual(sent, [
    [0, '776656', 180],
    [500, '776656', 180],
    [600, '776657', 183],
  ]);
});

test('UAS: close() is idempotent and silences everything', () => {
  const { clock, sender, events } = setup();
  sender.send(ringing());
  sender.send(progress());
  sender.close();
  sender.close();
  assert.equal(clock.pendingTimers(), 0);
  clock.advance(60_000);
  assert.equal(events.length, 1);
});

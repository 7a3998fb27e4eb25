import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { Dialog, TwoXxRetransmitter, type TwoXxRetransmitEvent } from '../../../../src/telephony/sip/dialog/index.ts';
import { createResponse, type SipRequest } from '../../../../src/telephony/sip/message/index.ts';
import { fixed, req } from './fixtures.ts';

const INVITE = [
  'INVITE sip:service@203.0.113.5 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKc1',
  'From: <sip:caller@carrier>;tag=c1',
  'To: <sip:service@203.0.113.5>',
  'Call-ID: rtx-1',
  'CSeq: 5 INVITE',
  'Contact: <sip:caller@198.51.100.7:5070>',
];

function setup(clock: VirtualClock) {
  const invite = req(INVITE);
  const ok = createResponse(invite, 200, undefined, { toTag: 's1', headers: [['Contact', '<sip:svc@203.0.113.5>']] });
  const made = Dialog.asUas(invite, ok, { random: fixed(99) });
  assert.ok(made.ok);
  const times: number[] = [];
  const events: TwoXxRetransmitEvent[] = [];
  const start = clock.now();
  const rtx = new TwoXxRetransmitter(ok, made.value, {
    clock,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'retransmit') times.push(clock.now() - start);
    },
  });
  return { rtx, times, events, dialog: made.value };
}

const ack = (seq: number): SipRequest =>
  req([
    'ACK sip:svc@203.0.113.5 SIP/2.0',
    'Via: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKa1',
    'From: <sip:caller@carrier>;tag=c1',
    'To: <sip:service@203.0.113.5>;tag=s1',
    'Call-ID: rtx-1',
    `CSeq: ${seq} ACK`,
  ]);

test('the 2xx is resent at T1 doubling up to T2 and given up at 64*T1 with a BYE (§13.3.1.4)', () => {
  const clock = new VirtualClock();
  const { rtx, times, events } = setup(clock);
  clock.advance(40_000);
  const gaps = times.map((t, i) => t - (times[i - 1] ?? 0));
  assert.deepEqual(gaps, [500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
  const last = events.at(-1);
  assert.equal(last?.type, 'ack-timeout');
  assert.equal(last?.type === 'ack-timeout' && last.bye.method, 'BYE');
  assert.equal(last?.type === 'ack-timeout' && last.bye.headers.get('CSeq'), '100 BYE');
  assert.equal(rtx.active, false);
  assert.equal(clock.pendingTimers(), 0);
  rtx.close();
  rtx.close();
  assert.equal(clock.pendingTimers(), 0);
});

test('the give-up falls at 32 s exactly, after the retransmission at 31.5 s', () => {
  const clock = new VirtualClock();
  const { events } = setup(clock);
  clock.advance(31_999);
  assert.equal(events.filter((e) => e.type === 'ack-timeout').length, 0);
  assert.equal(events.length, 10);
  clock.advance(1);
  assert.equal(events.at(-1)?.type, 'ack-timeout');
});

test('the matching ACK stops it; an ACK with another CSeq does not', () => {
  const clock = new VirtualClock();
  const { rtx, times, events } = setup(clock);
  clock.advance(1600);
  assert.equal(rtx.ackReceived(ack(4)), false);
  assert.equal(rtx.ackReceived(ack(5)), true);
  assert.equal(rtx.ackReceived(ack(5)), false, 'only once');
  assert.equal(clock.pendingTimers(), 0);
  clock.advance(60_000);
  assert.deepEqual(times, [500, 1500]);
  assert.equal(events.length, 2);
});

test('close() stops everything, twice over', () => {
  const clock = new VirtualClock();
  const { rtx, events } = setup(clock);
  rtx.close();
  rtx.close();
  assert.equal(clock.pendingTimers(), 0);
  clock.advance(60_000);
  assert.equal(events.length, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../src/shared/clock.ts';
import type { IncomingCall } from '../../../src/telephony/carrier.ts';
import { SimCarrier } from '../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';
import { EndStatus } from '../../../src/domain/end-status.ts';
import { closedOnceLast, tape, textOf, type SimConfigInput } from './support/sim-harness.ts';

const OURS = '+8610000000001';
const REMOTE = '+8613800000000';

/** A sim carrier whose `incoming` calls are taped from the moment they are offered to the app. */
function inboundWorld(config: SimConfigInput = {}, onIncoming?: (c: IncomingCall, clock: VirtualClock) => void) {
  const clock = new VirtualClock(0);
  const carrier = new SimCarrier(simCarrierConfigSchema.parse(config), clock);
  const offered: { call: IncomingCall; at: number; log: [number, string][] }[] = [];
  if (onIncoming)
    carrier.on('incoming', (call) => {
      offered.push({ call, at: clock.now(), log: tape(call, clock) });
      onIncoming(call, clock);
    });
  return { clock, carrier, offered };
}

test('carrier.sim.inbound: each scripted call is offered once at its time; answered after 0 ms, the caller presses when the IVR waits', () => {
  const w = inboundWorld(
    { inbound: [{ caller: REMOTE, callee: OURS, afterSeconds: 5, digits: '12', digitDelaySeconds: 0.5, hangupAfterSeconds: 20 }] },
    (call, clock) => {
      call.on('answered', () => call.play('menu', textOf(1400)));
      call.on('dtmf', (d) => d.digit === '1' && call.play('next', textOf(700)));
      assert.equal(clock.now(), 5000);
      call.ring();
      call.answer();
    },
  );
  w.clock.advanceTo(4999);
  assert.equal(w.offered.length, 0);
  w.clock.runAll();
  assert.equal(w.offered.length, 1);
  const { call, log } = w.offered[0]!;
  assert.equal(call.caller, REMOTE);
  assert.equal(call.callee, OURS);
  assert.deepEqual(log, [
    [5000, 'answered'],
    [6400, 'done menu'],
    [6900, 'dtmf 1'],
    [7600, 'done next'],
    [8100, 'dtmf 2'],
    [25_000, 'hangup'],
    [25_000, 'close'],
  ]);
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('carrier.offer(): incoming comes from a timer, never inside offer()', () => {
  const w = inboundWorld({}, (call) => call.answer());
  const call = w.carrier.offer({ caller: REMOTE, callee: OURS, digits: '9' });
  assert.equal(w.offered.length, 0);
  assert.equal(call.state, 'offered');
  w.clock.advance(0);
  assert.equal(w.offered.length, 1);
  assert.equal(w.offered[0]!.call, call);
  w.clock.advanceTo(1000);
  assert.deepEqual(w.offered[0]!.log, [
    [0, 'answered'],
    [1000, 'dtmf 9'],
  ]);
  call.hangup();
  assert.ok(closedOnceLast(w.offered[0]!.log));
  assert.equal(w.clock.pendingTimers(), 0);
});

test('reject(cause) ends the call with no event but close', () => {
  const w = inboundWorld({}, (call) => call.reject('busy'));
  const call = w.carrier.offer({ caller: REMOTE, callee: OURS });
  w.clock.runAll();
  assert.deepEqual(w.offered[0]!.log, [[0, 'close']]);
  assert.equal(call.rejectedWith, 'busy');
  call.answer(); // too late: nothing happens
  call.reject('declined');
  assert.equal(call.rejectedWith, 'busy');
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('a caller nobody answers gives up after giveUpSeconds: failed 104 ringingGiveUp, then close', () => {
  const w = inboundWorld({}, (call) => call.ring());
  w.carrier.offer({ caller: REMOTE, callee: OURS, giveUpSeconds: 12 });
  w.clock.runAll();
  assert.deepEqual(w.offered[0]!.log, [
    [12_000, 'failed 104'],
    [12_000, 'close'],
  ]);
  assert.equal(EndStatus.ringingGiveUp, 104);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('with no incoming listener the call is refused (unavailable) at once', () => {
  const w = inboundWorld({ inbound: [{ caller: REMOTE, callee: OURS, afterSeconds: 1 }] });
  const direct = w.carrier.offer({ caller: REMOTE, callee: OURS });
  const log = tape(direct, w.clock);
  w.clock.runAll();
  assert.deepEqual(log, [[0, 'close']]);
  assert.equal(direct.rejectedWith, 'unavailable');
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('carrier.close() closes offered and answered inbound calls, each with close once; scripted calls not yet due never come', async () => {
  const w = inboundWorld({ inbound: [{ caller: REMOTE, callee: OURS, afterSeconds: 60 }] }, (call) => {
    if (call.callee === OURS) call.answer();
  });
  w.carrier.offer({ caller: REMOTE, callee: OURS });
  w.carrier.offer({ caller: REMOTE, callee: '+8610000000002' });
  w.clock.advanceTo(1000);
  await w.carrier.close();
  w.clock.runAll();
  assert.equal(w.offered.length, 2);
  for (const o of w.offered) assert.ok(closedOnceLast(o.log), JSON.stringify(o.log));
  assert.deepEqual(w.offered[0]!.log, [
    [0, 'answered'],
    [1000, 'close'],
  ]);
  assert.equal(w.clock.pendingTimers(), 0);
});

test('a caller who gives up before the call is offered (giveUpSeconds 0) is never offered: no incoming for a call that is over', () => {
  const w = inboundWorld({ inbound: [{ caller: REMOTE, callee: OURS, giveUpSeconds: 0 }] }, () => {});
  const direct = w.carrier.offer({ caller: REMOTE, callee: OURS, giveUpSeconds: 0 });
  const log = tape(direct, w.clock);
  w.clock.runAll();
  assert.deepEqual(w.offered, []);
  assert.deepEqual(log, [
    [0, 'failed 104'],
    [0, 'close'],
  ]);
  assert.equal(w.carrier.activeCalls(), 0);
  assert.equal(w.clock.pendingTimers(), 0);
});

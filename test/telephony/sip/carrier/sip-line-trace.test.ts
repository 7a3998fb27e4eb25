import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { SipTraceRouter } from '../../../../src/telephony/call-trace.ts';
import { SipLineTrace, TRACE_SETTLE_MS } from '../../../../src/telephony/sip/carrier/sip-line-trace.ts';

// How long a finished line keeps its Call-ID routed: until its last signalling is answered, at most TRACE_SETTLE_MS.
const tick = () => new Promise((r) => setImmediate(r));

test('an unanswered BYE keeps the ladder routed TRACE_SETTLE_MS on the carrier clock, then the router lets go', async () => {
  const clock = new VirtualClock(0);
  const router = new SipTraceRouter();
  const t = new SipLineTrace(router, clock);
  t.open('call-1');
  t.watch(new Promise(() => undefined)); // a BYE nobody answers
  t.finish();
  let trace: unknown;
  void t.trace().then((x) => (trace = x));
  clock.advance(TRACE_SETTLE_MS - 1);
  await tick();
  assert.equal(router.size, 1);
  assert.equal(trace, undefined);
  clock.advance(1);
  await tick();
  assert.equal(router.size, 0);
  assert.deepEqual(trace, { sip: [], sipDropped: 0 });
});

test('answered signalling (and what it started meanwhile) ends the routing at once, without the clock', async () => {
  const clock = new VirtualClock(0);
  const router = new SipTraceRouter();
  const t = new SipLineTrace(router, clock);
  t.open('call-2');
  let answerCancel!: () => void;
  t.watch(new Promise<void>((r) => (answerCancel = r)));
  t.finish();
  let answerBye!: () => void;
  answerCancel();
  t.watch(new Promise<void>((r) => (answerBye = r))); // a 200 raced the CANCEL: its BYE is watched too
  await tick();
  assert.equal(router.size, 1);
  answerBye();
  await t.trace();
  assert.equal(router.size, 0);
  assert.equal(clock.pendingTimers(), 0);
});

test('a line that never sent an INVITE has no trace', async () => {
  const t = new SipLineTrace(new SipTraceRouter(), new VirtualClock(0));
  t.finish();
  assert.equal(await t.trace(), undefined);
});

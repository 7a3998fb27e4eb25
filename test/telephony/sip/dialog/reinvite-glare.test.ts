import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import { GlareRetry, glareBackoffMs, rejectCollidingReinvite } from '../../../../src/telephony/sip/dialog/index.ts';
import { fixed, req } from './fixtures.ts';

const REINVITE = req([
  'INVITE sip:a@192.0.2.10 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKre',
  'From: <sip:b@x>;tag=b',
  'To: <sip:a@y>;tag=a',
  'Call-ID: g1',
  'CSeq: 7 INVITE',
  'Contact: <sip:b@198.51.100.7>',
]);

test('a re-INVITE while ours is pending gets 491; while theirs is still open, 500 with Retry-After 0-10 (§14.2)', () => {
  assert.equal(rejectCollidingReinvite(REINVITE, { outgoing: true, incoming: false }, fixed(0))?.status, 491);
  const busy = rejectCollidingReinvite(REINVITE, { outgoing: false, incoming: true }, fixed(21));
  assert.equal(busy?.status, 500);
  assert.equal(busy?.headers.get('Retry-After'), '10');
  assert.equal(rejectCollidingReinvite(REINVITE, { outgoing: false, incoming: false }, fixed(0)), undefined);
});

test('491 back-off: the Call-ID owner waits 2.1-4 s, the other 0-2 s, in 10 ms units (§14.1)', () => {
  assert.equal(glareBackoffMs(true, fixed(0)), 2100);
  assert.equal(glareBackoffMs(true, fixed(190)), 4000);
  assert.equal(glareBackoffMs(false, fixed(0)), 0);
  assert.equal(glareBackoffMs(false, fixed(200)), 2000);
  fc.assert(
    fc.property(fc.boolean(), fc.integer({ min: 0, max: 0xffffffff }), (owner, u) => {
      const ms = glareBackoffMs(owner, fixed(u));
      assert.equal(ms % 10, 0);
      assert.ok(owner ? ms >= 2100 && ms <= 4000 : ms >= 0 && ms <= 2000, String(ms));
    }),
  );
});

test('GlareRetry fires once after the chosen delay; restart and close cancel', () => {
  const clock = new VirtualClock();
  let fired = 0;
  const g = new GlareRetry(clock, fixed(50), () => fired++);
  assert.equal(g.schedule(true), 2600);
  clock.advance(2599);
  assert.equal(fired, 0);
  clock.advance(1);
  assert.equal(fired, 1);
  assert.equal(g.pending, false);
  assert.equal(g.schedule(false), 500);
  assert.equal(g.schedule(false), 500);
  assert.equal(clock.pendingTimers(), 1, 'a restart replaces the wait');
  g.close();
  g.close();
  assert.equal(clock.pendingTimers(), 0);
  assert.equal(g.schedule(true), undefined);
  clock.advance(10_000);
  assert.equal(fired, 1);
});

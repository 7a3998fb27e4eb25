import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VirtualClock } from '../../../../src/shared/clock.ts';
import {
  SessionTimer,
  answerSessionTimer,
  sessionTimerRequestHeaders,
  expiryDelayMs,
  formatSessionExpires,
  negotiatedTimer,
  parseMinSe,
  parseSessionExpires,
  readSessionExpires,
  refreshDelayMs,
  rejectTooSmall,
  retryAfter422,
  type SessionTimerEvent,
} from '../../../../src/telephony/sip/dialog/index.ts';
import { ok200, req, res } from './fixtures.ts';

test('Session-Expires and Min-SE parse and format (RFC 4028 §4, §5)', () => {
  assert.deepEqual(parseSessionExpires('1800;refresher=uac'), { ok: true, value: { seconds: 1800, refresher: 'uac' } });
  assert.deepEqual(parseSessionExpires(' 90 ; Refresher = UAS '), { ok: true, value: { seconds: 90, refresher: 'uas' } });
  assert.deepEqual(parseSessionExpires('4000;x=1'), { ok: true, value: { seconds: 4000 } });
  assert.equal(parseSessionExpires('1800;refresher=proxy').ok, false);
  assert.equal(parseSessionExpires('abc').ok, false);
  assert.equal(parseSessionExpires('18 00').ok, false);
  assert.equal(formatSessionExpires({ seconds: 1800, refresher: 'uas' }), '1800;refresher=uas');
  assert.equal(formatSessionExpires({ seconds: 600 }), '600');
  assert.deepEqual(parseMinSe('90'), { ok: true, value: 90 });
  assert.deepEqual(parseMinSe('120;lr'), { ok: true, value: 120 });
  assert.equal(parseMinSe('').ok, false);
  const compact = ok200('b0b', ['x: 1200;refresher=uac']);
  assert.deepEqual(readSessionExpires(compact), { seconds: 1200, refresher: 'uac' });
});

test('parsers never throw', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      parseSessionExpires(s);
      parseMinSe(s);
    }),
  );
});

test('422: raise Session-Expires to Min-SE and retry; a 422 that would not raise it ends the attempt (§7.4)', () => {
  const r422 = (minSe?: string) =>
    res([
      'SIP/2.0 422 Session Interval Too Small',
      'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1',
      'From: <sip:a@x>;tag=1',
      'To: <sip:b@y>;tag=2',
      'Call-ID: st',
      'CSeq: 1 INVITE',
      ...(minSe === undefined ? [] : [`Min-SE: ${minSe}`]),
    ]);
  assert.deepEqual(retryAfter422(r422('1800'), { sessionExpires: 300, minSe: 90 }), { sessionExpires: 1800, minSe: 1800 });
  assert.equal(retryAfter422(r422('300'), { sessionExpires: 300, minSe: 90 }), undefined);
  assert.equal(retryAfter422(r422(), { sessionExpires: 300, minSe: 90 }), undefined);
  const request = req([
    'INVITE sip:svc@h SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1',
    'From: <sip:a@x>;tag=1',
    'To: <sip:svc@h>',
    'Call-ID: st',
    'CSeq: 1 INVITE',
    'Contact: <sip:a@192.0.2.10>',
    'Session-Expires: 60',
  ]);
  const rejected = rejectTooSmall(request, 90);
  assert.equal(rejected?.status, 422);
  assert.equal(rejected?.reason, 'Session Interval Too Small');
  assert.equal(rejected?.headers.get('Min-SE'), '90');
  assert.equal(rejectTooSmall(request, 60), undefined);
});

test('who refreshes is read from the 2xx, relative to our role in that transaction (§7.2, §9)', () => {
  assert.deepEqual(negotiatedTimer(ok200('t', ['Session-Expires: 1800;refresher=uac']), 'uac'), { intervalSeconds: 1800, weRefresh: true });
  assert.deepEqual(negotiatedTimer(ok200('t', ['Session-Expires: 1800;refresher=uac']), 'uas'), {
    intervalSeconds: 1800,
    weRefresh: false,
  });
  assert.deepEqual(negotiatedTimer(ok200('t', ['Session-Expires: 900']), 'uas'), { intervalSeconds: 900, weRefresh: true });
  assert.equal(negotiatedTimer(ok200('t'), 'uac'), undefined, 'no Session-Expires: no session timer');
});

function run(weRefresh: boolean, interval: number) {
  const clock = new VirtualClock();
  const start = clock.now();
  const seen: [SessionTimerEvent, number][] = [];
  const timer = new SessionTimer(clock, (e) => seen.push([e, clock.now() - start]));
  timer.restart({ intervalSeconds: interval, weRefresh });
  return { clock, timer, seen };
}

test('as refresher: refresh at half the interval (and expiry if the refresh never lands)', () => {
  const { clock, timer, seen } = run(true, 1800);
  clock.advance(3_600_000);
  assert.deepEqual(seen, [
    ['refresh', 900_000],
    ['expired', 1_768_000],
  ]);
  timer.close();
  assert.equal(clock.pendingTimers(), 0);
});

test('not refresher: expiry at interval - min(32, interval/3) s; every refresh seen restarts it', () => {
  assert.equal(expiryDelayMs(1800), 1_768_000);
  assert.equal(expiryDelayMs(90), 60_000);
  assert.equal(refreshDelayMs(90), 45_000);
  const { clock, timer, seen } = run(false, 90);
  clock.advance(59_000);
  timer.restart({ intervalSeconds: 90, weRefresh: false });
  clock.advance(59_999);
  assert.deepEqual(seen, []);
  clock.advance(1);
  assert.deepEqual(seen, [['expired', 119_000]]);
  assert.equal(clock.pendingTimers(), 0);
  timer.restart({ intervalSeconds: 1800, weRefresh: true });
  assert.deepEqual(timer.negotiated, { intervalSeconds: 1800, weRefresh: true });
  timer.restart(undefined);
  assert.equal(clock.pendingTimers(), 0, 'no Session-Expires any more: no timer');
  timer.restart({ intervalSeconds: 1800, weRefresh: false });
  timer.close();
  timer.close();
  assert.equal(clock.pendingTimers(), 0);
  timer.restart({ intervalSeconds: 1800, weRefresh: false });
  assert.equal(clock.pendingTimers(), 0, 'restart after close() does nothing');
});

const askFor = (rows: string[]) =>
  req([
    'INVITE sip:svc@h SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1',
    'From: <sip:a@x>;tag=1',
    'To: <sip:svc@h>',
    'Call-ID: st',
    'CSeq: 1 INVITE',
    'Contact: <sip:a@192.0.2.10>',
    ...rows,
  ]);

test('UAC request rows, and the UAS answer: interval, refresher and Require: timer (§7.1, §9)', () => {
  assert.deepEqual(sessionTimerRequestHeaders({ sessionExpires: 1800, minSe: 60 }, 'uac'), [
    ['Supported', 'timer'],
    ['Session-Expires', '1800;refresher=uac'],
    ['Min-SE', '90'],
  ]);
  const o = { localSeconds: 1200, localMinSe: 90, prefer: 'uac' as const };
  assert.deepEqual(answerSessionTimer(askFor(['Supported: timer', 'Session-Expires: 1800']), o), {
    sessionExpires: { seconds: 1200, refresher: 'uac' },
    headers: [
      ['Session-Expires', '1200;refresher=uac'],
      ['Require', 'timer'],
    ],
  });
  assert.deepEqual(answerSessionTimer(askFor(['Supported: 100rel, timer', 'Session-Expires: 600;refresher=uas']), o)?.sessionExpires, {
    seconds: 600,
    refresher: 'uas',
  });
  assert.deepEqual(answerSessionTimer(askFor(['Session-Expires: 600']), o), {
    sessionExpires: { seconds: 600, refresher: 'uas' },
    headers: [['Session-Expires', '600;refresher=uas']],
  });
  assert.deepEqual(answerSessionTimer(askFor(['Supported: timer', 'Min-SE: 1500']), o)?.sessionExpires, {
    seconds: 1500,
    refresher: 'uac',
  });
  assert.equal(answerSessionTimer(askFor([]), o), undefined);
});

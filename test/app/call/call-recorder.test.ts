import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { TypedEmitter } from '../../../src/shared/typed-emitter.ts';
import { newSessionRecord } from '../../../src/domain/session.ts';
import type { CallLeg, Recording, RecordingEvents, RecordOptions } from '../../../src/telephony/carrier.ts';
import type { StoredRecording } from '../../../src/storage/repositories.ts';
import { CallRecorder, type RecordingSink } from '../../../src/app/call/call-recorder.ts';

// The recorder's own rules, against a carrier recording the test completes by hand: what a
// carrier reports decides what is stored, and a carrier that never reports delays the CDR by at
// most 10 s of the call's clock.

class HandRecording extends TypedEmitter<RecordingEvents> implements Recording {
  readonly recordingId = 'carrier-1';
  closed = false;
  stop(): void {}
  /** The carrier reporting the file complete (or failed). */
  complete(result: RecordingEvents['done'][0]): void {
    this.emit('done', result);
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

function world() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  const saved: StoredRecording[] = [];
  const sink: RecordingSink = {
    plan: () => ({ recordingId: 'a'.repeat(32), path: '/data/recordings/x.wav', channels: 'mono' }),
    save: async (r) => void saved.push(r),
  };
  const rec = new HandRecording();
  const asked: RecordOptions[] = [];
  const leg = {
    closed: false,
    record: (o: RecordOptions) => (asked.push(o), rec),
  } as unknown as CallLeg;
  const session = newSessionRecord({
    sessionId: 's'.repeat(32),
    sdkAppId: 7,
    ivrId: 1,
    callee: '+8613800000000',
    calleeE164: '+8613800000000',
    caller: '+8610000000001',
    uui: '',
    variables: {},
    startedAt: clock.now(),
    requestId: 'r',
  });
  return { clock, saved, rec, asked, leg, session, recorder: new CallRecorder(sink, clock, silentLogger) };
}

const tick = () => new Promise((r) => setImmediate(r));

test('the app chooses the path; done stores it with the carrier-reported duration; start is once per call', async () => {
  const w = world();
  w.recorder.start(w.leg);
  w.recorder.start(w.leg);
  assert.deepEqual(w.asked, [{ channels: 'mono', path: '/data/recordings/x.wav' }]);
  const settled = w.recorder.settle(w.session);
  w.rec.complete({ recordingId: 'carrier-1', path: '/data/recordings/x.wav', durationMs: 4321.4 });
  await settled;
  assert.deepEqual(w.saved, [
    {
      recordingId: 'a'.repeat(32),
      sessionId: w.session.sessionId,
      sdkAppId: 7,
      path: '/data/recordings/x.wav',
      channels: 1,
      durationMs: 4321,
      createdAtMs: w.clock.now(),
    },
  ]);
  assert.equal(w.clock.pendingTimers(), 0, 'the bounded wait is cancelled once done');
});

test('a failed or abandoned recording is not stored', async () => {
  const failed = world();
  failed.recorder.start(failed.leg);
  const p = failed.recorder.settle(failed.session);
  failed.rec.complete({ recordingId: 'carrier-1', path: '/x.wav', durationMs: 10, error: 'disk full' });
  await p;
  assert.deepEqual(failed.saved, []);

  const abandoned = world();
  abandoned.recorder.start(abandoned.leg);
  const q = abandoned.recorder.settle(abandoned.session);
  abandoned.rec.close();
  await q;
  assert.deepEqual(abandoned.saved, []);
});

test('a carrier that never reports done: settle gives up after 10 s of the clock, nothing stored', async () => {
  const w = world();
  w.recorder.start(w.leg);
  let settled = false;
  void w.recorder.settle(w.session).then(() => (settled = true));
  w.clock.advance(9_999);
  await tick();
  assert.equal(settled, false);
  w.clock.advance(1);
  await tick();
  await tick();
  assert.equal(settled, true);
  assert.deepEqual(w.saved, []);
});

test('never started (the call was not answered): settle resolves at once', async () => {
  const w = world();
  await w.recorder.settle(w.session);
  assert.equal(w.clock.pendingTimers(), 0);
});

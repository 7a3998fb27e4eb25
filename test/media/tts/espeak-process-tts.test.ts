import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { EspeakProcessTts } from '../../../src/media/tts/espeak-process-tts.ts';
import { TtsError } from '../../../src/media/tts/text-to-speech.ts';
import { rms, seconds } from './support/audio-measures.ts';
import { pluginEntry, pluginTest } from './support/plugin-gate.ts';

/** One shared engine for the tests that only speak: one cold start for the file. */
const shared = pluginEntry === undefined ? undefined : new EspeakProcessTts({ entry: pluginEntry });
after(() => shared?.close());

const isGone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

async function rejectsWith(p: Promise<unknown>, code: string): Promise<TtsError> {
  const e = await p.then(
    () => assert.fail(`expected a TtsError ${code}`),
    (err: unknown) => err,
  );
  assert.ok(e instanceof TtsError, `a TtsError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return e;
}

pluginTest('speaks English: plausible length, clearly not silence, 8 kHz', async () => {
  const audio = await shared!.synthesize('Thank you for calling', 'en');
  assert.equal(audio.sampleRate, 8000);
  const s = seconds(audio.pcm, audio.sampleRate);
  assert.ok(s >= 1 && s <= 4, `${s} s`);
  assert.ok(rms(audio.pcm) > 0.03, `RMS ${rms(audio.pcm)}`);
});

pluginTest('speaks Mandarin, chosen from the script when no voice is given', async () => {
  const audio = await shared!.synthesize('感谢您的来电');
  assert.equal(audio.sampleRate, 8000);
  const s = seconds(audio.pcm, audio.sampleRate);
  assert.ok(s >= 1 && s <= 6, `${s} s`);
  assert.ok(rms(audio.pcm) > 0.03, `RMS ${rms(audio.pcm)}`);
});

pluginTest('pipelined requests in several voices all come back, each to its caller', async () => {
  const texts: [string, string][] = [
    ['one', 'en'],
    ['二', 'cmn'],
    ['three', 'en-us'],
    ['四', 'yue'],
  ];
  const before = shared!.requestCount;
  const results = await Promise.all(texts.map(([t, v]) => shared!.synthesize(t, v)));
  assert.equal(shared!.requestCount - before, 4);
  for (const r of results) assert.ok(r.pcm.length > 1000);
  assert.ok((await shared!.listVoices()).some((v) => v.languages.includes('cmn')));
});

pluginTest('an unknown voice is a typed error, and the engine keeps working', async () => {
  await rejectsWith(shared!.synthesize('hello', 'xx-nowhere'), 'unknown-voice');
  assert.ok((await shared!.synthesize('hello', 'en')).pcm.length > 0);
});

pluginTest('a killed child is replaced: the next request succeeds, and so does one in flight when it died', async (_t, entry) => {
  const tts = new EspeakProcessTts({ entry });
  try {
    await tts.synthesize('warm up', 'en');
    const first = tts.childPid!;
    process.kill(first, 'SIGKILL');
    const next = await tts.synthesize('Thank you for calling', 'en');
    assert.ok(next.pcm.length > 8000);
    const second = tts.childPid!;
    assert.notEqual(second, first);
    const inFlight = tts.synthesize('Please hold the line', 'en');
    process.kill(second, 'SIGKILL');
    assert.ok((await inFlight).pcm.length > 8000, 'resent to a fresh process');
    assert.ok(isGone(first) && isGone(second));
  } finally {
    await tts.close();
  }
});

pluginTest('close() ends the child, leaves no process, fails what was pending; a second close() is harmless', async (_t, entry) => {
  const tts = new EspeakProcessTts({ entry });
  await tts.synthesize('hello', 'en');
  const pid = tts.childPid!;
  const pending = rejectsWith(tts.synthesize('this will not be heard', 'en'), 'closed');
  await Promise.all([tts.close(), tts.close()]);
  await pending;
  assert.ok(isGone(pid), `process ${pid} is gone`);
  assert.equal(tts.childPid, undefined);
  await rejectsWith(tts.synthesize('after close', 'en'), 'closed');
  await tts.close();
});

pluginTest('a request past its deadline times out, typed, on the injected clock; the next one gets a fresh process', async (_t, entry) => {
  const clock = new VirtualClock();
  const tts = new EspeakProcessTts({ entry, clock, requestTimeoutMs: 5000 });
  try {
    const late = tts.synthesize('hello', 'en');
    const pid = tts.childPid!;
    clock.advance(5000);
    await rejectsWith(late, 'timeout');
    assert.ok((await tts.synthesize('hello again', 'en')).pcm.length > 0);
    assert.notEqual(tts.childPid, pid, 'the stuck process was replaced');
  } finally {
    await tts.close();
  }
  assert.equal(clock.pendingTimers(), 0, 'close() leaves no timer behind');
});

pluginTest('restarts are bounded: past the start budget a request fails at once, typed', async (_t, entry) => {
  const clock = new VirtualClock();
  const tts = new EspeakProcessTts({ entry, clock, maxStarts: 2, startWindowMs: 60_000 });
  try {
    for (let i = 0; i < 2; i++) {
      const p = tts.synthesize('x', 'en');
      const pid = tts.childPid!;
      process.kill(pid, 'SIGKILL');
      await p.catch(() => {}); // its retry may be refused by the budget
      while (!isGone(pid)) await new Promise((r) => setTimeout(r, 10));
    }
    await rejectsWith(tts.synthesize('x', 'en'), 'engine-failed');
    clock.advance(60_000);
    assert.ok((await tts.synthesize('the window has passed', 'en')).pcm.length > 0);
  } finally {
    await tts.close();
  }
});

pluginTest('a plug-in whose engine will not load is reported as not installed', async () => {
  const { cpSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { dirname, join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'openccc-tts-noengine-'));
  cpSync(dirname(pluginEntry!), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  const tts = new EspeakProcessTts({ entry: join(dir, 'espeak-server.mjs') });
  try {
    const e = await rejectsWith(tts.synthesize('hello', 'en'), 'not-installed');
    assert.match(e.message, /not installed/);
  } finally {
    await tts.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a node binary that cannot be spawned is a typed engine failure, and close() still settles', async () => {
  const tts = new EspeakProcessTts({ entry: '/nonexistent/espeak-server.mjs', nodePath: '/nonexistent/node' });
  const e = await rejectsWith(tts.synthesize('hello', 'en'), 'engine-failed');
  assert.match(e.message, /ENOENT/);
  await tts.close();
});

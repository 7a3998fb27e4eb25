import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { loadConfigFile } from '../../../src/app/config/load.ts';
import { openRuntime, type RuntimeOptions } from '../../../src/app/runtime/open-runtime.ts';
import type { SessionLifecycleNotice } from '../../../src/app/call/session-observer.ts';
import { estimateSpeechMs } from '../../../src/domain/prompt.ts';
import { openTextToSpeech } from '../../../src/media/tts/open-tts.ts';
import { TtsCache } from '../../../src/media/tts/tts-cache.ts';
import { cdrOf } from '../../storage/support/cdr-read.ts';
import { pluginTest } from '../../media/tts/support/plugin-gate.ts';

// The simulated line with TTS: a flow's text prompt plays for as long as its synthesized audio lasts.

const APP = 1400000000;
const GREETING = 'Thank you for calling. Your parcel arrives today between two and five.';

function writeWorld(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-speech-timing-'));
  writeFileSync(
    join(dir, 'greet.yaml'),
    `name: Greeting\nstart: hello\nnodes:\n  hello: { type: play, prompt: "${GREETING}", next: bye }\n  bye: { type: hangup }\n`,
  );
  writeFileSync(
    join(dir, 'world.yaml'),
    `
server: { dataDir: ./data }
credentials: [{ secretId: AKIDspeechTiming0000001, secretKey: speechTimingSecretKey01 }]
apps:
  - sdkAppId: ${APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [AKIDspeechTiming0000001]
    numbers:
      - { number: "008610000000001", inboundIvrId: 7000 }
    ivrs:
      - { id: 7000, name: Greeting, type: inbound, flow: greet.yaml }
carrier:
  kind: sim
  sim:
    inbound: [{ caller: "+8613800000001", callee: "+8610000000001", afterSeconds: 1 }]
`,
  );
  return dir;
}

/** Runs one scripted inbound call through openRuntime on a virtual clock; returns how long its IVR played (answer to end). */
async function playedMs(extra: Partial<RuntimeOptions>): Promise<{ ms: number; dataDir: string; cleanup: () => void }> {
  const dir = writeWorld();
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
  const notices: SessionLifecycleNotice[] = [];
  const runtime = await openRuntime({
    loaded: loadConfigFile(join(dir, 'world.yaml')),
    clock,
    logger: silentLogger,
    observer: { publish: (n) => notices.push(n) },
    ...extra,
  });
  try {
    for (let t = 0; t < 20_000; t += 10) {
      clock.advance(10);
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    }
    const id = notices.find((n) => n.type === 'session.created')?.session.sessionId;
    assert.ok(id, 'the inbound call was admitted');
    const cdr = await cdrOf(runtime.app.storage, APP, id);
    assert.ok(cdr?.acceptAt && cdr.endedAt, 'answered and ended');
    return { ms: cdr.endedAt - cdr.acceptAt, dataDir: runtime.dataDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await runtime.close();
  }
}

pluginTest('with the TTS plug-in, a text prompt plays for its synthesized length (its decoded PCM), not the estimate', async () => {
  const r = await playedMs({});
  try {
    const tts = openTextToSpeech({ cacheDir: join(r.dataDir, 'tts') });
    assert.ok(tts instanceof TtsCache);
    try {
      const audio = await tts.synthesize(GREETING);
      const pcmMs = (audio.pcm.length * 1000) / audio.sampleRate;
      assert.equal(tts.stats.renders, 0, 'the runtime rendered it into the data dir cache at start');
      assert.ok(Math.abs(r.ms - pcmMs) <= 10, `played ${r.ms} ms, the audio lasts ${pcmMs} ms`);
      console.log(`speech timing: played ${r.ms} ms, synthesized ${pcmMs} ms, estimate ${estimateSpeechMs(GREETING)} ms`);
      assert.ok(
        Math.abs(r.ms - estimateSpeechMs(GREETING)) > 200,
        `${r.ms} ms should differ from the ${estimateSpeechMs(GREETING)} ms estimate`,
      );
    } finally {
      await tts.close();
    }
  } finally {
    r.cleanup();
  }
});

test('without the plug-in (absent package, or TTS turned off) the text prompt plays for the estimate', async () => {
  for (const extra of [{ ttsPluginSpecifier: '@openccc/tts-absent/server' }, { textToSpeech: false }]) {
    const r = await playedMs(extra);
    r.cleanup();
    assert.ok(Math.abs(r.ms - estimateSpeechMs(GREETING)) <= 10, `played ${r.ms} ms, estimate ${estimateSpeechMs(GREETING)} ms`);
  }
});

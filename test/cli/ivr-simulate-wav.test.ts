import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import wavefile from 'wavefile';
import { estimateSpeechMs } from '../../src/domain/prompt.ts';
import type { SimulationResult } from '../../src/ivr/simulate.ts';
import { pluginTest } from '../media/tts/support/plugin-gate.ts';

// `openccc ivr simulate --wav`: the callee's side of a simulated call as a WAV file, run as a user runs it.

const BIN = resolve(import.meta.dirname, '../../bin/openccc.mjs');
const FLOW = `
name: Wav check
start: hello
nodes:
  hello: { type: play, prompt: "Hello \${name}, this is a test call.", next: chime }
  chime: { type: play, prompt: { audio: chime.wav }, next: menu }
  menu:
    type: menu
    prompt: { text: "请按一", voice: mandarin }
    options: { "1": { next: bye } }
    timeoutSeconds: 2
    retries: 1
    noInputPrompt: "Sorry, I did not hear you."
    onFailure: bye
  bye: { type: hangup, prompt: "Goodbye." }
`;

/** A flow dir with a 600 ms 440 Hz chime at 16 kHz (so the WAV path resamples it). */
function writeFlow(): { dir: string; flow: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-sim-wav-'));
  const chime = new wavefile.WaveFile();
  const tone = Int16Array.from({ length: 9600 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000)));
  chime.fromScratch(1, 16000, '16', tone);
  writeFileSync(join(dir, 'chime.wav'), chime.toBuffer());
  writeFileSync(join(dir, 'flow.yaml'), FLOW);
  return { dir, flow: join(dir, 'flow.yaml') };
}

function simulateCli(flow: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, 'ivr', 'simulate', flow, '--var', 'name=Ann', '--json', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
}

const rmsDbfs = (x: Int16Array) => {
  let p = 0;
  for (const v of x) p += v * v;
  return 10 * Math.log10(p / Math.max(1, x.length) / 32768 ** 2);
};

pluginTest('--wav writes the callee side: 8 kHz mono PCM as long as the timeline, prompts audible, waits silent', async () => {
  const { dir, flow } = writeFlow();
  try {
    const out = join(dir, 'callee.wav');
    // No key: the menu times out, says "Sorry", times out again, and the flow says goodbye.
    const r = simulateCli(flow, ['--wav', out, '--tts-cache', join(dir, 'tts')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /wrote .*callee\.wav: \d+\.\d{3} s of what the callee hears/);
    const result = JSON.parse(r.stdout) as SimulationResult;
    assert.deepEqual(
      result.played.map((p) => (p.prompt.kind === 'text' ? p.prompt.text : 'audio')),
      ['Hello Ann, this is a test call.', 'audio', '请按一', 'Sorry, I did not hear you.', '请按一', 'Goodbye.'],
    );
    const hello = result.played[0]!;
    assert.notEqual(hello.durationMs, estimateSpeechMs('Hello Ann, this is a test call.'), 'a text with a variable is synthesized too');
    assert.equal(result.played[1]!.durationMs, 600, 'the WAV prompt plays its own length');

    const wav = new wavefile.WaveFile(readFileSync(out));
    const fmt = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
    assert.deepEqual([fmt.audioFormat, fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 1, 8000, 16]);
    const pcm = wav.getSamples(false, Int16Array) as unknown as Int16Array;
    assert.ok(Math.abs(pcm.length - result.durationMs * 8) <= 160, `${pcm.length} samples for a ${result.durationMs} ms timeline`);
    const at = (ms: number) => Math.round(ms * 8);
    for (const p of result.played) {
      const level = rmsDbfs(pcm.subarray(at(p.atMs), at(p.endMs)));
      assert.ok(level > -40, `prompt at ${p.atMs} ms is audible: ${level.toFixed(1)} dBFS`);
    }
    // Each wait for a key (between the end of one prompt and the start of the next) is silence.
    const waits = result.played
      .slice(1)
      .map((p, i) => [result.played[i]!.endMs, p.atMs] as const)
      .filter(([a, b]) => b - a >= 1000);
    assert.equal(waits.length, 2, 'the two 2 s menu timeouts');
    for (const [a, b] of waits)
      assert.ok(
        pcm.subarray(at(a) + 1, at(b)).every((v) => v === 0),
        `silence from ${a} to ${b} ms`,
      );
    const chime = result.played[1]!;
    const tone = pcm.subarray(at(chime.atMs), at(chime.endMs));
    assert.ok(Math.abs(rmsDbfs(tone) - (20 * Math.log10(8000 / 32768) - 3)) < 0.5, 'the chime at its own level, resampled to 8 kHz');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without text-to-speech: the estimate with a note; --wav refuses plainly (exit 2) and writes nothing', () => {
  const { dir, flow } = writeFlow();
  try {
    const plain = simulateCli(flow, [], { OPENCCC_TTS: 'off' });
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stderr, /note: text-to-speech is turned off \(OPENCCC_TTS=off\)\nnote: text prompts take the estimate/);
    const result = JSON.parse(plain.stdout) as SimulationResult;
    assert.equal(result.played[0]!.durationMs, estimateSpeechMs('Hello Ann, this is a test call.'));

    const out = join(dir, 'callee.wav');
    const r = simulateCli(flow, ['--wav', out], { OPENCCC_TTS: 'off' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--wav needs text-to-speech for the flow's text prompts: text-to-speech is turned off/);
    assert.throws(() => readFileSync(out), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The plug-in process on its own, spoken to over the raw protocol (packages/tts-espeak/README.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encodeFrame, FrameDecoder, type Frame } from '../../../src/media/tts/plugin-frames.ts';
import { pluginTest } from './support/plugin-gate.ts';

interface Run {
  frames: Frame[];
  code: number | null;
  decodeError?: string;
}

/** Starts the plug-in, writes each chunk (pausing between them so they arrive apart), closes stdin, collects every frame. */
function runPlugin(entry: string, chunks: Buffer[]): Promise<Run> {
  const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'ignore'] });
  const decoder = new FrameDecoder();
  const run: Run = { frames: [], code: null };
  child.stdout.on('data', (chunk: Buffer) => {
    const r = decoder.push(chunk);
    run.frames.push(...r.frames);
    if (r.failure !== undefined) run.decodeError = r.failure;
  });
  child.stdin.on('error', () => {});
  void (async () => {
    for (const c of chunks) {
      child.stdin.write(c);
      await new Promise((r) => setImmediate(r));
    }
    child.stdin.end();
  })();
  return new Promise((resolve) =>
    child.on('close', (code) => {
      run.code = code;
      if (decoder.pendingBytes > 0) run.decodeError = `${decoder.pendingBytes} stray bytes on stdout`;
      resolve(run);
    }),
  );
}

pluginTest('answers pipelined requests in order: several in one chunk, one cut into single bytes', async (_t, entry) => {
  const split = encodeFrame({ id: 3, type: 'synthesize', text: 'Goodbye', voice: 'en-us' });
  const run = await runPlugin(entry, [
    Buffer.concat([encodeFrame({ id: 1, text: 'Thank you for calling', voice: 'en' }), encodeFrame({ id: 2, type: 'list-voices' })]),
    ...[...split].map((b) => Buffer.from([b])),
  ]);
  assert.equal(run.decodeError, undefined, 'stdout holds frames and nothing else');
  assert.equal(run.code, 0, 'closing stdin ends the plug-in cleanly');
  assert.deepEqual(
    run.frames.map((f) => [f.header.id, f.header.ok]),
    [
      [1, true],
      [2, true],
      [3, true],
    ],
  );
  const [speech, voices] = run.frames;
  assert.equal(speech!.header.sampleRate, 22050);
  assert.equal(speech!.payload.length, Number(speech!.header.samples) * 2);
  const ids = (voices!.header.voices as { id: string; languages: string[] }[]).flatMap((v) => v.languages);
  for (const lang of ['en', 'en-us', 'cmn', 'yue']) assert.ok(ids.includes(lang), `list-voices offers ${lang}`);
});

pluginTest('friendly voice names are spoken by the espeak voice they stand for', async (_t, entry) => {
  const names = ['cmn', 'mandarin', 'zh-CN', 'zh', 'yue', 'cantonese', 'english', 'EN-US'];
  const run = await runPlugin(entry, [Buffer.concat(names.map((voice, id) => encodeFrame({ id, text: '感谢您的来电', voice })))]);
  assert.deepEqual(
    run.frames.map((f) => f.header.voice),
    ['cmn', 'cmn', 'cmn', 'cmn', 'yue', 'yue', 'en', 'en-us'],
  );
  // espeak adds a little randomness to every rendering, so equal voices give equal lengths only within a few percent.
  const seconds = run.frames.map((f) => Number(f.header.samples) / 22050);
  for (const i of [1, 2, 3]) assert.ok(Math.abs(seconds[i]! - seconds[0]!) < 0.1, `${names[i]} ≈ cmn`);
});

pluginTest('an unknown voice is refused by code, and the next request still speaks', async (_t, entry) => {
  const run = await runPlugin(entry, [
    Buffer.concat([
      encodeFrame({ id: 1, text: 'hello', voice: 'xx-nowhere' }),
      encodeFrame({ id: 2, text: 'hello', voice: 'en' }),
      encodeFrame({ id: 3, text: 42 }),
      encodeFrame({ id: 4, type: 'dance' }),
    ]),
  ]);
  assert.deepEqual(
    run.frames.map((f) => [f.header.id, f.header.ok, f.header.code]),
    [
      [1, false, 'unknown-voice'],
      [2, true, undefined],
      [3, false, 'bad-request'],
      [4, false, 'bad-request'],
    ],
  );
  assert.ok(run.frames[1]!.payload.length > 0);
});

pluginTest('a broken request stream ends the plug-in with code 2 and no stray output', async (_t, entry) => {
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
  const run = await runPlugin(entry, [encodeFrame({ id: 1, type: 'list-voices' }), garbage]);
  assert.equal(run.code, 2);
  assert.equal(run.decodeError, undefined);
  assert.equal(run.frames.length, 1, 'what was asked before the break is still answered');
});

pluginTest('without its engine package the plug-in exits with code 3', async (_t, entry) => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-tts-noengine-'));
  try {
    cpSync(dirname(entry), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
    const run = await runPlugin(join(dir, 'espeak-server.mjs'), []);
    assert.equal(run.code, 3);
    assert.equal(run.frames.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

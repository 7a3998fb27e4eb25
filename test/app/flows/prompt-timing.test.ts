import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AUDIO_MS, estimateSpeechMs, promptDurationMs } from '../../../src/domain/prompt.ts';
import { readWavDurationMs, wavDurationMs } from '../../../src/app/flows/wav-duration.ts';
import { loadFlowFile } from '../../../src/app/flows/load-flow-file.ts';

function wav(opts: { byteRate: number; dataBytes: number; declaredData?: number; extraChunk?: boolean }): Uint8Array {
  const chunks: Buffer[] = [];
  const fmt = Buffer.alloc(8 + 16);
  fmt.write('fmt ', 0);
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(opts.byteRate / 2, 12);
  fmt.writeUInt32LE(opts.byteRate, 16);
  chunks.push(fmt);
  if (opts.extraChunk) {
    const list = Buffer.alloc(8 + 5 + 1); // odd size, padded
    list.write('LIST', 0);
    list.writeUInt32LE(5, 4);
    chunks.push(list);
  }
  const data = Buffer.alloc(8 + opts.dataBytes);
  data.write('data', 0);
  data.writeUInt32LE(opts.declaredData ?? opts.dataBytes, 4);
  chunks.push(data);
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0);
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WAVE', 8);
  return new Uint8Array(Buffer.concat([head, body]));
}

test('speech takes 70 ms per character (250 per Han character), at least 400 ms', () => {
  assert.equal(estimateSpeechMs('Hello there'), 11 * 70);
  assert.equal(estimateSpeechMs('hi'), 400);
  assert.equal(estimateSpeechMs(''), 400);
  assert.equal(estimateSpeechMs('您好，再见'), 4 * 250 + 70);
});

test('a WAV duration is its data size over its byte rate, past other chunks', () => {
  assert.equal(wavDurationMs(wav({ byteRate: 16000, dataBytes: 8000 })), 500);
  assert.equal(wavDurationMs(wav({ byteRate: 16000, dataBytes: 24000, extraChunk: true })), 1500);
  // A streamed file declares no size: the rest of the file is the data.
  assert.equal(wavDurationMs(wav({ byteRate: 8000, dataBytes: 4000, declaredData: 0xffffffff })), 500);
  assert.equal(wavDurationMs(new TextEncoder().encode('ID3 not a wave file')), undefined);
  assert.equal(wavDurationMs(new Uint8Array(4)), undefined);
});

test('audio prompts carry their measured length from the loader, else play a default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-wav-'));
  try {
    writeFileSync(join(dir, 'a.wav'), wav({ byteRate: 16000, dataBytes: 32000 }));
    writeFileSync(join(dir, 'b.mp3'), 'not a wave');
    assert.equal(readWavDurationMs(join(dir, 'a.wav')), 2000);
    assert.equal(readWavDurationMs(join(dir, 'b.mp3')), undefined);
    assert.equal(readWavDurationMs(join(dir, 'none.wav')), undefined);
    writeFileSync(
      join(dir, 'f.yaml'),
      'name: T\nstart: a\nnodes:\n  a: { type: play, prompt: { audio: a.wav }, next: b }\n  b: { type: hangup, prompt: { audio: b.mp3 } }\n',
    );
    const flow = loadFlowFile(join(dir, 'f.yaml'));
    const na = flow.nodes.a!;
    const nb = flow.nodes.b!;
    const a = na.type === 'play' ? na.prompt : undefined;
    const b = nb.type === 'hangup' ? nb.prompt : undefined;
    assert.deepEqual(a, { kind: 'audio', path: join(dir, 'a.wav'), durationMs: 2000 });
    assert.deepEqual(b, { kind: 'audio', path: join(dir, 'b.mp3') });
    assert.equal(promptDurationMs(a!), 2000);
    assert.equal(promptDurationMs(b!), DEFAULT_AUDIO_MS);
    assert.equal(promptDurationMs({ kind: 'text', text: 'x'.repeat(10) }), 700);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

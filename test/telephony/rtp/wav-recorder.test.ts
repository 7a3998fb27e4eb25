import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { WavRecorder, type RecorderFile } from '../../../src/telephony/rtp/wav-recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'openccc-wav-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function frame(k: number, n = 160, sign = 1): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => sign * ((k * 997 + i * 131) % 30000) - 15000 * (k & 1));
}

function read(path: string) {
  const wav = new wavefile.WaveFile(readFileSync(path));
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
  const data = wav.data as { chunkSize: number };
  return { wav, fmt, data, bytes: readFileSync(path) };
}

test('mono: header sizes patched on close, samples exact, read back with wavefile', async () => {
  const path = join(dir, 'mono.wav');
  const rec = await WavRecorder.open(path, { bufferBytes: 1000 });
  const frames = Array.from({ length: 50 }, (_, k) => frame(k));
  for (const f of frames) assert.ok(rec.write(f));
  const result = await rec.close();
  assert.deepEqual(result, { path, dataBytes: 50 * 320, durationMs: 1000 });
  const { wav, fmt, data, bytes } = read(path);
  assert.deepEqual([fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 8000, 16]);
  assert.equal(data.chunkSize, 16000);
  assert.equal(bytes.readUInt32LE(4), 36 + 16000);
  assert.equal(bytes.readUInt32LE(40), 16000);
  assert.equal(statSync(path).size, 44 + 16000);
  assert.deepEqual(
    Array.from(wav.getSamples(false, Int16Array) as unknown as Int16Array),
    frames.flatMap((f) => [...f]),
  );
});

test('stereo: left = remote, right = local, silence where one side had no frame', async () => {
  const path = join(dir, 'stereo.wav');
  const rec = await WavRecorder.open(path, { channels: 2 });
  const remote = [frame(1), null, frame(3)];
  const local = [frame(2, 160, -1), frame(4, 160, -1), null];
  for (let i = 0; i < 3; i++) assert.ok(rec.writeStereo(remote[i]!, local[i]!, 160));
  assert.equal(rec.write(frame(1)), false, 'mono write on a stereo recorder');
  const result = await rec.close();
  assert.equal(result.durationMs, 60);
  const { wav, fmt, data } = read(path);
  assert.equal(fmt.numChannels, 2);
  assert.equal(data.chunkSize, 3 * 160 * 4);
  const [left, right] = wav.getSamples(false, Int16Array) as unknown as [Int16Array, Int16Array];
  const silence = new Array<number>(160).fill(0);
  assert.deepEqual([...left], [...frame(1), ...silence, ...frame(3)]);
  assert.deepEqual([...right], [...frame(2, 160, -1), ...frame(4, 160, -1), ...silence]);
});

test('close() is idempotent and later writes are refused', async () => {
  const path = join(dir, 'twice.wav');
  const rec = await WavRecorder.open(path);
  rec.write(frame(0));
  const a = rec.close();
  const b = rec.close();
  assert.equal(a, b);
  await a;
  assert.equal(rec.write(frame(1)), false);
  assert.equal(read(path).data.chunkSize, 320);
});

test('a write error midway: close() reports it and still leaves a valid header for the data written before it', async () => {
  const path = join(dir, 'broken.wav');
  let writes = 0;
  const openFile = async (p: string): Promise<RecorderFile> => {
    const fh = await open(p, 'w');
    return {
      write: (buf, off, len, pos) => {
        // The header write, then two 640-byte chunks succeed; the third chunk fails (disk full).
        if (++writes === 4) return Promise.reject(new Error('ENOSPC: no space left on device'));
        return fh.write(buf, off, len, pos);
      },
      truncate: (len) => fh.truncate(len),
      close: () => fh.close(),
    };
  };
  const rec = await WavRecorder.open(path, { bufferBytes: 640, openFile });
  for (let k = 0; k < 10; k++) rec.write(frame(k));
  const result = await rec.close();
  assert.match(String(result.error), /ENOSPC/);
  assert.equal(result.dataBytes, 2 * 640);
  const { wav, data, bytes } = read(path);
  assert.equal(data.chunkSize, 1280);
  assert.equal(bytes.readUInt32LE(4), 36 + 1280);
  assert.equal(bytes.length, 44 + 1280);
  assert.deepEqual(
    Array.from(wav.getSamples(false, Int16Array) as unknown as Int16Array),
    [0, 1, 2, 3].flatMap((k) => [...frame(k)]),
  );
  assert.equal(rec.write(frame(0)), false, 'no writes after a failure');
});

test('a recording with no frames is a valid empty WAV', async () => {
  const path = join(dir, 'empty.wav');
  const rec = await WavRecorder.open(path);
  assert.deepEqual(await rec.close(), { path, dataBytes: 0, durationMs: 0 });
  assert.equal(statSync(path).size, 44);
  assert.equal(read(path).data.chunkSize, 0);
});

test('a disk that does not keep up stops the recording instead of buffering it in memory', async () => {
  const path = join(dir, 'slow.wav');
  const gates: (() => void)[] = [];
  const openFile = async (p: string): Promise<RecorderFile> => {
    const fh = await open(p, 'w');
    return {
      // Every write waits until the test releases it.
      write: (buf, off, len, pos) => new Promise((resolve) => gates.push(() => resolve(fh.write(buf, off, len, pos)))),
      truncate: (len) => fh.truncate(len),
      close: () => fh.close(),
    };
  };
  const rec = await WavRecorder.open(path, { bufferBytes: 640, maxPendingBytes: 2000, openFile });
  let accepted = 0;
  for (let k = 0; k < 40; k++) if (rec.write(frame(k))) accepted++;
  assert.ok(accepted < 40, `accepted ${accepted} frames`);
  let done = false;
  const closing = rec.close().finally(() => (done = true));
  // Release writes one by one (the header patch at close goes through the same slow disk).
  while (!done) {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  const result = await closing;
  assert.match(String(result.error), /behind the disk/);
  const { data, bytes } = read(path);
  assert.equal(data.chunkSize, result.dataBytes);
  assert.equal(bytes.length, 44 + result.dataBytes);
});

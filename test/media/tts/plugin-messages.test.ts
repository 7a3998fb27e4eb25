import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from '../../../src/media/tts/plugin-frames.ts';
import { readSynthesized, readVoices, replyId } from '../../../src/media/tts/plugin-messages.ts';

const frame = (header: Record<string, unknown>, payload: number[] = []): Frame => ({ header, payload: Buffer.from(payload) });

test('a synthesis answer yields little-endian Int16 samples, even from an odd payload offset', () => {
  const bytes = Buffer.from([0xff, 0x01, 0x00, 0xff, 0x7f]); // 1 junk byte, then 0x0001 and 0x7fff little-endian
  const r = readSynthesized({ header: { id: 1, ok: true, sampleRate: 22050, samples: 2 }, payload: bytes.subarray(1) });
  assert.ok(r.ok);
  assert.deepEqual([...r.value.pcm], [1, 32767]);
  assert.equal(r.value.sampleRate, 22050);
});

test('a payload that disagrees with its sample count is a protocol fault', () => {
  const r = readSynthesized(frame({ id: 1, ok: true, sampleRate: 22050, samples: 3 }, [0, 0]));
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'protocol');
});

test("the plug-in's refusals become typed errors", () => {
  const unknown = readSynthesized(frame({ id: 1, ok: false, code: 'unknown-voice', error: 'no voice "xx"' }));
  assert.equal(!unknown.ok && unknown.error.code, 'unknown-voice');
  const bad = readVoices(frame({ id: 1, ok: false, code: 'bad-request', error: 'text must be a string' }));
  assert.equal(!bad.ok && bad.error.code, 'bad-request');
  const other = readSynthesized(frame({ id: 1, ok: false, code: 'synthesis-failed', error: 'boom' }));
  assert.equal(!other.ok && other.error.code, 'engine-failed');
});

test('answers of the wrong shape are protocol faults; ids are read only when they are ids', () => {
  assert.equal(readVoices(frame({ id: 1, ok: true, voices: [{ id: 5 }] })).ok, false);
  assert.equal(readSynthesized(frame({ id: 1, ok: true })).ok, false);
  assert.equal(replyId(frame({ id: 'x' })), undefined);
  assert.equal(replyId(frame({ id: null, ok: false })), null);
  assert.equal(replyId(frame({ id: 3 })), 3);
});

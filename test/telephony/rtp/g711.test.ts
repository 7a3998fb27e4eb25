import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import alawmulaw from 'alawmulaw';
import {
  alawDecodeSample,
  alawEncodeSample,
  g711Decode,
  g711Encode,
  mulawDecodeSample,
  mulawEncodeSample,
} from '../../../src/telephony/rtp/g711.ts';

test('µ-law: all 65,536 inputs and 256 codes match alawmulaw (the Sun reference)', () => {
  for (let x = -32768; x <= 32767; x++) {
    const want = alawmulaw.mulaw.encodeSample(x) & 0xff;
    if (mulawEncodeSample(x) !== want) assert.fail(`µ-law encode ${x}: ${mulawEncodeSample(x)} ≠ ${want}`);
  }
  for (let c = 0; c < 256; c++) assert.equal(mulawDecodeSample(c), alawmulaw.mulaw.decodeSample(c) | 0, `µ-law decode ${c}`);
});

test('A-law decode: all 256 codes match alawmulaw', () => {
  for (let c = 0; c < 256; c++) assert.equal(alawDecodeSample(c), alawmulaw.alaw.decodeSample(c) | 0, `A-law decode ${c}`);
});

test('A-law encode: equals alawmulaw except on the 127 negative decision values, where G.711 symmetry decides', () => {
  const differ: number[] = [];
  for (let x = -32768; x <= 32767; x++) {
    if (alawEncodeSample(x) !== alawmulaw.alaw.encodeSample(x)) differ.push(x);
  }
  // alawmulaw negates a negative sample, so the input exactly on each negative decision value lands one interval
  // further out: the differences are exactly the negative x where our code changes between x and x − 1.
  const boundaries: number[] = [];
  for (let x = -32767; x < 0; x++) if (alawEncodeSample(x) !== alawEncodeSample(x - 1)) boundaries.push(x);
  assert.equal(differ.length, 127);
  assert.deepEqual(differ, boundaries);
  assert.equal(alawEncodeSample(-16), 0x55, '−16 is magnitude 15 in the 13-bit code: the first negative interval');
  assert.equal(alawDecodeSample(alawEncodeSample(-16)), -8);
  assert.equal(alawEncodeSample(16), 0xd4);
  assert.equal(alawEncodeSample(-1), 0x55);
  assert.equal(alawEncodeSample(0), 0xd5);
});

test('A-law encode: each code has exactly as many inputs as its sign twin (G.711 Table 1 is symmetric)', () => {
  const count = new Array<number>(256).fill(0);
  for (let x = -32768; x <= 32767; x++) count[alawEncodeSample(x)]!++;
  for (let c = 0; c < 128; c++) assert.equal(count[c], count[c | 0x80], `code ${c}`);
  // The oracle breaks it, which is why we do not follow it.
  const oracle = new Array<number>(256).fill(0);
  for (let x = -32768; x <= 32767; x++) oracle[alawmulaw.alaw.encodeSample(x)]!++;
  assert.notEqual(oracle[0x55], oracle[0xd5]);
});

test('decode then encode returns every code (µ-law except negative zero, which encodes as +0)', () => {
  for (let c = 0; c < 256; c++) {
    assert.equal(alawEncodeSample(alawDecodeSample(c)), c);
    if (c !== 0x7f) assert.equal(mulawEncodeSample(mulawDecodeSample(c)), c);
  }
  assert.equal(mulawEncodeSample(mulawDecodeSample(0x7f)), 0xff);
});

test('frame functions write into the caller buffer at an offset, and agree with the sample functions', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 320 }), fc.integer({ min: 0, max: 12 }), (samples, off) => {
      const pcm = Int16Array.from(samples);
      for (const law of ['pcmu', 'pcma'] as const) {
        const enc = law === 'pcmu' ? mulawEncodeSample : alawEncodeSample;
        const dec = law === 'pcmu' ? mulawDecodeSample : alawDecodeSample;
        const out = new Uint8Array(off + pcm.length).fill(0x11);
        g711Encode(law, pcm, out, off);
        assert.deepEqual([...out.subarray(0, off)], new Array(off).fill(0x11));
        assert.deepEqual([...out.subarray(off)], samples.map(enc));
        const back = new Int16Array(pcm.length);
        g711Decode(law, out, back, off);
        assert.deepEqual([...back], [...out.subarray(off)].map(dec));
      }
    }),
  );
});

test('SNR of a 1004 Hz tone at −4 dBFS is above 36 dB through both laws', () => {
  const n = 8000;
  const pcm = new Int16Array(n);
  const amp = 32767 * 10 ** (-4 / 20);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(amp * Math.sin((2 * Math.PI * 1004 * i) / 8000));
  for (const law of ['pcmu', 'pcma'] as const) {
    const codes = new Uint8Array(n);
    const back = new Int16Array(n);
    g711Encode(law, pcm, codes);
    g711Decode(law, codes, back);
    let sig = 0;
    let err = 0;
    for (let i = 0; i < n; i++) {
      sig += pcm[i]! ** 2;
      err += (pcm[i]! - back[i]!) ** 2;
    }
    const snr = 10 * Math.log10(sig / err);
    assert.ok(snr > 36, `${law} SNR ${snr.toFixed(1)} dB`);
  }
});

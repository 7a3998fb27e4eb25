import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import alawmulaw from 'alawmulaw';
import { decodeWavPrompt } from '../../../src/media/audio/decode-wav-prompt.ts';
import { toPromptAudio } from '../../../src/media/audio/frames.ts';
import { ascii, chunkOffset, db, fmtBody, makeWav, pcm16Bytes, riff, rms, sine, toInt16 } from './wav-fixtures.ts';

function decode(bytes: Uint8Array) {
  const r = decodeWavPrompt(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r;
}

const DEPTHS: [string, string, number][] = [
  ['8', 'pcm', 8],
  ['16', 'pcm', 16],
  ['24', 'pcm', 24],
  ['32', 'pcm', 32],
  ['32f', 'float', 32],
  ['64', 'float', 64],
  ['8a', 'alaw', 8],
  ['8m', 'mulaw', 8],
];

function checkTone(depth: string, rate: number, channels: number, encoding: string, bits: number) {
  // 0.2 s is a whole number of samples at every rate (wavefile's A-law writer pads odd lengths by one).
  const tone = sine(440, rate, 0.2, 0.5);
  const r = decode(
    makeWav(
      depth,
      rate,
      Array.from({ length: channels }, () => tone),
    ),
  );
  const what = `${depth} ${rate} Hz ×${channels}`;
  assert.deepEqual(
    r.sourceFormat,
    { container: 'RIFF', encoding, bitsPerSample: bits, channels, sampleRate: rate, durationMs: 200, sizeRepaired: false },
    what,
  );
  assert.equal(r.pcm.length, 1600, what);
  const gain = db(rms(r.pcm) / (0.5 * 32767 * Math.SQRT1_2));
  assert.ok(Math.abs(gain) < 0.3, `${what}: ${gain.toFixed(2)} dB`);
}

test('every encoding, stereo at 22.05 kHz: 8 kHz mono out, tone level kept, length exact', () => {
  for (const [depth, encoding, bits] of DEPTHS) checkTone(depth, 22050, 2, encoding, bits);
});

test('every rate, mono and stereo, 16-bit and µ-law', () => {
  for (const rate of [8000, 16000, 22050, 44100, 48000]) {
    for (const channels of [1, 2]) checkTone('16', rate, channels, 'pcm', 16);
    checkTone('8m', rate, 1, 'mulaw', 8);
  }
});

test('8 kHz 16-bit mono passes through sample-exact; other depths within their quantization', () => {
  const x = toInt16(sine(1000, 8000, 0.1, 0.7));
  assert.deepEqual(decode(makeWav('16', 8000, [sine(1000, 8000, 0.1, 0.7)])).pcm, x);
  for (const [depth, tolerance] of [
    ['24', 1],
    ['32f', 1],
    ['8', 256],
  ] as const) {
    const pcm = decode(makeWav(depth, 8000, [sine(1000, 8000, 0.1, 0.7)])).pcm;
    for (let i = 0; i < x.length; i++) assert.ok(Math.abs(pcm[i]! - x[i]!) <= tolerance, `${depth} sample ${i}: ${pcm[i]} vs ${x[i]}`);
  }
});

test('G.711 WAVs decode like the alawmulaw reference decoder, byte for byte', () => {
  const wav = makeWav('8m', 8000, [sine(700, 8000, 0.05)]);
  const data = wav.subarray(chunkOffset(wav, 'data') + 8);
  assert.deepEqual(decode(wav).pcm, alawmulaw.mulaw.decode(data));
  const awav = makeWav('8a', 8000, [sine(700, 8000, 0.05)]);
  assert.deepEqual(decode(awav).pcm, alawmulaw.alaw.decode(awav.subarray(chunkOffset(awav, 'data') + 8)));
});

test('stereo is averaged: opposite phases cancel, one silent side halves the level', () => {
  const s = sine(500, 8000, 0.2, 0.5);
  const cancel = decode(makeWav('16', 8000, [s, s.map((v) => -v)])).pcm;
  assert.ok(cancel.every((v) => Math.abs(v) <= 1));
  const half = decode(makeWav('16', 8000, [s, new Float64Array(s.length)])).pcm;
  assert.ok(Math.abs(db(rms(half) / rms(toInt16(s))) + 6.02) < 0.05);
});

test('streaming headers: data size 0, 0x7ffff000 or 0xFFFFFFFF, or past the end, is clamped to the bytes present', () => {
  const pcm = toInt16(sine(440, 8000, 0.25));
  for (const declared of [0, 0x7ffff000, 0xffffffff, pcm.byteLength + 1000]) {
    const r = decode(
      riff([
        ['fmt ', fmtBody(1, 1, 8000, 16)],
        ['data', pcm16Bytes(pcm), declared],
      ]),
    );
    assert.equal(r.sourceFormat.sizeRepaired, true);
    assert.deepEqual(r.pcm, pcm, `declared ${declared}`);
  }
  // A cut-off final sample is dropped, not decoded as noise.
  const odd = riff([
    ['fmt ', fmtBody(1, 1, 8000, 16)],
    ['data', pcm16Bytes(pcm).subarray(0, 101), 0],
  ]);
  assert.equal(decode(odd.subarray(0, odd.length - 1)).pcm.length, 50);
  // An exact header is not "repaired".
  assert.equal(
    decode(
      riff([
        ['fmt ', fmtBody(1, 1, 8000, 16)],
        ['data', pcm16Bytes(pcm)],
      ]),
    ).sourceFormat.sizeRepaired,
    false,
  );
});

test('sox writing to a pipe (the espeak-ng --stdout header, 0x7ffff000) decodes to its real length', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const out = spawnSync('sox', ['-n', '-r', '22050', '-c', '1', '-b', '16', '-t', 'wav', '-', 'synth', '0.5', 'sine', '440']);
  if (out.error) {
    if (process.env.OPENCCC_REQUIRE_SIP_PEERS === '1') assert.fail('sox is required (OPENCCC_REQUIRE_SIP_PEERS=1) but is not installed');
    t.skip('sox is not installed (apt-get install sox)');
    return;
  }
  const bytes = new Uint8Array(out.stdout);
  assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(40, true), 0x7ffff000, 'sox leaves the streaming placeholder');
  const r = decode(bytes);
  assert.equal(r.sourceFormat.sizeRepaired, true);
  assert.equal(r.sourceFormat.durationMs, 500);
  assert.equal(r.pcm.length, 4000);
});

test('odd chunks are skipped: LIST with an odd size and pad byte, fact, junk, and a LIST after the data', () => {
  const pcm = toInt16(sine(440, 8000, 0.1));
  const info = riff([
    ['fmt ', fmtBody(7, 1, 8000, 8)],
    ['fact', new Uint8Array([0x20, 0x03, 0, 0])],
    ['LIST', ascii('INFOISFT\x05\x00\x00\x00Lavf\x00')],
    ['junk', new Uint8Array(3)],
    ['data', alawmulaw.mulaw.encode(pcm)],
    ['LIST', ascii('INFOICMT\x01\x00\x00\x00x')],
  ]);
  const r = decode(info);
  assert.equal(r.sourceFormat.encoding, 'mulaw');
  assert.equal(r.pcm.length, 800);
});

test('RF64 with a 0xFFFFFFFF data size and WAVE_FORMAT_EXTENSIBLE sub-formats', () => {
  const pcm = toInt16(sine(440, 16000, 0.1));
  const rf64 = decode(
    riff(
      [
        ['ds64', new Uint8Array(28)],
        ['fmt ', fmtBody(1, 1, 16000, 16)],
        ['data', pcm16Bytes(pcm), 0xffffffff],
      ],
      'RF64',
    ),
  );
  assert.equal(rf64.sourceFormat.container, 'RF64');
  assert.equal(rf64.pcm.length, 800);
  const ext = decode(
    riff([
      ['fmt ', fmtBody(0xfffe, 1, 16000, 16, 1)],
      ['data', pcm16Bytes(pcm)],
    ]),
  );
  assert.equal(ext.sourceFormat.encoding, 'pcm');
  const extFloat = decode(
    riff([
      ['fmt ', fmtBody(0xfffe, 1, 8000, 32, 3)],
      ['data', new Uint8Array(Float32Array.of(0.5, -0.5).buffer)],
    ]),
  );
  assert.deepEqual([...extFloat.pcm], [16384, -16384]);
  // wavefile itself writes WAVE_FORMAT_EXTENSIBLE for more than two channels.
  for (const depth of ['16', '24']) {
    const quad = decode(
      makeWav(
        depth,
        16000,
        [0, 1, 2, 3].map(() => sine(440, 16000, 0.1)),
      ),
    );
    assert.equal(quad.sourceFormat.channels, 4);
    assert.equal(quad.pcm.length, 800);
  }
});

test('clear reasons for what cannot be played', () => {
  const data = ['data', new Uint8Array(64)] as [string, Uint8Array];
  // ADPCM's block align is a block of samples, not channels × bits / 8.
  const adpcm = (code: number) => {
    const f = fmtBody(code, 1, 8000, 4);
    new DataView(f.buffer).setUint16(12, 256, true);
    return riff([['fmt ', f], data]);
  };
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /too short/],
    [ascii('ID3\x03 this is an mp3 file really'), /not a RIFF\/WAVE/],
    [riff([['fmt ', fmtBody(1, 1, 8000, 16)], data], 'RIFX'), /big-endian/],
    [adpcm(2), /format 2 \(MS ADPCM\), 4-bit/],
    [adpcm(17), /IMA ADPCM/],
    [riff([['fmt ', fmtBody(85, 1, 8000, 16)], data]), /MP3/],
    [riff([['fmt ', fmtBody(1, 1, 8000, 12)], data]), /PCM\), 12-bit/],
    [riff([['fmt ', fmtBody(1, 0, 8000, 16)], data]), /block align is 0|channel count 0/],
    [riff([['fmt ', fmtBody(1, 9, 8000, 16)], data]), /channel count 9/],
    [riff([['fmt ', fmtBody(1, 1, 1000, 16)], data]), /sample rate 1000/],
    [riff([['fmt ', fmtBody(1, 1, 0, 16)], data]), /sample rate 0/],
    [riff([['fmt ', fmtBody(1, 1, 8000, 16).subarray(0, 14)], data]), /fmt chunk too short/],
    [riff([data]), /no fmt chunk/],
    [riff([['fmt ', fmtBody(1, 1, 8000, 16)]]), /no data chunk/],
    [riff([['fmt ', fmtBody(1, 1, 8000, 16)], ['LIST', new Uint8Array(4), 9999], data]), /"LIST" chunk is cut off/],
  ];
  const bad = fmtBody(1, 2, 8000, 16);
  new DataView(bad.buffer).setUint16(12, 3, true);
  cases.push([riff([['fmt ', bad], data]), /block align 3 does not match 2 × 16-bit/]);
  for (const [bytes, reason] of cases) {
    const r = decodeWavPrompt(bytes);
    assert.equal(r.ok, false, String(reason));
    if (!r.ok) assert.match(r.reason, reason);
  }
  const long = decodeWavPrompt(makeWav('16', 8000, [sine(1, 8000, 2)]), { maxDurationMs: 1000 });
  assert.ok(!long.ok && /2000 ms long, over the 1000 ms limit/.test(long.reason));
});

test('examples/flows/sounds/chime.wav decodes to exactly 600 ms', () => {
  const r = decode(readFileSync(new URL('../../../examples/flows/sounds/chime.wav', import.meta.url)));
  assert.equal(r.sourceFormat.durationMs, 600);
  const audio = toPromptAudio(r.pcm);
  assert.equal(audio.durationMs, 600);
  assert.equal(audio.frames, 30);
});

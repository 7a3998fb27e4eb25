import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { DtmfDetector, type DtmfDetectorOptions } from '../../../src/telephony/rtp/dtmf-detector.ts';
import { alawDecodeSample } from '../../../src/telephony/rtp/g711.ts';
import { parseRtp, RtpView } from '../../../src/telephony/rtp/packet.ts';
import { addNoise, concat, dtmf, g711RoundTrip, ms, silence, syntheticSpeech, toPcm, type ToneOptions } from './support/signals.ts';
import { readPcapUdp } from './support/pcap.ts';

const ALL = '1234567890*#ABCD';

function detect(pcm: Int16Array, frame = 160, opts: Partial<DtmfDetectorOptions> = {}) {
  const digits: { digit: string; startSample: number }[] = [];
  const d = new DtmfDetector({ ...opts, onDigit: (x) => digits.push(x) });
  for (let o = 0; o < pcm.length; o += frame) d.feed(pcm, o, Math.min(frame, pcm.length - o));
  return digits;
}

/** The 16 digits, `onMs` tone / `offMs` gap each, after 30 ms of silence. */
function sequence(onMs: number, offMs: number, o: ToneOptions = {}): Float64Array {
  return concat([silence(30), ...[...ALL].flatMap((c) => [dtmf(c, onMs, o), silence(offMs)])]);
}

/** hits / misses / false positives of a detected string against the sent one (in order). */
function score(sent: string, got: string) {
  let i = 0;
  let hits = 0;
  for (const ch of got) {
    const j = sent.indexOf(ch, i);
    if (j >= 0) {
      hits++;
      i = j + 1;
    }
  }
  return { hits, misses: sent.length - hits, falsePositives: got.length - hits };
}

const figures: string[] = [];
function expectAll(name: string, pcm: Int16Array, frame?: number, opts?: Partial<DtmfDetectorOptions>) {
  const got = detect(pcm, frame, opts)
    .map((d) => d.digit)
    .join('');
  const s = score(ALL, got);
  figures.push(`${name.padEnd(44)} hits ${String(s.hits).padStart(2)}  misses ${s.misses}  false ${s.falsePositives}`);
  assert.equal(got, ALL, name);
}

test('all 16 digits at −10 and −30 dBFS, 45 ms tones / 45 ms gaps, any frame size', () => {
  expectAll('−10 dBFS, 45/45 ms', toPcm(sequence(45, 45)));
  expectAll('−30 dBFS, 45/45 ms', toPcm(sequence(45, 45, { lowDbfs: -30 })));
  expectAll('−10 dBFS, 45/45 ms, 1-sample frames', toPcm(sequence(45, 45)), 1);
  expectAll('−10 dBFS, 45/45 ms, 333-sample frames', toPcm(sequence(45, 45)), 333);
  expectAll('−10 dBFS, 80/80 ms', toPcm(sequence(80, 80)));
});

test('white noise at 15 dB SNR, twist within Q.24 limits, ±1.5 % frequency error', () => {
  expectAll('−10 dBFS + noise 15 dB SNR', toPcm(addNoise(sequence(45, 45), 15)));
  expectAll('−30 dBFS + noise 15 dB SNR', toPcm(addNoise(sequence(45, 45, { lowDbfs: -30 }), 15, 2)));
  expectAll('reverse twist 6 dB (low group louder)', toPcm(addNoise(sequence(45, 45, { lowDbfs: -10, twistDb: -6 }), 20)));
  expectAll('forward twist 3 dB (high group louder)', toPcm(addNoise(sequence(45, 45, { lowDbfs: -14, twistDb: 3 }), 20)));
  expectAll('forward twist 6 dB, limit raised to 8 dB', toPcm(sequence(45, 45, { lowDbfs: -16, twistDb: 6 })), 160, {
    maxForwardTwistDb: 8,
  });
  expectAll('frequencies +1.5 %', toPcm(sequence(45, 45, { freqScale: 1.015 })));
  expectAll('frequencies −1.5 %', toPcm(sequence(45, 45, { freqScale: 0.985 })));
});

test('after a µ-law and an A-law round trip', () => {
  expectAll('µ-law, −10 dBFS', g711RoundTrip(toPcm(sequence(45, 45)), 'pcmu'));
  expectAll('A-law, −10 dBFS', g711RoundTrip(toPcm(sequence(45, 45)), 'pcma'));
  expectAll('µ-law, −30 dBFS + noise 15 dB', g711RoundTrip(toPcm(addNoise(sequence(45, 45, { lowDbfs: -30 }), 15, 3)), 'pcmu'));
  expectAll('A-law, −30 dBFS + noise 15 dB', g711RoundTrip(toPcm(addNoise(sequence(45, 45, { lowDbfs: -30 }), 15, 4)), 'pcma'));
});

test('one long tone is one digit; the same digit twice needs a gap; a 10 ms dropout does not split a tone', () => {
  assert.deepEqual(
    detect(toPcm(concat([dtmf('5', 2000)]))).map((d) => d.digit),
    ['5'],
  );
  assert.deepEqual(
    detect(toPcm(concat([dtmf('5', 100), silence(45), dtmf('5', 100)]))).map((d) => d.digit),
    ['5', '5'],
  );
  assert.deepEqual(
    detect(toPcm(concat([dtmf('5', 100), silence(10), dtmf('5', 100)]))).map((d) => d.digit),
    ['5'],
  );
  assert.deepEqual(
    detect(toPcm(concat([dtmf('1', 60), dtmf('2', 60)]))).map((d) => d.digit),
    ['1', '2'],
    'a direct change to another digit',
  );
  const [d] = detect(toPcm(concat([silence(100), dtmf('9', 60)])));
  assert.ok(d && Math.abs(d.startSample - ms(100)) < 102, `start ${d?.startSample}`);
});

test('rejects: single tones, 30 ms tones, frequencies off by 3.5 %, twist beyond the limits, too quiet', () => {
  const none = (name: string, x: Float64Array) => {
    const got = detect(toPcm(x)).map((d) => d.digit);
    figures.push(`${('reject: ' + name).padEnd(44)} false ${got.length}`);
    assert.deepEqual(got, [], name);
  };
  none('low tones alone', sequence(80, 45, { only: 'low' }));
  none('high tones alone', sequence(80, 45, { only: 'high' }));
  none('30 ms tones', sequence(30, 45));
  none('frequencies +3.5 %', sequence(80, 45, { freqScale: 1.035 }));
  none('frequencies −3.5 %', sequence(80, 45, { freqScale: 0.965 }));
  none('forward twist 6 dB (limit 4)', sequence(80, 45, { lowDbfs: -16, twistDb: 6 }));
  none('reverse twist 10 dB (limit 8)', sequence(80, 45, { lowDbfs: -10, twistDb: -10 }));
  none('−50 dBFS', sequence(80, 45, { lowDbfs: -50 }));
});

test('talk-off: synthetic vowels at several pitches, with and without noise, give no digits', () => {
  for (const pitch of [85, 100, 120, 150, 200, 240]) {
    const got = detect(g711RoundTrip(toPcm(addNoise(syntheticSpeech(10_000, pitch, pitch), 25, pitch)), 'pcmu'));
    figures.push(`${`talk-off: vowels, F0 ${pitch} Hz, 10 s`.padEnd(44)} false ${got.length}`);
    assert.deepEqual(got, [], `pitch ${pitch}`);
  }
});

const G711A = '/usr/share/sip-tester/g711a.pcap';
const requirePeers = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1';
test(
  "talk-off: the speech in SIPp's g711a.pcap gives no digits",
  existsSync(G711A) || requirePeers
    ? {}
    : { skip: `${G711A} not found (apt-get install sip-tester; OPENCCC_REQUIRE_SIP_PEERS=1 fails instead)` },
  () => {
    const view = new RtpView();
    const samples: number[] = [];
    for (const d of readPcapUdp(G711A)) {
      const v = parseRtp(d.payload, view);
      if (v && v.payloadType === 8)
        for (let i = 0; i < v.payloadLength; i++) samples.push(alawDecodeSample(d.payload[v.payloadOffset + i]!));
    }
    assert.ok(samples.length > 8000 * 5, `${samples.length} samples`);
    const got = detect(Int16Array.from(samples));
    figures.push(`${`talk-off: g711a.pcap speech, ${(samples.length / 8000).toFixed(1)} s`.padEnd(44)} false ${got.length}`);
    assert.deepEqual(got, []);
  },
);

const haveSox = spawnSync('sox', ['--version']).status === 0;
test(
  'talk-off: a plucked chord and pink noise rendered by sox give no digits',
  haveSox || requirePeers ? {} : { skip: 'sox not installed (apt-get install sox; OPENCCC_REQUIRE_SIP_PEERS=1 fails instead)' },
  () => {
    const r = spawnSync('sox', [
      '-n',
      '-r',
      '8000',
      '-b',
      '16',
      '-c',
      '1',
      '-e',
      'signed',
      '-t',
      'raw',
      '-',
      'synth',
      '6',
      'pluck',
      'C3',
      'pluck',
      'E3',
      'pluck',
      'G3',
      'pinknoise',
      'tremolo',
      '3',
      '40',
      'gain',
      '-n',
      '-6',
    ]);
    assert.equal(r.status, 0, String(r.stderr));
    const pcm = new Int16Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.length >> 1);
    const got = detect(pcm);
    figures.push(`${'talk-off: sox chord + pink noise, 6 s'.padEnd(44)} false ${got.length}`);
    assert.deepEqual(got, []);
  },
);

test('detection figures', () => {
  console.log(['DTMF detector figures:', ...figures].join('\n  '));
  assert.ok(figures.length > 0);
});

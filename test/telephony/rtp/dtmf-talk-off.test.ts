// Talk-off with real speech (issue 13 item 6): minutes of espeak-ng speech, English and Mandarin in
// several voices, through the TTS path a prompt takes (plug-in, resampler to 8 kHz, disk cache), then
// G.711 µ-law and A-law 20 ms frames as a call carries them, into the in-band detector frame by frame
// as the RTP session feeds it. Speech alone must give no digit; keys pressed over it must all be heard.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTtsUnavailable, openTextToSpeech } from '../../../src/media/tts/open-tts.ts';
import type { TextToSpeech } from '../../../src/media/tts/text-to-speech.ts';
import { DtmfDetector, type DetectedDigit } from '../../../src/telephony/rtp/dtmf-detector.ts';
import { g711Decode, g711Encode, type G711Law } from '../../../src/telephony/rtp/g711.ts';
import { dtmf, ms, rng, RATE } from './support/signals.ts';

const ENGLISH = [
  'Thank you for calling. Your parcel number is 4 7 9 2 1 3, and it will arrive today between two and five p.m.',
  'Press one to confirm the delivery, press two to choose another day, or press zero to speak to an agent.',
  'Sorry, I did not hear a key. Please try again. Nine, eight, seven, six, five, four, three, two, one.',
  'Your account balance is one thousand two hundred and thirty four dollars and fifty six cents.',
  'Hello and welcome to the customer service line. All our agents are busy right now; please hold.',
  'The quick brown fox jumps over the lazy dog. She sells sea shells by the sea shore.',
  'Your verification code is 8 0 5 5 1 2. Please do not share this code with anyone.',
  'We have received your payment of 300 yuan on the 14th of March, 2026, at 9:45 in the morning.',
  'Oh, really? Wow! That is amazing. Hmm, let me think about it. Yes, yes, yes. No, no.',
  'Please say or enter your sixteen digit card number, followed by the hash key.',
];
const MANDARIN = [
  '您好，欢迎致电客户服务中心。您的包裹将于今天下午两点到五点之间送达。',
  '确认送货请按一，改约其他时间请按二，人工服务请按零。',
  '抱歉，没有听到您的按键，请再试一次。九八七六五四三二一零。',
  '您的账户余额为一千二百三十四元五角六分。',
  '您的验证码是八零五五一二，请不要告诉任何人。',
  '我们已于二零二六年三月十四日上午九点四十五分收到您的付款三百元。',
  '今天天气很好，我们一起去公园散步吧。谢谢您的耐心等待。',
  '请输入您的十六位银行卡号，并以井号键结束。',
];
/** espeak-ng voices and variants (`+f3` a female, `+m3` another male). */
const ENGLISH_VOICES = ['en', 'en-us', 'en+f3', 'en-gb-x-rp'];
const MANDARIN_VOICES = ['cmn', 'cmn+f2', 'cmn+m3'];
const KEYS = '1234567890*#ABCD';
const FRAME = 160;

const tts = openTextToSpeech({ cacheDir: join(tmpdir(), 'openccc-talk-off-tts') });
const required = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1' || process.env.CI === 'true';
const gate = !isTtsUnavailable(tts) || required ? {} : { skip: `the TTS plug-in is absent: ${tts.unavailable}` };

/** Every sentence in every voice of its language, one after the other: what a caller might say. */
async function speech(t: TextToSpeech): Promise<Int16Array> {
  const jobs = [
    ...ENGLISH_VOICES.flatMap((v) => ENGLISH.map((s) => t.synthesize(s, v))),
    ...MANDARIN_VOICES.flatMap((v) => MANDARIN.map((s) => t.synthesize(s, v))),
  ];
  const clips = await Promise.all(jobs);
  const out = new Int16Array(clips.reduce((n, c) => n + c.pcm.length, 0));
  let at = 0;
  for (const c of clips) {
    assert.equal(c.sampleRate, RATE);
    out.set(c.pcm, at);
    at += c.pcm.length;
  }
  return out;
}

/** The call path: each 20 ms frame G.711-encoded as the far end sends it, decoded and fed as RtpSession does. */
function detectOverCall(pcm: Int16Array, law: G711Law): { digits: DetectedDigit[]; frames: number } {
  const digits: DetectedDigit[] = [];
  const detector = new DtmfDetector({ onDigit: (d) => digits.push(d) });
  const payload = new Uint8Array(FRAME);
  const decoded = new Int16Array(FRAME);
  let frames = 0;
  for (let o = 0; o + FRAME <= pcm.length; o += FRAME, frames++) {
    g711Encode(law, pcm.subarray(o, o + FRAME), payload);
    g711Decode(law, payload, decoded);
    detector.feed(decoded, 0, FRAME);
  }
  return { digits, frames };
}

/** Speech scaled by `speechDb`, with a key every 700 ms (70 ms, −12 dBFS low tone, +2 dB twist) and white noise. */
function keysOverSpeech(speech: Int16Array, speechDb: number): { pcm: Int16Array; sent: { digit: string; at: number }[] } {
  const gain = 10 ** (speechDb / 20);
  const x = Float64Array.from(speech, (v) => v * gain);
  const sent: { digit: string; at: number }[] = [];
  for (let at = ms(500), k = 0; at + ms(80) < x.length; at += ms(700), k++) {
    const digit = KEYS[k % KEYS.length]!;
    const tone = dtmf(digit, 70, { lowDbfs: -12, twistDb: 2 });
    for (let i = 0; i < tone.length; i++) x[at + i]! += tone[i]!;
    sent.push({ digit, at });
  }
  const r = rng(5);
  for (let i = 0; i < x.length; i++) x[i]! += 30 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()); // ≈ −61 dBFS
  return { pcm: Int16Array.from(x, (v) => Math.max(-32768, Math.min(32767, Math.round(v)))), sent };
}

/** Each detection matched to the key sent within 60 ms of its start, once. */
function score(sent: { digit: string; at: number }[], got: DetectedDigit[]) {
  const used = new Set<number>();
  let hits = 0;
  for (const d of got) {
    const i = sent.findIndex((s, j) => !used.has(j) && s.digit === d.digit && Math.abs(d.startSample - s.at) < ms(60));
    if (i >= 0) {
      used.add(i);
      hits++;
    }
  }
  return { hits, misses: sent.length - hits, falsePositives: got.length - hits };
}

const report = (t: TestContext, line: string) => {
  t.diagnostic(line);
  console.log(`talk-off: ${line}`);
};

test('talk-off: minutes of TTS speech through G.711 give no digits; keys over quieter speech are all heard', gate, async (t) => {
  assert.ok(
    !isTtsUnavailable(tts),
    `OPENCCC_REQUIRE_SIP_PEERS=1 (or CI) needs the TTS plug-in: ${isTtsUnavailable(tts) ? tts.unavailable : ''}`,
  );
  try {
    const pcm = await speech(tts);
    const minutes = pcm.length / RATE / 60;
    assert.ok(minutes >= 3, `${minutes.toFixed(2)} min of speech`);
    for (const law of ['pcmu', 'pcma'] as const) {
      const { digits, frames } = detectOverCall(pcm, law);
      report(t, `${law}: ${minutes.toFixed(2)} min of speech, ${frames} frames, false positives ${digits.length}`);
      assert.deepEqual(
        digits.map((d) => `${d.digit}@${(d.startSample / RATE).toFixed(2)}s`),
        [],
        `${law}: the detector fired on speech`,
      );
    }
    // espeak speaks at about −15 dBFS (RMS while voiced) and the keys sit near −9 dBFS. With the speech 20 dB down
    // every key must be heard; louder speech is reported, not asserted: a voiced harmonic on a DTMF frequency at
    // a level near the tone's beats with it and breaks the twist check for several windows (measured: 1 key of
    // 85 missed at −10 dB, 2 at −6 dB, ~10 at 0 dB). No level may produce a false digit.
    for (const speechDb of [-20, -10, -6, 0]) {
      for (const law of ['pcmu', 'pcma'] as const) {
        const mix = keysOverSpeech(pcm.subarray(0, 60 * RATE), speechDb);
        const { digits, frames } = detectOverCall(mix.pcm, law);
        const s = score(mix.sent, digits);
        report(
          t,
          `${law}: ${mix.sent.length} keys over speech at ${speechDb} dB, ${frames} frames: hits ${s.hits}, misses ${s.misses}, false positives ${s.falsePositives}`,
        );
        if (speechDb <= -20) assert.equal(s.misses, 0, `${law}, speech ${speechDb} dB: missed keys`);
        assert.equal(s.falsePositives, 0, `${law}, speech ${speechDb} dB: false digits`);
      }
    }
  } finally {
    if (!isTtsUnavailable(tts)) await tts.close();
  }
});

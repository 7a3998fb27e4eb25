// RTP media primitives benchmark, one core: ops per CPU-second (process.cpuUsage, so load from other
// work on the machine inflates wall time, not the figures), median of 5 rounds.
//   node --import tsx bench/rtp-codec.ts        (BENCH_ROUNDS=N to change)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import rtpjs from 'rtp.js';
import { parseRtp, RtpView, writeRtpHeader } from '../src/telephony/rtp/packet.ts';
import { g711Decode, g711Encode } from '../src/telephony/rtp/g711.ts';
import { Rfc4733Receiver } from '../src/telephony/rtp/rfc4733-receiver.ts';
import { digitPackets } from '../src/telephony/rtp/rfc4733-sender.ts';
import { DtmfDetector } from '../src/telephony/rtp/dtmf-detector.ts';
import { ReceiveStats } from '../src/telephony/rtp/receive-stats.ts';
import { JitterBuffer } from '../src/telephony/rtp/jitter-buffer.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs `fn(n)` (which performs n operations) for ~0.3 CPU-s per round; returns the median ops per CPU-second. */
function measure(fn: (n: number) => void, batch: number): number {
  fn(batch); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let ops = 0;
    const t0 = cpuSeconds();
    let t = t0;
    while (t - t0 < 0.3) {
      fn(batch);
      ops += batch;
      t = cpuSeconds();
    }
    rates.push(ops / (t - t0));
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));
const rows: [string, string][] = [];
const row = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};

const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(12000 * Math.sin(i / 3)));
const codes = new Uint8Array(160);
const decoded = new Int16Array(160);
// Each law runs in its own child process: in one process the law measured second read 30-50 % slower,
// whichever it was (even the same law twice), so the order, not the code, decided the figure.
const lawArg = process.argv.find((a) => a.startsWith('--g711='))?.slice(7) as 'pcmu' | 'pcma' | undefined;
if (lawArg) {
  const enc = measure((n) => {
    for (let i = 0; i < n; i++) g711Encode(lawArg, pcm, codes);
  }, 10_000);
  g711Encode(lawArg, pcm, codes);
  const dec = measure((n) => {
    for (let i = 0; i < n; i++) g711Decode(lawArg, codes, decoded);
  }, 10_000);
  console.log(JSON.stringify({ enc, dec }));
  process.exit(0);
}

// A 172-byte PCMU packet: marker, PT 0, 160-byte payload (the research's benchmark packet).
const packet = Buffer.alloc(172);
writeRtpHeader(packet, { marker: true, payloadType: 0, sequence: 1234, timestamp: 567890, ssrc: 0xdeadbeef });
for (let i = 12; i < 172; i++) packet[i] = i & 0xff;
const view = new RtpView();
const out = Buffer.alloc(1500);
let sink = 0;

row(
  'RTP parse + read fields, packets/s',
  fmt(
    measure((n) => {
      for (let i = 0; i < n; i++) {
        const v = parseRtp(packet, view)!;
        sink += v.sequence + v.timestamp + v.payloadLength;
      }
    }, 10_000),
  ),
);
row(
  'RTP parse + serialize (header + payload copy, preallocated), packets/s',
  fmt(
    measure((n) => {
      for (let i = 0; i < n; i++) {
        const v = parseRtp(packet, view)!;
        view.sequence = (v.sequence + 1) & 0xffff;
        const off = writeRtpHeader(out, v);
        packet.copy(out, off, v.payloadOffset, v.payloadOffset + v.payloadLength);
        sink += out[off]!;
      }
    }, 10_000),
  ),
);
row(
  '  reference: rtp.js parse + serialize (new buffer), packets/s',
  fmt(
    measure((n) => {
      for (let i = 0; i < n; i++) {
        const p = new rtpjs.packets.RtpPacket(new DataView(packet.buffer, packet.byteOffset, packet.length));
        p.setSequenceNumber((p.getSequenceNumber() + 1) & 0xffff);
        p.serialize();
        sink += p.getByteLength();
      }
    }, 2_000),
  ),
);

for (const law of ['pcmu', 'pcma'] as const) {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--g711=${law}`], { encoding: 'utf8' });
  const { enc, dec } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { enc: number; dec: number };
  row(`G.711 ${law} encode, 160-sample frames/s`, fmt(enc));
  row(`G.711 ${law} decode, 160-sample frames/s`, fmt(dec));
}

// RFC 4733: a stream of digits, 10 packets each (SIPp's shape: updates, then three end packets).
{
  let digits = 0;
  const rx = new Rfc4733Receiver({ payloadType: 101, onDigit: () => digits++ });
  const packets: Buffer[] = [];
  for (let d = 0; d < 100; d++) {
    for (const p of digitPackets({ digit: '5', durationMs: 350, payloadType: 101, ssrc: 1, sequence: d * 10, timestamp: d * 4000 })!)
      packets.push(p.packet);
  }
  let now = 0;
  let fed = 0;
  const rate = measure((n) => {
    for (let i = 0; i < n; i++) {
      // Each pass moves every timestamp on, so the events are new to the receiver again.
      if (i % packets.length === 0) for (const q of packets) q.writeUInt32BE((q.readUInt32BE(4) + 400_000) >>> 0, 4);
      const p = packets[i % packets.length]!;
      rx.receive(parseRtp(p, view)!, p, (now += 5));
      fed++;
    }
  }, packets.length * 10);
  row('RFC 4733 receive (parse + event logic), packets/s', fmt(rate));
  row('  check: digits reported per 10 packets fed', ((digits * 10) / fed).toFixed(3));
  sink += digits;
}

// In-band DTMF detector over 10 s of tone-and-speech-like audio, fed in 160-sample frames.
{
  const seconds = 10;
  const audio = new Int16Array(8000 * seconds);
  for (let i = 0; i < audio.length; i++) {
    const t = i / 8000;
    audio[i] = Math.round(
      (Math.floor(t * 5) % 2 ? 6000 : 0) * (Math.sin(2 * Math.PI * 770 * t) + Math.sin(2 * Math.PI * 1336 * t)) +
        3000 * Math.sin(2 * Math.PI * 140 * t) * Math.sin(t),
    );
  }
  let found = 0;
  const det = new DtmfDetector({ onDigit: () => found++ });
  const frames = audio.length / 160;
  const rate = measure((n) => {
    for (let i = 0; i < n; i++) det.feed(audio, (i % frames) * 160, 160);
  }, frames);
  row('in-band DTMF detector, x realtime per core (frames/s ÷ 50)', `${(rate / 50).toFixed(0)}x  (${fmt(rate)} frames/s)`);
  sink += found;
}

{
  const stats = new ReceiveStats({ ssrc: 1, minSequential: 1 });
  let k = 0;
  row(
    'receive-stats updates/s',
    fmt(
      measure((n) => {
        for (let i = 0; i < n; i++, k++) stats.update(k & 0xffff, (k * 160) >>> 0, k * 20 + (k % 3));
      }, 10_000),
    ),
  );
}

{
  const jb = new JitterBuffer();
  const payload = new Uint8Array(160);
  const outFrame = new Uint8Array(480);
  let k = 0;
  row(
    'jitter buffer push + pull (one 20 ms frame), frames/s',
    fmt(
      measure((n) => {
        for (let i = 0; i < n; i++, k++) {
          jb.push(k & 0xffff, (k * 160) >>> 0, false, payload, 0, 160, k * 20);
          jb.pull(k * 20 + 1, outFrame);
        }
      }, 10_000),
    ),
  );
}

if (sink === 42) console.log('');

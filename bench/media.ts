// Media engine benchmark: MEDIA_CALLS concurrent RTP sessions in this process (the MediaEngine and its
// worker threads), each playing a prompt on loop to, and receiving PCMU + RFC 4733 digits from, a load
// generator in a separate process over loopback, while this process's main thread stays busy with
// request-like work (HMAC-SHA256 signing + JSON every 5 ms). Prints CPU and RSS per call, the send
// interval the generator sees (p50/p99/max), receive jitter and DTMF sent vs detected.
//   node --import tsx bench/media.ts        (MEDIA_CALLS=1000, MEDIA_SECONDS=20, MEDIA_WORKERS=cores)
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { availableParallelism } from 'node:os';
import { MediaEngine } from '../src/telephony/rtp/engine/media-engine.ts';
import type { MediaSession } from '../src/telephony/rtp/engine/media-session.ts';
import { Pacer } from '../src/telephony/rtp/engine/pacer.ts';
import { encodePrompt } from '../src/telephony/rtp/engine/prompt-frames.ts';
import { writeRtpHeader } from '../src/telephony/rtp/packet.ts';
import { digitPackets, type TimedPacket } from '../src/telephony/rtp/rfc4733-sender.ts';
import { GapHistogram } from './support/gap-histogram.ts';

const CALLS = Number(process.env.MEDIA_CALLS ?? 1000);
const SECONDS = Number(process.env.MEDIA_SECONDS ?? 20);
const WORKERS = Number(process.env.MEDIA_WORKERS ?? availableParallelism());
const WARMUP_MS = 3000;
const DIGITS = '0123456789*#';
const TE_PT = 101;

type GenCommand = { type: 'start'; ports: number[]; seconds: number } | { type: 'stop' };
type GenReport = {
  type: 'report';
  intervalsMs: { p50: number; p99: number; p999: number; max: number; count: number };
  callsHeard: number;
  sent: string[];
  cpuUs: number;
  rssBytes: number;
};

// ---------------- load generator (child process) ----------------

interface GenCall {
  socket: Socket;
  port: number;
  packet: Buffer;
  seq: number;
  ts: number;
  ssrc: number;
  lastRx: number;
  heard: boolean;
  digit: { packets: TimedPacket[]; next: number; startTick: number } | undefined;
  sent: string;
}

async function generator(): Promise<void> {
  const hist = new GapHistogram();
  let calls: GenCall[] = [];
  let started = 0;
  let stopAt = Infinity;
  const cpu0 = process.cpuUsage();
  const pacer = new Pacer({ now: () => performance.now() });
  const tickSink = {
    onTick(n: number, t: number) {
      for (let i = 0; i < calls.length; i++) {
        const c = calls[i]!;
        c.ts = (c.ts + 160) >>> 0;
        // Each call sends a digit every 4 s (staggered), none in the last second so every one can finish.
        if (!c.digit && n % 200 === i % 200 && n > 50 && t < stopAt - 1000) {
          const digit = DIGITS[((n / 200 + i) % DIGITS.length) | 0]!;
          const packets = digitPackets({
            digit,
            durationMs: 80,
            payloadType: TE_PT,
            ssrc: c.ssrc,
            sequence: c.seq,
            timestamp: c.ts,
            intervalMs: 20,
          })!;
          c.seq = (c.seq + packets.length) & 0xffff;
          c.digit = { packets, next: 0, startTick: n };
          c.sent += digit;
        }
        if (c.digit) {
          const d = c.digit;
          while (d.next < d.packets.length && d.packets[d.next]!.atMs <= (n - d.startTick) * 20) c.socket.send(d.packets[d.next++]!.packet);
          if (d.next >= d.packets.length) c.digit = undefined;
          continue;
        }
        writeRtpHeader(c.packet, { marker: false, payloadType: 0, sequence: c.seq, timestamp: c.ts, ssrc: c.ssrc });
        c.seq = (c.seq + 1) & 0xffff;
        c.socket.send(c.packet);
      }
    },
  };
  process.on('message', async (m: GenCommand) => {
    if (m.type === 'start') {
      calls = await Promise.all(
        m.ports.map(async (port, i) => {
          const socket = createSocket('udp4');
          await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
          // Connected: each send skips the address lookup (cheaper generator, fewer of its own stalls in the figures).
          await new Promise<void>((r) => socket.connect(port, '127.0.0.1', () => r()));
          const c: GenCall = {
            socket,
            port,
            packet: Buffer.alloc(172, 0xff),
            seq: i,
            ts: i * 1000,
            ssrc: 0x10000 + i,
            lastRx: -1,
            heard: false,
            digit: undefined,
            sent: '',
          };
          socket.on('message', () => {
            const now = performance.now();
            if (c.lastRx >= 0 && now - started > WARMUP_MS) hist.add(now - c.lastRx);
            c.lastRx = now;
            c.heard = true;
          });
          return c;
        }),
      );
      started = performance.now();
      stopAt = started + m.seconds * 1000;
      pacer.add(tickSink);
      process.send!({ type: 'started' });
    } else {
      pacer.remove(tickSink);
      const cpu = process.cpuUsage(cpu0);
      const report: GenReport = {
        type: 'report',
        intervalsMs: { p50: hist.quantile(0.5), p99: hist.quantile(0.99), p999: hist.quantile(0.999), max: hist.max, count: hist.count },
        callsHeard: calls.filter((c) => c.heard).length,
        sent: calls.map((c) => c.sent),
        cpuUs: cpu.user + cpu.system,
        rssBytes: process.memoryUsage().rss,
      };
      for (const c of calls) c.socket.close();
      process.send!(report, () => process.exit(0));
    }
  });
}

// ---------------- the openccc side ----------------

/** Request-like work on the main thread: sign and serialize a response every 5 ms. */
function busyMainThread(): { stop(): number } {
  const key = Buffer.from('benchSecretKey000000000000000001');
  const doc = {
    Response: {
      RequestId: 'x',
      Data: Array.from({ length: 20 }, (_, i) => ({ SessionId: `s-${i}`, Duration: i, Callee: '008613800000000' })),
    },
  };
  let ops = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < 20; i++) {
      const body = JSON.stringify(doc);
      createHmac('sha256', key).update(body).digest('hex');
      JSON.parse(body);
      ops++;
    }
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return ops;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const rss0 = process.memoryUsage().rss;
  const engine = await MediaEngine.start({ address: '127.0.0.1', portMin: 30000, portMax: 30000 + 4 * CALLS + 100, workers: WORKERS });
  const rssEngine = process.memoryUsage().rss;
  const tone = new Int16Array(8000 * 3);
  for (let i = 0; i < tone.length; i++) tone[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const prompt = encodePrompt(tone);
  const sessions: MediaSession[] = [];
  const got: string[] = [];
  for (let i = 0; i < CALLS; i++) {
    const r = await engine.openSession({ law: 'pcmu', payloadType: 0, telephoneEventPt: TE_PT });
    if (!r.ok) throw new Error(`session ${i}: ${r.reason} ${r.message}`);
    const s = r.session;
    got.push('');
    s.on('dtmf', (d) => (got[i] += d.digit));
    s.on('playbackDone', (d) => {
      if (d.reason !== 'stopped') s.play('loop', prompt, { bargeIn: false });
    });
    s.play('loop', prompt);
    sessions.push(s);
  }
  const gen: ChildProcess = fork(import.meta.filename, ['--generator'], { execArgv: ['--import', 'tsx'] });
  const reply = (type: string) => new Promise<unknown>((r) => gen.on('message', (m: { type: string }) => m.type === type && r(m)));
  const started = reply('started');
  gen.send({ type: 'start', ports: sessions.map((s) => s.port), seconds: SECONDS } satisfies GenCommand);
  await started;
  const busy = busyMainThread();
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const cpuA = process.cpuUsage();
  const wsA = await engine.workerStats();
  const tA = performance.now();
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(process.memoryUsage().rss), 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000 - WARMUP_MS));
  clearInterval(sampler);
  const cpuB = process.cpuUsage(cpuA);
  const wallS = (performance.now() - tA) / 1000;
  const wsB = await engine.workerStats();
  const report = reply('report') as Promise<GenReport>;
  gen.send({ type: 'stop' } satisfies GenCommand);
  const g = await report;
  await new Promise((r) => setTimeout(r, 500)); // let the last digits' end packets arrive
  const ops = busy.stop();
  const stats = await Promise.all(sessions.map((s) => s.stats()));
  let sent = 0;
  let matched = 0;
  let extra = 0;
  for (let i = 0; i < CALLS; i++) {
    sent += g.sent[i]!.length;
    let k = 0;
    for (const ch of got[i]!) if (ch === g.sent[i]![k]) k++;
    matched += k;
    extra += got[i]!.length - k;
  }
  const coreUse = (cpuB.user + cpuB.system) / 1e6 / wallS;
  const rss = median(rssSamples);
  const skipped = wsB.reduce((a, w, i) => a + w.ticksSkipped - wsA[i]!.ticksSkipped, 0);
  const ticks = wsB.reduce((a, w, i) => a + w.ticksRun - wsA[i]!.ticksRun, 0);
  const jitters = stats.map((s) => s.jitterMs);
  const late = wsB[0]!.tickLateness.map((_, b) => wsB.reduce((a, w, i) => a + w.tickLateness[b]! - (wsA[i]!.tickLateness[b] ?? 0), 0));
  const lateQ = (q: number) => {
    const total = late.reduce((a, b) => a + b, 0);
    let seen = 0;
    for (let b = 0; b < late.length; b++) if ((seen += late[b]!) >= q * total) return b;
    return 100;
  };
  const fmt = (x: number, d = 1) => x.toFixed(d);
  // The worker threads' own CPU (Linux /proc/thread-self), divided by the packets they moved: repeatable on a shared machine.
  const threadCpu = wsB.reduce((a, w, i) => a + (w.threadCpuUs ?? NaN) - (wsA[i]!.threadCpuUs ?? NaN), 0);
  const packetsMoved = wsB.reduce((a, w, i) => a + w.packetsSent + w.packetsReceived - wsA[i]!.packetsSent - wsA[i]!.packetsReceived, 0);
  console.log(
    `media bench: ${CALLS} calls, ${WORKERS} media workers, ${SECONDS} s (${WARMUP_MS / 1000} s warm-up), load avg at start on this machine shared by others`,
  );
  console.log(
    `  engine process CPU: ${fmt(coreUse * 100)} % of one core (main thread + workers), ${fmt((coreUse * 1e6) / CALLS)} µs CPU per call-second`,
  );
  console.log(
    `  media worker threads CPU: ${fmt(threadCpu / 1e6 / wallS, 2)} cores; ${fmt(threadCpu / packetsMoved, 2)} µs per packet (${packetsMoved} sent + received)`,
  );
  console.log(`  generator process CPU: ${fmt(g.cpuUs / 1e6 / SECONDS / 1, 2)} cores`);
  console.log(
    `  RSS: ${fmt(rss / 1e6)} MB (before engine ${fmt(rss0 / 1e6)}, engine idle ${fmt(rssEngine / 1e6)}); per call ${fmt((rss - rssEngine) / CALLS / 1024)} KB`,
  );
  console.log(
    `  send interval at the generator: p50 ${fmt(g.intervalsMs.p50)} ms, p99 ${fmt(g.intervalsMs.p99)}, p99.9 ${fmt(g.intervalsMs.p999)}, max ${fmt(g.intervalsMs.max)} (${g.intervalsMs.count} gaps, ${g.callsHeard}/${CALLS} calls heard)`,
  );
  console.log(
    `  pacer: ${ticks} ticks run, ${skipped} skipped after stalls; tick lateness after due time p50 <${lateQ(0.5) + 1} ms, p99 <${lateQ(0.99) + 1} ms, p99.9 <${lateQ(0.999) + 1} ms`,
  );
  console.log(`  receive jitter (RFC 3550 A.8, engine side): median ${fmt(median(jitters), 2)} ms, max ${fmt(Math.max(...jitters), 2)} ms`);
  console.log(
    `  packets: sent ${stats.reduce((a, s) => a + s.packetsSent, 0)}, received ${stats.reduce((a, s) => a + s.packetsReceived, 0)}, lost ${stats.reduce((a, s) => a + s.packetsLost, 0)}, late ${stats.reduce((a, s) => a + s.late, 0)}`,
  );
  console.log(`  DTMF: sent ${sent}, detected ${matched}, missed ${sent - matched}, extra ${extra}`);
  console.log(`  main-thread request work: ${fmt(ops / wallS, 0)} sign+JSON ops/s`);
  await engine.close();
}

if (process.argv.includes('--generator')) void generator();
else await main();

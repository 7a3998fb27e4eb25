// Whole-product call benchmark (issue 14 item 10): an openccc server process on a `sip` world places
// IVR calls asked for through the API (signed CreateIVRSession at a fixed rate per phase) to SIPp on
// loopback. SIPp answers, echoes our RTP (-rtp_echo: bidirectional RTP), presses 1 after 2 s (RFC 4733
// from its pcap) and waits for our BYE; the IVR's menu prompt is barged into by the 1, then a 10 s prompt
// plays and the flow hangs up. Printed per phase: calls/s asked for and accepted, CreateIVRSession
// p50/p99, concurrent calls held (the server's /healthz), the server's CPU and RSS per call, and the RTP
// send-interval p50/p99/max and jitter seen by an RTP sink in this process that is the callee media
// address of every SAMPLE-th call (for the first 2 s of it: then SIPp's pcap latches openccc onto SIPp).
// At the end every CDR is read (DescribeTelCdr by SessionIds): answered, key 1 pressed, EndStatus.
//   node --import tsx bench/calls.ts [--rates 50,100,200] [--seconds 8] [--sample 10] [--hold 10]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GapHistogram } from './support/gap-histogram.ts';
import { RtpSink } from './support/rtp-sink.ts';
import { BENCH_APP, BENCH_ID, BENCH_KEY, signedHeaders, startServerProcess } from './support/server-process.ts';
import { freeUdpPort } from '../test/e2e/support/sipp.ts';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '50,100,200' },
    seconds: { type: 'string', default: '8' },
    sample: { type: 'string', default: '10' },
    hold: { type: 'string', default: '10' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: node --import tsx bench/calls.ts [options]
  --rates R1,R2,..  new calls per second asked for through CreateIVRSession, one phase each (default 50,100,200)
  --seconds N       length of each phase (default 8)
  --hold N          seconds of the prompt played after the key, so a call lasts about N + 2.5 s (default 10)
  --sample N        every Nth call's RTP goes to this process's sink for its first 2 s (default 10)
Needs sipp (sip-tester) and root (SIPp's play_pcap_audio uses a raw socket).`);
  process.exit(0);
}
const RATES = args.rates.split(',').map(Number);
const SECONDS = Number(args.seconds);
const SAMPLE = Math.max(1, Number(args.sample));
const HOLD = Number(args.hold);

/** 16-bit mono 8 kHz WAV of a quiet two-tone hum (a prompt that costs nothing to decode or resample). */
function writeWav(file: string, seconds: number): void {
  const n = seconds * 8000;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(8000, 24);
  buf.writeUInt32LE(16000, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 425 * i) / 8000)), 44 + i * 2);
  writeFileSync(file, buf);
}

function writeWorld(dir: string, sippPort: number): string {
  writeWav(join(dir, 'menu.wav'), 8);
  writeWav(join(dir, 'info.wav'), HOLD);
  writeFileSync(
    join(dir, 'flow.yaml'),
    `name: Bench menu
start: menu
nodes:
  menu:
    type: menu
    prompt: { audio: menu.wav }
    options: { '1': { next: info } }
    timeoutSeconds: 3
    retries: 0
    onFailure: bye
  info: { type: play, prompt: { audio: info.wav }, next: bye }
  bye: { type: hangup }
`,
  );
  const world = join(dir, 'world.yaml');
  writeFileSync(
    world,
    `
server: { dataDir: ${JSON.stringify(join(dir, 'data'))} }
credentials: [{ secretId: ${BENCH_ID}, secretKey: ${BENCH_KEY} }]
apps:
  - sdkAppId: ${BENCH_APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [${BENCH_ID}]
    numbers: [{ number: "008610000000001" }]
    ivrs: [{ id: 4500, name: Bench, type: autoOutbound, flow: ${JSON.stringify(join(dir, 'flow.yaml'))} }]
limits: { default: 10000000 }
carrier:
  kind: sip
  sip:
    listen: 127.0.0.1:0
    host: 127.0.0.1
    port: ${sippPort}
    maxConcurrentCalls: 3000
    callsPerSecond: 1000
    queueSeconds: 5
    rtp: { portMin: 40000, portMax: 47999 }
    sessionExpiresSeconds: 0
`,
  );
  return world;
}

/** utime + stime (ms) and RSS (bytes) of a process, from /proc. */
function procSample(pid: number): { cpuMs: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]); // fields 14, 15 (utime, stime) counted from field 3
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuMs: ticks * 10, rss: rssKb * 1024 };
}

/** CPU (ms) of a process's main thread alone (its task with TID = PID). */
function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Nanoseconds the server's main thread spent runnable but waiting for a CPU (/proc schedstat field 2): the shared machine's share. */
function mainThreadRunqueueMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

const dir = mkdtempSync(join(tmpdir(), 'openccc-bench-calls-'));
const sink = await RtpSink.open();
const [sippPort, mediaPort, controlPort] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
// SIPp's -mp must be even for its RTP/RTCP pair on some builds; take a free even port near the one found.
const mp = mediaPort - (mediaPort % 2);
// SEQUENTIAL injection: line i is call i's SDP port, the sink for one line in SAMPLE.
writeFileSync(
  join(dir, 'ports.csv'),
  ['SEQUENTIAL', `${sink.port};`, ...Array.from({ length: SAMPLE - 1 }, () => `${mp};`)].join('\n') + '\n',
);
const totalCalls = RATES.reduce((a, r) => a + r * SECONDS, 0);
const sipp: ChildProcess = spawn(
  'sipp',
  [
    ...['-sf', join(import.meta.dirname, 'sipp/uas-ivr-echo-dtmf.xml'), '-inf', join(dir, 'ports.csv')],
    ...['-i', '127.0.0.1', '-p', String(sippPort), '-mi', '127.0.0.1', '-mp', String(mp), '-cp', String(controlPort)],
    ...(process.env.BENCH_SIPP_ERRORS ? ['-trace_err', '-error_file', process.env.BENCH_SIPP_ERRORS] : []),
    ...['-rtp_echo', '-m', String(totalCalls), '-nostdin', '-timeout', `${RATES.length * SECONDS + HOLD + 120}s`],
  ],
  { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
);
let sippOut = '';
sipp.stdout!.on('data', (d: Buffer) => (sippOut = (sippOut + d.toString()).slice(-20000)));
sipp.stderr!.on('data', (d: Buffer) => (sippOut = (sippOut + d.toString()).slice(-20000)));
await new Promise((r) => setTimeout(r, 500));
if (sipp.exitCode !== null) throw new Error(`sipp exited at once:\n${sippOut}`);

const server = await startServerProcess(writeWorld(dir, sippPort));
const base = `http://127.0.0.1:${server.port}`;
const activeCalls = async () => ((await (await fetch(`${base}/healthz`)).json()) as { activeCalls: number }).activeCalls;

const sessionIds: string[] = [];
const errors = new Map<string, number>();
let callNumber = 0;

async function createCall(latencies: number[]): Promise<void> {
  const n = callNumber++;
  const body = JSON.stringify({ SdkAppId: BENCH_APP, Callee: `+86138${String(n).padStart(8, '0')}`, IVRId: 4500, UUI: `bench-${n}` });
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}/`, { method: 'POST', headers: signedHeaders(server.port, 'CreateIVRSession', body), body });
    const json = (await res.json()) as { Response: { SessionId?: string; Error?: { Code: string } } };
    latencies.push(performance.now() - t0);
    if (json.Response.SessionId) sessionIds.push(json.Response.SessionId);
    else errors.set(json.Response.Error?.Code ?? `HTTP ${res.status}`, (errors.get(json.Response.Error?.Code ?? '') ?? 0) + 1);
  } catch (err) {
    latencies.push(performance.now() - t0);
    const code = (err as Error).message;
    errors.set(code, (errors.get(code) ?? 0) + 1);
  }
}

interface PhaseResult {
  rate: number;
  asked: number;
  accepted: number;
  p50: number;
  p99: number;
  peakCalls: number;
  cpuCores: number;
  rssPeak: number;
  sinkGaps: GapHistogram;
  sinkStreams: number;
  jitterMeanMs: number;
  jitterMaxMs: number;
  load: string;
}

const baseline = procSample(server.child.pid!);
const results: PhaseResult[] = [];
console.log(`openccc call benchmark: SIPp UAS (answer, -rtp_echo, RFC 4733 "1" at 2 s) on loopback, ${cpus().length} cores`);
console.log(
  `phases ${RATES.join(', ')} calls/s x ${SECONDS} s, calls held ~${HOLD + 2.5} s, RTP of 1 call in ${SAMPLE} measured at a sink`,
);
console.log(
  `server RSS before load ${(baseline.rss / 2 ** 20).toFixed(0)} MB; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const rate of RATES) {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const before = sessionIds.length;
  const asked0 = callNumber;
  let peakCalls = 0;
  let rssPeak = 0;
  const cpu0 = procSample(server.child.pid!);
  const sippCpu0 = procSample(sipp.pid!).cpuMs;
  const main0 = mainThreadCpuMs(server.child.pid!);
  const wait0 = mainThreadRunqueueMs(server.child.pid!);
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  sink.take();
  const sampler = setInterval(() => {
    void activeCalls().then((n) => (peakCalls = Math.max(peakCalls, n)));
    rssPeak = Math.max(rssPeak, procSample(server.child.pid!).rss);
  }, 500);
  // Fixed-rate arrivals: call k goes at t0 + k/rate, however long the earlier ones take (open loop).
  for (let k = 0; k < rate * SECONDS; k++) {
    const due = t0 + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(createCall(latencies));
  }
  await Promise.all(inflight);
  const wall = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peakCalls = Math.max(peakCalls, await activeCalls());
  const cpu1 = procSample(server.child.pid!);
  const sippCores = (procSample(sipp.pid!).cpuMs - sippCpu0) / 1000 / wall;
  const mainCores = (mainThreadCpuMs(server.child.pid!) - main0) / 1000 / wall;
  const self1 = process.cpuUsage(self0);
  const selfCores = (self1.user + self1.system) / 1e6 / wall;
  const mainWaiting = (mainThreadRunqueueMs(server.child.pid!) - wait0) / 1000 / wall;
  const rep = sink.take();
  latencies.sort((a, b) => a - b);
  results.push({
    rate,
    asked: callNumber - asked0,
    accepted: sessionIds.length - before,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    peakCalls,
    cpuCores: (cpu1.cpuMs - cpu0.cpuMs) / 1000 / wall,
    rssPeak: Math.max(rssPeak, cpu1.rss),
    sinkGaps: rep.gaps,
    sinkStreams: rep.streams,
    jitterMeanMs: rep.jitterMeanMs,
    jitterMaxMs: rep.jitterMaxMs,
    load: loadavg()[0]!.toFixed(2),
  });
  const r = results.at(-1)!;
  console.log(
    `${String(rate).padStart(4)}/s: ${r.accepted}/${r.asked} accepted (last reply ${wall.toFixed(1)} s after the first request), CreateIVRSession p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms; ` +
      `up to ${r.peakCalls} calls; server ${(r.cpuCores * 100).toFixed(0)}% CPU (main thread ${(mainCores * 100).toFixed(0)}%, waiting for a CPU ${(mainWaiting * 100).toFixed(0)}% of the phase), RSS ${(r.rssPeak / 2 ** 20).toFixed(0)} MB; ` +
      `send interval p50 ${r.sinkGaps.quantile(0.5).toFixed(1)} p99 ${r.sinkGaps.quantile(0.99).toFixed(1)} max ${r.sinkGaps.max.toFixed(1)} ms ` +
      `(${r.sinkGaps.count} gaps, ${r.sinkStreams} streams), jitter mean ${r.jitterMeanMs.toFixed(2)} max ${r.jitterMaxMs.toFixed(2)} ms; SIPp ${(sippCores * 100).toFixed(0)}% CPU, this driver ${(selfCores * 100).toFixed(0)}%; load ${r.load}`,
  );
}

// Let every call end (the flow hangs up after its prompt), then read the CDRs.
const drainUntil = Date.now() + (HOLD + 30) * 1000;
while ((await activeCalls()) > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 500));
const stillUp = await activeCalls();
const endStatus = new Map<number, number>();
let answered = 0;
let keyed = 0;
let cdrs = 0;
const now = Math.floor(Date.now() / 1000);
for (let i = 0; i < sessionIds.length; i += 100) {
  const body = JSON.stringify({
    SdkAppId: BENCH_APP,
    StartTimeStamp: now - 3600,
    EndTimeStamp: now + 60,
    PageSize: 100,
    PageNumber: 0,
    SessionIds: sessionIds.slice(i, i + 100),
  });
  const res = (await (
    await fetch(`${base}/`, { method: 'POST', headers: signedHeaders(server.port, 'DescribeTelCdr', body), body })
  ).json()) as {
    Response: { TelCdrList?: { EndStatus: number; AcceptTimestamp: number; IVRKeyPressed?: string[] }[]; Error?: unknown };
  };
  if (res.Response.Error) throw new Error(`DescribeTelCdr: ${JSON.stringify(res.Response.Error)}`);
  for (const c of res.Response.TelCdrList ?? []) {
    cdrs++;
    endStatus.set(c.EndStatus, (endStatus.get(c.EndStatus) ?? 0) + 1);
    if (c.AcceptTimestamp > 0) {
      answered++;
      if (c.IVRKeyPressed?.includes('1')) keyed++;
    }
  }
}
await server.stop();
sipp.kill('SIGINT');
await new Promise((r) => (sipp.exitCode !== null ? r(null) : sipp.once('close', r)));
await sink.close();
rmSync(dir, { recursive: true, force: true });

const gaps = results.map((r) => r.sinkGaps);
const peak = Math.max(...results.map((r) => r.peakCalls));
const peakPhase = results.find((r) => r.peakCalls === peak)!;
console.log('');
console.log(
  '| phase calls/s | accepted/s | CreateIVRSession p50 / p99 ms | concurrent calls | server CPU | RSS per call | send interval p50 / p99 / max ms | jitter mean / max ms |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.rate} | ${(r.accepted / SECONDS).toFixed(0)} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.peakCalls} | ${(r.cpuCores * 100).toFixed(0)}% | ` +
      `${r.peakCalls ? ((r.rssPeak - baseline.rss) / r.peakCalls / 1024).toFixed(0) : '-'} KB | ` +
      `${r.sinkGaps.quantile(0.5).toFixed(1)} / ${r.sinkGaps.quantile(0.99).toFixed(1)} / ${r.sinkGaps.max.toFixed(1)} | ${r.jitterMeanMs.toFixed(2)} / ${r.jitterMaxMs.toFixed(2)} |`,
  );
console.log('');
console.log(
  `calls asked ${callNumber}, accepted ${sessionIds.length} (refused: ${[...errors].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}); ` +
    `CDRs ${cdrs}, answered ${answered}, key 1 heard ${keyed}, missed digits ${answered - keyed}; ` +
    `EndStatus ${[...endStatus].map(([s, n]) => `${s}: ${n}`).join(', ')}; still up after drain ${stillUp}`,
);
console.log(`peak ${peak} concurrent calls in the ${peakPhase.rate}/s phase; sink gaps measured ${gaps.reduce((a, g) => a + g.count, 0)}`);
const sippStats = /Successful call\s*\|\s*\d+\s*\|\s*(\d+)[\s\S]*?Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(sippOut);
console.log(`SIPp: ${sippStats ? `${sippStats[1]} successful, ${sippStats[2]} failed calls` : 'no final statistics'}`);
if (!sippStats || Number(sippStats[2]) > 0 || process.env.BENCH_SIPP_LOG) console.log(sippOut.slice(-3000));

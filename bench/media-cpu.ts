// Media CPU micro-benchmark: CPU µs per RTP packet of one media thread, send and receive paths apart,
// measured with process.cpuUsage() (this process runs no other thread's work), so the figure holds on
// a machine shared with other jobs, unlike wall-clock latency. MEDIA_CPU_CALLS sessions (default 200),
// latched (connected sockets) to peer sockets in a forked process that drains what they send and
// sends them PCMU.
//   send:    MEDIA_CPU_TICKS pacer ticks (default 500) run back to back, each session playing a prompt.
//   receive: the peer sends 100 packets per session, 20 ms apart; no recorder, RFC 4733 negotiated.
//   node --import tsx bench/media-cpu.ts
import { fork } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { Pacer } from '../src/telephony/rtp/engine/pacer.ts';
import { PortPool } from '../src/telephony/rtp/engine/port-pool.ts';
import { encodePrompt } from '../src/telephony/rtp/engine/prompt-frames.ts';
import { RtpSession } from '../src/telephony/rtp/engine/rtp-session.ts';
import { writeRtpHeader } from '../src/telephony/rtp/packet.ts';

const CALLS = Number(process.env.MEDIA_CPU_CALLS ?? 200);
const TICKS = Number(process.env.MEDIA_CPU_TICKS ?? 500);
const RX_PER_CALL = 100;

type PeerMsg = { type: 'ready'; ports: number[] } | { type: 'sent' };

async function peer(): Promise<void> {
  const sockets: Socket[] = [];
  for (let i = 0; i < CALLS; i++) {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    s.on('message', () => {});
    sockets.push(s);
  }
  process.send!({ type: 'ready', ports: sockets.map((s) => s.address().port) } satisfies PeerMsg);
  const packet = Buffer.alloc(172, 0xff);
  process.on('message', async (m: { type: 'send'; ports: number[]; count: number } | { type: 'exit' }) => {
    if (m.type === 'exit') process.exit(0);
    for (let n = 0; n < m.count; n++) {
      for (let i = 0; i < CALLS; i++) {
        writeRtpHeader(packet, { marker: false, payloadType: 0, sequence: n, timestamp: n * 160, ssrc: 0x1000 + i });
        sockets[i]!.send(packet, m.ports[i]!, '127.0.0.1');
      }
      await new Promise((r) => setTimeout(r, m.count === 1 ? 0 : 20));
    }
    process.send!({ type: 'sent' } satisfies PeerMsg);
  });
}

async function main(): Promise<void> {
  const child = fork(import.meta.filename, ['--peer'], { execArgv: ['--import', 'tsx'], env: { ...process.env } });
  const next = (type: string) => new Promise<PeerMsg>((r) => child.once('message', (m: PeerMsg) => (m.type === type ? r(m) : undefined)));
  const ready = (await next('ready')) as Extract<PeerMsg, { type: 'ready' }>;
  // The pacer never fires on its own: the benchmark calls onTick itself, back to back.
  const pacer = new Pacer({ now: () => performance.now(), scheduler: { schedule: () => 0, cancel: () => {} } });
  const pool = new PortPool({ portMin: 52000, portMax: 52000 + 2 * CALLS + 40 });
  const now = () => performance.timeOrigin + performance.now();
  const sessions: RtpSession[] = [];
  for (let i = 0; i < CALLS; i++) {
    const r = await RtpSession.open({
      address: '127.0.0.1',
      pool,
      pacer,
      now,
      media: { law: 'pcmu', payloadType: 0, telephoneEventPt: 101, remoteAddress: '127.0.0.1', remotePort: ready.ports[i]!, rtcpMux: true },
      rtcpIntervalMs: 3_600_000,
    });
    if (!r.ok) throw new Error(r.message);
    sessions.push(r.session);
  }
  const prompt = encodePrompt(new Int16Array(8000 * 2).fill(3000));
  for (const s of sessions) {
    s.play('p', prompt);
    s.on('playbackDone', () => s.play('p', prompt));
  }
  const ports = sessions.map((s) => s.port);
  // One packet each first, so every session latches and connects its socket, as in a call.
  child.send({ type: 'send', ports, count: 1 });
  await next('sent');
  await new Promise((r) => setTimeout(r, 100));
  const latched = sessions.filter((s) => s.stats().latched).length;

  const sendRun = (ticks: number, from: number) => {
    for (let t = from; t < from + ticks; t++) for (const s of sessions) s.onTick(t, t * 20);
  };
  sendRun(100, 0); // warm the JIT
  await new Promise((r) => setTimeout(r, 50));
  const sent0 = sessions.reduce((a, s) => a + s.stats().packetsSent, 0);
  const c0 = process.cpuUsage();
  sendRun(TICKS, 100);
  const c1 = process.cpuUsage(c0);
  const sent = sessions.reduce((a, s) => a + s.stats().packetsSent, 0) - sent0;
  const sendUs = (c1.user + c1.system) / sent;

  await new Promise((r) => setTimeout(r, 200));
  const rx0 = sessions.reduce((a, s) => a + s.stats().packetsReceived, 0);
  const c2 = process.cpuUsage();
  child.send({ type: 'send', ports, count: RX_PER_CALL });
  await next('sent');
  await new Promise((r) => setTimeout(r, 100));
  const c3 = process.cpuUsage(c2);
  const received = sessions.reduce((a, s) => a + s.stats().packetsReceived, 0) - rx0;
  const rxUs = (c3.user + c3.system) / received;

  console.log(`media cpu: ${CALLS} sessions (${latched} latched), user+system CPU of this single-threaded process`);
  console.log(
    `  send:    ${sent} packets, ${sendUs.toFixed(2)} µs per packet (user ${(c1.user / sent).toFixed(2)}, system ${(c1.system / sent).toFixed(2)})`,
  );
  console.log(
    `  receive: ${received} packets, ${rxUs.toFixed(2)} µs per packet (user ${(c3.user / received).toFixed(2)}, system ${(c3.system / received).toFixed(2)})`,
  );
  await Promise.all(sessions.map((s) => s.close()));
  pacer.close();
  child.send({ type: 'exit' });
}

if (process.argv.includes('--peer')) void peer();
else await main();

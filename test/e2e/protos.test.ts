import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:dgram';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SystemClock } from '../../src/shared/clock.ts';
import { InviteUac, UserAgentCore, sendOptions } from '../../src/telephony/sip/ua/index.ts';
import { HAS_PROTOS, PROTOS_DIR, SIP_CORPUS, skipUnless } from './support/peers.ts';
import { fillTemplate, splitRecords } from './support/protos-case.ts';
import { ackFor, collect, newCollected, optionsRequest, tcpExchange, udpSocket, type Collected } from './support/sip-client.ts';

// PROTOS c07-sip liveness (issue 12 item 2): every case to a live UA, then its CANCEL teardown and an OPTIONS that must be
// answered within 1 s. T1 is short so finished transactions leave in seconds, not the default 32 s.
// 16 slots: with 50, bursts of 64 KB INVITEs overflowed the UA's UDP receive buffer and the kernel dropped OPTIONS probes.
const WINDOW = 16;
const LIVENESS_MS = 1000;
const TIMERS = { t1: 20, t2: 160, t4: 100 };

const rejections: unknown[] = [];
process.on('unhandledRejection', (e) => rejections.push(e));

interface Slot {
  socket: Socket;
  waiting: Map<string, () => void>;
}

async function drain(ua: UserAgentCore, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while ((ua.liveTransactions > 0 || ua.transport.tcpConnectionCount > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

async function battery(ua: UserAgentCore, c: Collected, cases: string[], oversize: Set<string>): Promise<{ late: string[] }> {
  const uri = `sip:ua@127.0.0.1:${ua.port}`;
  const late: string[] = [];
  const slots: Slot[] = [];
  for (let i = 0; i < WINDOW; i++) {
    const waiting = new Map<string, () => void>();
    const socket = await udpSocket((b, s) => {
      const r = collect(c, b);
      if (r === undefined) return;
      const callId = r.headers.get('Call-ID') ?? '';
      const method = (r.headers.get('CSeq') ?? '').split(/\s+/).pop();
      if (method === 'INVITE' && r.status >= 300) s.send(ackFor(r, uri), ua.port, '127.0.0.1');
      if (method === 'OPTIONS') waiting.get(callId)?.();
    });
    slots.push({ socket, waiting });
  }
  let next = 0;
  const runSlot = async (slot: Slot): Promise<void> => {
    const port = slot.socket.address().port;
    for (let i = next++; i < cases.length; i = next++) {
      const name = cases[i] as string;
      const records = splitRecords(readFileSync(join(PROTOS_DIR, name)));
      assert.ok(records, `case ${name} holds two records`);
      const overTcp = oversize.has(name);
      const values = {
        to: `ua@127.0.0.1:${ua.port}`,
        from: `protos@127.0.0.1:${port}`,
        fromAddress: '127.0.0.1',
        fromIp: '127.0.0.1',
        localPort: port,
        callId: `p${name}`,
        cseq: 1,
        branch: `${name}x`,
        teardownMethod: 'CANCEL',
      };
      const [invite, teardown] = records.map((r) => fillTemplate(r, values)) as [Buffer, Buffer];
      if (overTcp) {
        const tcp = (b: Buffer) => Buffer.from(b.toString('latin1').replace('SIP/2.0/UDP', 'SIP/2.0/TCP'), 'latin1');
        await tcpExchange(ua.port, [tcp(invite), tcp(teardown)], c, 100);
      } else {
        slot.socket.send(invite, ua.port, '127.0.0.1');
        slot.socket.send(teardown, ua.port, '127.0.0.1');
      }
      const id = `opt-${name}`;
      const probe = optionsRequest(ua.port, port, id);
      const answered = new Promise<boolean>((resolve) => {
        // UDP may lose the probe: resend it as Timer E would (§17.1.2.2), inside the 1 s the answer is due in
        const resend = [250, 500, 750].map((ms) => setTimeout(() => slot.socket.send(probe, ua.port, '127.0.0.1'), ms));
        const timer = setTimeout(() => resolve(false), LIVENESS_MS);
        slot.waiting.set(id, () => {
          for (const t of [timer, ...resend]) clearTimeout(t);
          resolve(true);
        });
      });
      slot.socket.send(probe, ua.port, '127.0.0.1');
      if (!(await answered)) late.push(name);
      slot.waiting.delete(id);
    }
  };
  await Promise.all(slots.map(runSlot));
  await new Promise((r) => setTimeout(r, 200)); // the last ACKed retransmits
  for (const s of slots) s.socket.close();
  return { late };
}

const skip = skipUnless(HAS_PROTOS, `PROTOS corpus not found at ${SIP_CORPUS} (set OPENCCC_SIP_CORPUS or see issue 12)`);

test(
  'PROTOS c07-sip: every case leaves the UA alive, answering only well-formed SIP, with nothing leaked',
  { skip, timeout: 120_000 },
  async () => {
    assert.ok(HAS_PROTOS, `OPENCCC_REQUIRE_SIP_PEERS=1 but the PROTOS corpus is missing at ${PROTOS_DIR}`);
    const cases = readdirSync(PROTOS_DIR)
      .filter((n) => /^\d{7}$/.test(n))
      .sort();
    assert.equal(cases.length, 4527);
    const oversize = new Set(
      readFileSync(join(SIP_CORPUS, 'protos-c07-oversize.tsv'), 'latin1')
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t')[0] as string)
        .filter((n) => n.length > 0),
    );
    assert.equal(oversize.size, 81);
    const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock(), timers: TIMERS });
    try {
      await runBattery(ua, cases, oversize);
    } finally {
      await ua.close();
    }
    assert.deepEqual(rejections, [], 'no unhandled rejection');
  },
);

async function runBattery(ua: UserAgentCore, cases: string[], oversize: Set<string>): Promise<void> {
  const c = newCollected();
  // heap after GC: node's test runner gives no --expose-gc, so the flag is set at run time and gc read from a fresh context
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  const { late } = await battery(ua, c, cases, oversize);
  const seconds = (Date.now() - started) / 1000;
  await drain(ua, 10_000);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const statuses = Object.fromEntries([...c.statuses].sort((a, b) => a[0] - b[0]));
  console.log(
    `PROTOS: ${cases.length} cases in ${seconds.toFixed(1)} s; answers by status ${JSON.stringify(statuses)}; ` +
      `heap ${(heapBefore / 1e6).toFixed(1)} -> ${(heapAfter / 1e6).toFixed(1)} MB; UA stats ${JSON.stringify(ua.stats)}`,
  );
  assert.deepEqual(late, [], 'every OPTIONS after a case is answered within 1 s');
  assert.deepEqual(c.unparseable, [], 'every answer is well-formed SIP');
  assert.equal(ua.liveTransactions, 0, 'transactions back to baseline');
  assert.equal(ua.pendingInvites, 0);
  assert.equal(ua.transport.tcpConnectionCount, 0, 'TCP connections back to baseline');
  assert.ok(heapAfter - heapBefore < 64e6, `heap grew by ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB`);
  assert.equal(c.statuses.get(200) !== undefined, true);

  // Right after the battery: a normal OPTIONS, and a call answered by the carrier's callback.
  const caller = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock(), timers: TIMERS });
  const dest = { transport: 'UDP', host: '127.0.0.1', port: ua.port };
  assert.equal((await sendOptions(caller, dest, `sip:ua@127.0.0.1:${ua.port}`)).status, 200);
  ua.onInvite = (inv) =>
    void inv.answer('v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n');
  const call = new InviteUac(caller, { destination: dest, uri: `sip:ua@127.0.0.1:${ua.port}`, sdp: 'v=0\r\n' });
  const answered = await new Promise<number>((resolve) => {
    call.on('answered', (a) => resolve(a.response.status));
    call.on('failed', (f) => resolve(f.status));
  });
  assert.equal(answered, 200);
  await caller.close();
}

// Complete calls per second between SIPp (built-in `uac`: INVITE/100/180?/200/ACK/BYE/200, no media) and the UA core
// on loopback, at a ramp of offered rates. Prints completed calls/s and the UA process's CPU per call.
// Run: node --import tsx bench/sip-calls.ts [rates, e.g. 200,500,800] [seconds per step, default 5]
import { spawn } from 'node:child_process';
import { SystemClock } from '../src/shared/clock.ts';
import { createResponse } from '../src/telephony/sip/message/index.ts';
import { UserAgentCore } from '../src/telephony/sip/ua/index.ts';
import { freeUdpPort } from '../test/e2e/support/sipp.ts';

const rates = (process.argv[2] ?? '200,500,800').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 5);
const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

function sipp(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const c = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    c.on('close', () => resolve(out));
  });
}

const ua = await UserAgentCore.start({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
ua.onInvite = (inv) => void inv.answer(SDP);
// Bench-only stand-in for the dialog layer (not in src/): BYE gets 200 so SIPp's uac scenario completes.
ua.dialogs = {
  inDialogRequest: (req, tx) => (req.method === 'BYE' ? tx.respond(createResponse(req, 200, undefined, { toTag: ua.newTag() })) : false),
  ack: () => undefined,
  strayResponse: () => undefined,
};

for (const rate of rates) {
  const calls = rate * seconds;
  const [port, mp, cp] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await sipp([
    '-sn',
    'uac',
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-mp',
    String(mp),
    '-cp',
    String(cp),
    '-r',
    String(rate),
    '-m',
    String(calls),
    '-l',
    String(rate * 4),
    '-nostdin',
    '-timeout',
    `${seconds * 4 + 20}s`,
    `127.0.0.1:${ua.port}`,
  ]);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const ok = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? NaN);
  const failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? NaN);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `offered ${rate}/s x ${calls}: ${ok} ok, ${failed} failed in ${wall.toFixed(2)} s = ${(ok / wall).toFixed(0)} calls/s; ` +
      `UA CPU ${cpuMs.toFixed(0)} ms (${((cpuMs * 1000) / Math.max(ok, 1)).toFixed(0)} us/call, ${((cpuMs / 1000 / wall) * 100).toFixed(0)}% of a core); ` +
      `live transactions after: ${ua.liveTransactions} (most in their §17 wait states: Timers J and L, 32 s)`,
  );
}
await ua.close();

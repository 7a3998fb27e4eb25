// Opens a SipCarrier on 127.0.0.1 (free SIP port, a random RTP range) for tests against real SIPp peers.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { encodePcmWav } from '../../../../src/media/tts/pcm-wav.ts';
import { SipCarrier, type SipCarrierSettings } from '../../../../src/telephony/sip/carrier/sip-carrier.ts';
import type { CallLeg, CallLegEvents } from '../../../../src/telephony/carrier.ts';
import { parseRtp, RtpView } from '../../../../src/telephony/rtp/packet.ts';

export const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/sipp');
export const scenario = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/**
 * A 200-port RTP range somewhere in 20000-31999, so parallel test files rarely collide (the pool retries
 * binds anyway), below the kernel's ephemeral range (32768+) where freeUdpPort() picks SIPp's ports.
 */
export function randomRtpRange(): { portMin: number; portMax: number } {
  const portMin = 20000 + 200 * Math.floor(Math.random() * 60);
  return { portMin, portMax: portMin + 199 };
}

export function settingsFor(trunkPort: number, over: Partial<SipCarrierSettings['trunk']> = {}): SipCarrierSettings {
  return {
    listenHost: '127.0.0.1',
    listenPort: 0,
    trunk: {
      host: '127.0.0.1',
      port: trunkPort,
      transport: 'udp',
      calleeFormat: 'e164',
      maxConcurrentCalls: 10,
      callsPerSecond: 50,
      queueSeconds: 2,
      keepaliveSeconds: 0,
      ...over,
    },
    allowFrom: [],
    rtp: randomRtpRange(),
    rtpTimeoutSeconds: 30,
    sessionExpiresSeconds: 0,
  };
}

export async function openCarrier(settings: SipCarrierSettings): Promise<{ carrier: SipCarrier; dir: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-sip-carrier-'));
  const carrier = await SipCarrier.open(settings, { clock: new SystemClock(), mediaWorkers: 1 });
  return {
    carrier,
    dir,
    async cleanup() {
      await carrier.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 1 s 440 Hz WAV prompt at 16 kHz (the source rate is converted to 8 kHz on load). */
export function writeTonePrompt(dir: string): string {
  const rate = 16000;
  const pcm = new Int16Array(rate);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  const file = join(dir, 'tone.wav');
  writeFileSync(file, encodePcmWav({ pcm, sampleRate: rate }));
  return file;
}

/** Every event of a leg, in order, with the time it came. */
export function recordEvents(leg: CallLeg): { name: keyof CallLegEvents; args: unknown[]; at: number }[] {
  const out: { name: keyof CallLegEvents; args: unknown[]; at: number }[] = [];
  for (const name of ['ringing', 'answered', 'failed', 'hangup', 'dtmf', 'playbackDone', 'transfer', 'close'] as const)
    leg.on(name, (...args: unknown[]) => out.push({ name, args, at: performance.now() }));
  return out;
}

/** A UDP socket that keeps the arrival time and payload type of each RTP packet. */
export async function rtpSink(): Promise<{ socket: Socket; port: number; packets: { atMs: number; pt: number; seq: number }[] }> {
  const socket = createSocket('udp4');
  const packets: { atMs: number; pt: number; seq: number }[] = [];
  const view = new RtpView();
  socket.on('message', (msg) => {
    const v = parseRtp(msg, view);
    if (v) packets.push({ atMs: performance.now(), pt: v.payloadType, seq: v.sequence });
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, port: socket.address().port, packets };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Resolves once something (SIPp) holds UDP `port`: a fixed sleep is too short on a loaded machine. Reads
 * /proc/net/udp rather than trying to bind the port, which could steal it from SIPp at the wrong moment.
 */
export async function udpPortTaken(port: number, ms = 10_000): Promise<void> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const end = performance.now() + ms;
  for (;;) {
    const table = await readFile('/proc/net/udp', 'utf8').catch(() => undefined);
    if (table === undefined) return void (await sleep(500)); // not Linux: the old fixed wait
    if (table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex))) return;
    if (performance.now() > end) throw new Error(`nothing bound UDP port ${port}`);
    await sleep(20);
  }
}

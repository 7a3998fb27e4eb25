/**
 * A headless baresip (1.0, Debian's baresip-core) driven over its ctrl_tcp module: the softphone of
 * `openccc demo-sip` and of the interop tests. It answers every call to its account automatically,
 * sends RFC 4733 digits on command and writes what it heard to `rec/dump-*-dec.wav` (sndfile).
 *
 * Recipe and pitfalls measured in research/telephony-deps.md: the account AOR user must equal the
 * Request-URI user ("UA not found" otherwise); `net_interface` takes an IP, not `lo`; stdio.so fails
 * without a terminal, hence ctrl_tcp; baresip hangs up when its aufile source hits EOF, so the source
 * is long silence.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { TypedEmitter } from '../../shared/typed-emitter.ts';

export interface BaresipEvent {
  /** e.g. CALL_INCOMING, CALL_ESTABLISHED, CALL_RTPESTAB, CALL_DTMF_START, CALL_CLOSED. */
  type: string;
  param?: string;
  peeruri?: string;
}

export type BaresipSoftphoneEvents = {
  event: [BaresipEvent];
  exit: [code: number | null];
};

export interface BaresipSoftphoneOptions {
  /** The number it answers as (the Request-URI user it expects, e.g. +8613800138000). */
  user: string;
  /** SIP port on 127.0.0.1; default: a free one. */
  sipPort?: number;
  /** Where its config and recordings go; default: a fresh temp folder, removed by close(). */
  dir?: string;
  /** How long the silent source lasts; baresip hangs up when it ends (default 120 s). */
  sourceSeconds?: number;
}

/** True when the `baresip` binary is on PATH. */
export function hasBaresip(): boolean {
  return spawnSync('baresip', ['-h'], { stdio: 'ignore' }).error === undefined;
}

export class BaresipSoftphone extends TypedEmitter<BaresipSoftphoneEvents> {
  private ctrl: Socket | undefined;
  private inbuf = Buffer.alloc(0);
  private nextToken = 1;
  private closing: Promise<void> | undefined;
  private readonly log: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    readonly dir: string,
    readonly sipPort: number,
    private readonly ownsDir: boolean,
  ) {
    super();
    const keep = (b: Buffer) => {
      this.log.push(b.toString('utf8'));
      if (this.log.length > 200) this.log.shift();
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.on('exit', (code) => this.emit('exit', code));
  }

  /** Writes the config, starts baresip and connects to its control port; rejects with baresip's output if it fails. */
  static async start(opts: BaresipSoftphoneOptions): Promise<BaresipSoftphone> {
    const ownsDir = opts.dir === undefined;
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'openccc-baresip-'));
    mkdirSync(join(dir, 'rec'), { recursive: true });
    const sipPort = opts.sipPort ?? (await freePort());
    const ctrlPort = await freePort();
    const rtpBase = 30000 + 2 * Math.floor(Math.random() * 10000);
    writeFileSync(join(dir, 'config'), baresipConfig(sipPort, ctrlPort, rtpBase));
    writeFileSync(join(dir, 'accounts'), `<sip:${opts.user}@127.0.0.1:${sipPort}>;regint=0;answermode=auto;audio_codecs=PCMU,PCMA\n`);
    writeFileSync(join(dir, 'source.wav'), silence(opts.sourceSeconds ?? 120));
    const proc = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const phone = new BaresipSoftphone(proc, dir, sipPort, ownsDir);
    try {
      await phone.connectControl(ctrlPort);
    } catch (e) {
      await phone.close();
      throw new Error(`baresip did not start: ${(e as Error).message}\n${phone.output()}`, { cause: e });
    }
    return phone;
  }

  /** What baresip printed lately (for failure messages). */
  output(): string {
    return this.log.join('');
  }

  /** Sends one DTMF digit (RFC 4733 when the call negotiated telephone-event). */
  sendDigit(digit: string): Promise<void> {
    return this.command('sndcode', digit);
  }

  hangup(): Promise<void> {
    return this.command('hangup');
  }

  dial(uri: string): Promise<void> {
    return this.command('dial', uri);
  }

  /** Resolves with the next event of `type` (rejects after `timeoutMs`). */
  waitFor(type: string, timeoutMs = 10_000): Promise<BaresipEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('event', on);
        reject(new Error(`baresip: no ${type} within ${timeoutMs} ms\n${this.output()}`));
      }, timeoutMs);
      const on = (e: BaresipEvent) => {
        if (e.type !== type) return;
        clearTimeout(timer);
        this.off('event', on);
        resolve(e);
      };
      this.on('event', on);
    });
  }

  /** The recordings sndfile wrote: `-dec.wav` is what baresip heard, `-enc.wav` what it sent. */
  recordings(): { heard: string[]; sent: string[] } {
    const files = readdirSync(join(this.dir, 'rec')).sort();
    return {
      heard: files.filter((f) => f.endsWith('-dec.wav')).map((f) => join(this.dir, 'rec', f)),
      sent: files.filter((f) => f.endsWith('-enc.wav')).map((f) => join(this.dir, 'rec', f)),
    };
  }

  /** Stops baresip (SIGTERM, then SIGKILL after 2 s) and removes its temp folder. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ctrl?.destroy();
      if (this.proc.exitCode === null && this.proc.signalCode === null) {
        const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
        this.proc.kill('SIGTERM');
        const kill = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(kill);
      }
      if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.closing;
  }

  private async connectControl(port: number): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`baresip exited with ${this.proc.exitCode}`);
      try {
        this.ctrl = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        this.ctrl.on('data', (d) => this.onData(d));
        this.ctrl.on('error', () => undefined);
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** ctrl_tcp frames are netstrings: `LEN:JSON,`. */
  private onData(d: Buffer): void {
    this.inbuf = Buffer.concat([this.inbuf, d]);
    for (;;) {
      const colon = this.inbuf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.inbuf.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(len) || this.inbuf.length < colon + 1 + len + 1) return;
      const body = this.inbuf.subarray(colon + 1, colon + 1 + len).toString('utf8');
      this.inbuf = this.inbuf.subarray(colon + 2 + len);
      try {
        const msg = JSON.parse(body) as { event?: boolean; type?: string; param?: string; peeruri?: string };
        if (msg.event && msg.type)
          this.emit('event', {
            type: msg.type,
            ...(msg.param !== undefined ? { param: msg.param } : {}),
            ...(msg.peeruri !== undefined ? { peeruri: msg.peeruri } : {}),
          });
      } catch {
        // a frame we cannot read is not ours to act on
      }
    }
  }

  private command(command: string, params?: string): Promise<void> {
    const ctrl = this.ctrl;
    if (!ctrl || ctrl.destroyed) return Promise.reject(new Error('baresip control connection is closed'));
    const json = JSON.stringify({ command, ...(params !== undefined ? { params } : {}), token: `t${this.nextToken++}` });
    const frame = `${Buffer.byteLength(json)}:${json},`;
    return new Promise((resolve, reject) => ctrl.write(frame, (e) => (e ? reject(e) : resolve())));
  }
}

function baresipConfig(sipPort: number, ctrlPort: number, rtpBase: number): string {
  return [
    'module_path\t\t/usr/lib/baresip/modules',
    `sip_listen\t\t127.0.0.1:${sipPort}`,
    'net_interface\t\t127.0.0.1',
    'audio_player\t\taubridge,nil',
    'audio_source\t\taufile,source.wav',
    `rtp_ports\t\t${rtpBase}-${rtpBase + 40}`,
    'snd_path\t\trec',
    'module\t\t\taccount.so',
    'module\t\t\tg711.so',
    'module\t\t\taufile.so',
    'module\t\t\taubridge.so',
    'module\t\t\tsndfile.so',
    'module_app\t\tmenu.so',
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t127.0.0.1:${ctrlPort}`,
    '',
  ].join('\n');
}

function silence(seconds: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, 8000, '16', new Int16Array(Math.round(seconds * 8000)));
  return wav.toBuffer();
}

/** A port free on 127.0.0.1 for both UDP and TCP (baresip binds both), at the time of asking. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error('no free port on 127.0.0.1');
}

/**
 * Everything one media thread runs (≈ a mediasoup Worker): its pacer, its port pool (its slice of the
 * range) and its sessions, driven by MediaCommands and reporting MediaEvents through `post`. Kept apart
 * from the thread glue (media-worker.ts) so tests can run it on the main thread too.
 */
import { readFileSync } from 'node:fs';
import { Pacer } from './pacer.ts';
import { PortPool } from './port-pool.ts';
import type { PromptFrames } from './prompt-frames.ts';
import { RtpSession } from './rtp-session.ts';
import type { MediaCommand, MediaEvent, MediaWorkerConfig } from './media-channel.ts';

/** utime + stime of the calling thread (Linux /proc, clock ticks of 10 ms), in µs; undefined where /proc is missing. */
function threadCpuMicros(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return undefined;
  }
}

export class MediaWorkerHost {
  private readonly pacer: Pacer;
  private readonly pool: PortPool;
  private readonly sessions = new Map<number, RtpSession>();
  private readonly prompts = new Map<number, PromptFrames>();
  private readonly now = () => performance.timeOrigin + performance.now();
  private shuttingDown = false;

  constructor(
    private readonly config: MediaWorkerConfig,
    private readonly post: (e: MediaEvent) => void,
  ) {
    this.pacer = new Pacer({ now: this.now });
    this.pool = new PortPool(config.ports);
  }

  handle(c: MediaCommand): void {
    switch (c.type) {
      case 'open':
        void this.open(c.sessionId, c);
        return;
      case 'prompt':
        this.prompts.set(c.promptId, c.frames);
        return;
      case 'forgetPrompt':
        this.prompts.delete(c.promptId);
        return;
      case 'workerStats': {
        const cpu = process.cpuUsage();
        const resources = process.getActiveResourcesInfo();
        let packetsSent = 0;
        let packetsReceived = 0;
        for (const s of this.sessions.values()) {
          const st = s.stats();
          packetsSent += st.packetsSent + st.rtcpSent;
          packetsReceived += st.packetsReceived + st.rtcpReceived;
        }
        const threadCpuUs = threadCpuMicros();
        this.post({
          type: 'workerStats',
          stats: {
            index: this.config.index,
            sessions: this.sessions.size,
            ticksRun: this.pacer.ticksRun,
            ticksSkipped: this.pacer.ticksSkipped,
            tickLateness: [...this.pacer.lateness],
            cpuUserUs: cpu.user,
            cpuSystemUs: cpu.system,
            ...(threadCpuUs === undefined ? {} : { threadCpuUs }),
            packetsSent,
            packetsReceived,
            heapUsed: process.memoryUsage().heapUsed,
            timers: resources.filter((r) => r === 'Timeout').length,
            sockets: resources.filter((r) => r === 'UDPWRAP').length,
          },
        });
        return;
      }
      case 'shutdown':
        void this.shutdown();
        return;
    }
    const s = this.sessions.get(c.sessionId);
    if (!s) return; // closed already: commands after close are no-ops
    switch (c.type) {
      case 'play': {
        const frames = this.prompts.get(c.promptId);
        if (frames) s.play(c.playbackId, frames, { bargeIn: c.bargeIn });
        else this.post({ type: 'playbackDone', sessionId: c.sessionId, done: { playbackId: c.playbackId, reason: 'stopped' } });
        return;
      }
      case 'updateMedia':
        return s.updateMedia(c.media);
      case 'stop':
        return s.stopPlayback();
      case 'bargeIn':
        s.bargeIn();
        return;
      case 'sendDigit':
        s.sendDigit(c.digit);
        return;
      case 'recordStart':
        s.startRecording(c.path, c.channels).then(
          () => this.post({ type: 'recordingStarted', sessionId: c.sessionId, path: c.path }),
          (e: Error) => this.post({ type: 'recordingFailed', sessionId: c.sessionId, message: e.message }),
        );
        return;
      case 'recordStop':
        void s.stopRecording();
        return;
      case 'stats':
        return this.post({ type: 'stats', sessionId: c.sessionId, stats: s.stats() });
      case 'close':
        void s.close();
        return;
    }
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Closes every session (each reports `closed`), then the pacer. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
    this.pacer.close();
  }

  private async open(sessionId: number, c: Extract<MediaCommand, { type: 'open' }>): Promise<void> {
    const r = this.shuttingDown
      ? ({ ok: false, reason: 'bindFailed', message: 'media worker is shutting down' } as const)
      : await RtpSession.open({
          ...this.config.tuning,
          ...c.tuning,
          address: this.config.address,
          pool: this.pool,
          pacer: this.pacer,
          media: c.media,
          now: this.now,
        });
    if (!r.ok) return this.post({ type: 'openFailed', sessionId, reason: r.reason, message: r.message });
    const s = r.session;
    this.sessions.set(sessionId, s);
    s.on('dtmf', (event) => this.post({ type: 'dtmf', sessionId, event }));
    s.on('playbackDone', (done) => this.post({ type: 'playbackDone', sessionId, done }));
    s.on('rtpTimeout', ({ silentMs }) => this.post({ type: 'rtpTimeout', sessionId, silentMs }));
    s.on('latched', ({ address, port }) => this.post({ type: 'latched', sessionId, address, port }));
    s.on('recordingDone', (result) => this.post({ type: 'recordingDone', sessionId, result }));
    s.on('close', () => {
      this.sessions.delete(sessionId);
      this.post({ type: 'closed', sessionId });
    });
    this.post({ type: 'opened', sessionId, address: s.address, port: s.port, ssrc: s.ssrc });
    if (this.shuttingDown) void s.close();
  }
}

/**
 * The media engine (≈ mediasoup's set of Workers): one worker thread per core, each with its own pacer,
 * port-range slice and sessions, so HTTP and database work on the main thread never delays a 20 ms tick.
 * New sessions go to the worker with the fewest. `close()` closes every session (each emits `close`
 * once), then ends the workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MediaCommand, MediaEvent, MediaWorkerConfig, WorkerStats } from './media-channel.ts';
import { MediaSession } from './media-session.ts';
import { splitRange, type PortRange } from './port-pool.ts';
import type { PromptFrames } from './prompt-frames.ts';
import type { NegotiatedMedia, RtpSessionOpenFailure, RtpSessionTuning } from './rtp-session-types.ts';

export interface MediaEngineOptions extends PortRange {
  /** Local address every session binds (IPv4 or IPv6). */
  address: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  tuning?: RtpSessionTuning;
}

export type OpenSessionResult = { ok: true; session: MediaSession } | RtpSessionOpenFailure;

/** Workers do not inherit tsx's loader, so each starts with this script: register tsx, then import the TypeScript body. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.body); });
`;

interface MediaThread {
  index: number;
  worker: Worker;
  sessions: Map<number, MediaSession>;
  pending: Map<number, (r: OpenSessionResult) => void>;
  prompts: Set<number>;
  statsWaiters: ((s: WorkerStats) => void)[];
  alive: boolean;
}

export class MediaEngine {
  private readonly promptIds = new WeakMap<PromptFrames, number>();
  private nextPromptId = 1;
  private nextSessionId = 1;
  private closing: Promise<void> | undefined;

  private constructor(private readonly threads: MediaThread[]) {
    for (const t of threads) {
      t.worker.on('message', (e: MediaEvent) => this.onEvent(t, e));
      t.worker.on('exit', () => this.lost(t));
    }
  }

  /** Starts the workers; resolves once every one is ready. */
  static async start(opts: MediaEngineOptions): Promise<MediaEngine> {
    const n = Math.max(1, opts.workers ?? availableParallelism());
    const ranges = splitRange(opts, n);
    const body = new URL('./media-worker.ts', import.meta.url).href;
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const threads = await Promise.all(
      ranges.map(async (ports, index): Promise<MediaThread> => {
        const config: MediaWorkerConfig = { index, address: opts.address, ports, tuning: opts.tuning ?? {} };
        const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsxApi, body, config } });
        await new Promise<void>((resolve, reject) => {
          worker.once('message', (e: MediaEvent) =>
            e.type === 'ready' ? resolve() : reject(new Error(`media worker ${index}: ${e.type}`)),
          );
          worker.once('error', reject);
        });
        return { index, worker, sessions: new Map(), pending: new Map(), prompts: new Set(), statsWaiters: [], alive: true };
      }),
    );
    return new MediaEngine(threads);
  }

  get workerCount(): number {
    return this.threads.length;
  }

  get sessionCount(): number {
    let n = 0;
    for (const t of this.threads) n += t.sessions.size;
    return n;
  }

  /** Opens one call's RTP session on the least loaded worker; a full port range fails with `portsExhausted`. */
  openSession(media: NegotiatedMedia, tuning?: RtpSessionTuning): Promise<OpenSessionResult> {
    if (this.closing) return Promise.resolve({ ok: false, reason: 'bindFailed', message: 'media engine is closed' });
    const live = this.threads.filter((t) => t.alive);
    if (!live.length) return Promise.resolve({ ok: false, reason: 'bindFailed', message: 'no media worker is running' });
    const t = live.reduce((a, b) => (b.sessions.size + b.pending.size < a.sessions.size + a.pending.size ? b : a));
    const sessionId = this.nextSessionId++;
    return new Promise((resolve) => {
      t.pending.set(sessionId, resolve);
      this.send(t, { type: 'open', sessionId, media, ...(tuning ? { tuning } : {}) });
    });
  }

  /** Lets the workers drop a prompt no longer played (a TTS cache eviction). */
  forgetPrompt(frames: PromptFrames): void {
    const id = this.promptIds.get(frames);
    if (id === undefined) return;
    this.promptIds.delete(frames);
    for (const t of this.threads) if (t.prompts.delete(id)) this.send(t, { type: 'forgetPrompt', promptId: id });
  }

  workerStats(): Promise<WorkerStats[]> {
    return Promise.all(
      this.threads
        .filter((t) => t.alive)
        .map(
          (t) =>
            new Promise<WorkerStats>((resolve) => {
              t.statsWaiters.push(resolve);
              this.send(t, { type: 'workerStats' });
            }),
        ),
    );
  }

  /** Idempotent: every session closes (and emits `close` once), then the workers end. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(
        this.threads.map(async (t) => {
          if (!t.alive) return;
          const exited = new Promise<void>((r) => t.worker.once('exit', () => r()));
          this.send(t, { type: 'shutdown' });
          await exited;
        }),
      );
    })();
    return this.closing;
  }

  private send(t: MediaThread, c: MediaCommand): void {
    if (t.alive) t.worker.postMessage(c);
  }

  /** A prompt crosses to a worker once; its SharedArrayBuffer is shared, not copied. */
  private promptFor(t: MediaThread, frames: PromptFrames): number {
    let id = this.promptIds.get(frames);
    if (id === undefined) {
      id = this.nextPromptId++;
      this.promptIds.set(frames, id);
    }
    if (!t.prompts.has(id)) {
      t.prompts.add(id);
      this.send(t, { type: 'prompt', promptId: id, frames });
    }
    return id;
  }

  private onEvent(t: MediaThread, e: MediaEvent): void {
    switch (e.type) {
      case 'ready':
        return;
      case 'workerStats':
        t.statsWaiters.shift()?.(e.stats);
        return;
      case 'opened': {
        const resolve = t.pending.get(e.sessionId);
        t.pending.delete(e.sessionId);
        const link = { send: (c: MediaCommand) => this.send(t, c), promptId: (f: PromptFrames) => this.promptFor(t, f) };
        const session = new MediaSession(e.sessionId, e.address, e.port, e.ssrc, t.index, link);
        t.sessions.set(e.sessionId, session);
        if (resolve) resolve({ ok: true, session });
        else void session.close();
        return;
      }
      case 'openFailed': {
        const resolve = t.pending.get(e.sessionId);
        t.pending.delete(e.sessionId);
        resolve?.({ ok: false, reason: e.reason, message: e.message });
        return;
      }
      default: {
        const s = t.sessions.get(e.sessionId);
        if (e.type === 'closed') t.sessions.delete(e.sessionId);
        s?.deliver(e);
      }
    }
  }

  /** A worker ended (closed or crashed): its sessions are gone. */
  private lost(t: MediaThread): void {
    t.alive = false;
    for (const s of t.sessions.values()) s.end();
    t.sessions.clear();
    for (const resolve of t.pending.values()) resolve({ ok: false, reason: 'bindFailed', message: 'media worker ended' });
    t.pending.clear();
    for (const w of t.statsWaiters.splice(0))
      w({
        index: t.index,
        sessions: 0,
        ticksRun: 0,
        ticksSkipped: 0,
        tickLateness: [],
        cpuUserUs: 0,
        cpuSystemUs: 0,
        heapUsed: 0,
        timers: 0,
        sockets: 0,
      });
  }
}

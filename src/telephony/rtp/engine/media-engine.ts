/**
 * The media engine (≈ mediasoup's set of Workers): one worker thread per core, each with its own pacer,
 * port-range slice and sessions, so HTTP and database work on the main thread never delays a 20 ms tick.
 * New sessions go to the running worker with the fewest. A worker that exits when close() did not ask
 * it to has crashed: its sessions close (reason `workerCrashed`), its pending opens fail, and a new
 * worker starts on the same port slice after a back-off, up to `restart.maxRestarts` within
 * `restart.windowMs`; then that slice stays down (`workerFailed`) and the other workers carry on.
 * `close()` closes every session (each emits `close` once), then ends the workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SystemClock, type Clock, type TimerHandle } from '../../../shared/clock.ts';
import type { MediaCommand, MediaEvent, MediaWorkerConfig, WorkerStats } from './media-channel.ts';
import { MediaSession, type MediaSessionClosed } from './media-session.ts';
import { splitRange, type PortRange } from './port-pool.ts';
import type { PromptFrames } from './prompt-frames.ts';
import type { NegotiatedMedia, RtpSessionOpenFailure, RtpSessionTuning } from './rtp-session-types.ts';
import { TypedEmitter } from './typed-emitter.ts';

export interface WorkerRestartPolicy {
  /** Crashes a worker may have within `windowMs` and still be restarted; one more and it stays down. Default 5. */
  maxRestarts?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** Delay before a restart, doubled for each crash still inside the window, capped at `maxBackoffMs`. Defaults 100 ms and 5 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface MediaEngineOptions extends PortRange {
  /** Local address every session binds (IPv4 or IPv6). */
  address: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  tuning?: RtpSessionTuning;
  restart?: WorkerRestartPolicy;
  /** Times the restart back-off and window; default the system clock. */
  clock?: Clock;
}

/** `workerLost`: the worker that was opening the session crashed, or no worker runs (all crashed, or given up). */
export type OpenSessionResult =
  { ok: true; session: MediaSession } | RtpSessionOpenFailure | { ok: false; reason: 'workerLost'; message: string };

export type MediaEngineEvents = {
  /** A worker exited unexpectedly (its sessions have closed with reason `workerCrashed`); a restart follows unless the policy gives up. */
  workerCrashed: [{ index: number; exitCode: number; error?: Error }];
  workerRestarted: [{ index: number; restarts: number }];
  /** Too many crashes within the window: this worker's port slice stays unused until the engine is started again. */
  workerFailed: [{ index: number; error: Error }];
};

/**
 * Tests only: `engine[mediaEngineTestHooks].worker(i)` is worker i's Worker, so a test can crash it for
 * real (terminate() it, or post it a malformed command). Nothing in src/ imports this symbol.
 */
export const mediaEngineTestHooks = Symbol('MediaEngine test hooks');

/** Workers do not inherit tsx's loader, so each starts with this script: register tsx, then import the TypeScript body. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.body); });
`;
const WORKER_BODY = new URL('./media-worker.ts', import.meta.url).href;

interface MediaThread {
  index: number;
  config: MediaWorkerConfig;
  /** The live worker; undefined while restarting, after giving up and after close. */
  worker: Worker | undefined;
  state: 'running' | 'restarting' | 'failed' | 'closed';
  sessions: Map<number, MediaSession>;
  pending: Map<number, (r: OpenSessionResult) => void>;
  prompts: Set<number>;
  statsWaiters: ((s: WorkerStats) => void)[];
  /** Times of the crashes inside the restart window. */
  crashes: number[];
  restarts: number;
  lastError: Error | undefined;
  restartTimer: TimerHandle | undefined;
  /** Set while a replacement worker is starting. */
  starting: Promise<void> | undefined;
  /** openSession calls waiting for this thread to run again (or to be given up). */
  waiters: (() => void)[];
  failure: Error | undefined;
}

function startWorker(config: MediaWorkerConfig): Promise<Worker> {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { tsxApi: import.meta.resolve('tsx/esm/api'), body: WORKER_BODY, config },
  });
  return new Promise<Worker>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`media worker ${config.index} exited with code ${code} before it was ready`));
    worker.once('message', (e: MediaEvent) => {
      worker.off('exit', onExit);
      if (e.type === 'ready') resolve(worker);
      else reject(new Error(`media worker ${config.index}: ${e.type}`));
    });
    worker.once('error', reject);
    worker.once('exit', onExit);
  });
}

export class MediaEngine extends TypedEmitter<MediaEngineEvents> {
  private readonly promptIds = new WeakMap<PromptFrames, number>();
  private nextPromptId = 1;
  private nextSessionId = 1;
  private closing: Promise<void> | undefined;
  private readonly policy: Required<WorkerRestartPolicy>;

  private constructor(
    private readonly threads: MediaThread[],
    workers: Worker[],
    restart: WorkerRestartPolicy,
    private readonly clock: Clock,
  ) {
    super();
    this.policy = { maxRestarts: 5, windowMs: 60_000, backoffMs: 100, maxBackoffMs: 5000, ...restart };
    for (const t of threads) this.attach(t, workers[t.index]!);
  }

  /** Starts the workers; resolves once every one is ready. */
  static async start(opts: MediaEngineOptions): Promise<MediaEngine> {
    const n = Math.max(1, opts.workers ?? availableParallelism());
    const configs = splitRange(opts, n).map((ports, index): MediaWorkerConfig => ({
      index,
      address: opts.address,
      ports,
      tuning: opts.tuning ?? {},
    }));
    const workers = await Promise.all(configs.map(startWorker));
    const threads = configs.map((config): MediaThread => ({
      index: config.index,
      config,
      worker: undefined,
      state: 'running',
      sessions: new Map(),
      pending: new Map(),
      prompts: new Set(),
      statsWaiters: [],
      crashes: [],
      restarts: 0,
      lastError: undefined,
      restartTimer: undefined,
      starting: undefined,
      waiters: [],
      failure: undefined,
    }));
    return new MediaEngine(threads, workers, opts.restart ?? {}, opts.clock ?? new SystemClock());
  }

  get workerCount(): number {
    return this.threads.length;
  }

  /** Workers running now (the others are restarting or were given up). */
  get runningWorkers(): number {
    return this.threads.filter((t) => t.state === 'running').length;
  }

  get sessionCount(): number {
    let n = 0;
    for (const t of this.threads) n += t.sessions.size;
    return n;
  }

  /**
   * Opens one call's RTP session on the least loaded running worker; a full port range fails with
   * `portsExhausted`. While every worker is restarting it waits for the first one back.
   */
  async openSession(media: NegotiatedMedia, tuning?: RtpSessionTuning): Promise<OpenSessionResult> {
    for (;;) {
      if (this.closing) return { ok: false, reason: 'bindFailed', message: 'media engine is closed' };
      const running = this.threads.filter((t) => t.state === 'running');
      if (running.length) {
        const t = running.reduce((a, b) => (b.sessions.size + b.pending.size < a.sessions.size + a.pending.size ? b : a));
        const sessionId = this.nextSessionId++;
        return new Promise((resolve) => {
          t.pending.set(sessionId, resolve);
          this.send(t, { type: 'open', sessionId, media, ...(tuning ? { tuning } : {}) });
        });
      }
      const restarting = this.threads.filter((t) => t.state === 'restarting');
      if (!restarting.length) {
        const why = this.threads.map((t) => t.failure?.message).find((m) => m !== undefined);
        return { ok: false, reason: 'workerLost', message: why ?? 'no media worker is running' };
      }
      await Promise.race(restarting.map((t) => new Promise<void>((r) => t.waiters.push(r))));
    }
  }

  /** Lets the workers drop a prompt no longer played (a TTS cache eviction). */
  forgetPrompt(frames: PromptFrames): void {
    const id = this.promptIds.get(frames);
    if (id === undefined) return;
    this.promptIds.delete(frames);
    for (const t of this.threads) if (t.prompts.delete(id)) this.send(t, { type: 'forgetPrompt', promptId: id });
  }

  /** Stats of the running workers. */
  workerStats(): Promise<WorkerStats[]> {
    return Promise.all(
      this.threads
        .filter((t) => t.state === 'running')
        .map(
          (t) =>
            new Promise<WorkerStats>((resolve) => {
              t.statsWaiters.push(resolve);
              this.send(t, { type: 'workerStats' });
            }),
        ),
    );
  }

  /** Idempotent: every session closes (and emits `close` once), then the workers end; pending restarts are cancelled. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(
        this.threads.map(async (t) => {
          if (t.restartTimer) this.clock.clearTimer(t.restartTimer);
          t.restartTimer = undefined;
          await t.starting;
          const w = t.worker;
          if (w) {
            const exited = new Promise<void>((r) => w.once('exit', () => r()));
            this.send(t, { type: 'shutdown' });
            await exited;
          }
          t.state = 'closed';
          this.wake(t);
        }),
      );
    })();
    return this.closing;
  }

  get [mediaEngineTestHooks](): { worker(index: number): Worker | undefined } {
    return { worker: (index) => this.threads[index]?.worker };
  }

  private attach(t: MediaThread, worker: Worker): void {
    t.worker = worker;
    t.state = 'running';
    worker.on('message', (e: MediaEvent) => {
      if (t.worker === worker) this.onEvent(t, e);
    });
    // An uncaught exception in the worker: without a listener it would be rethrown on the main thread.
    worker.on('error', (e: Error) => {
      if (t.worker === worker) t.lastError = e;
    });
    worker.on('exit', (code: number) => {
      if (t.worker === worker) this.exited(t, code);
    });
    this.wake(t);
  }

  private send(t: MediaThread, c: MediaCommand): void {
    if (t.state === 'running') t.worker?.postMessage(c);
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

  /** The worker ended: asked to by close(), or it crashed (then a restart is scheduled). Either way its sessions are gone. */
  private exited(t: MediaThread, exitCode: number): void {
    t.worker = undefined;
    const crashed = !this.closing;
    const error = t.lastError;
    t.lastError = undefined;
    const message = crashed
      ? `media worker ${t.index} crashed (exit code ${exitCode}${error ? `: ${error.message}` : ''})`
      : `media worker ${t.index} ended`;
    t.state = crashed ? 'restarting' : 'closed';
    t.prompts.clear();
    const end: MediaSessionClosed = crashed ? { reason: 'workerCrashed', message } : { reason: 'closed' };
    const sessions = [...t.sessions.values()];
    t.sessions.clear();
    const pending = [...t.pending.values()];
    t.pending.clear();
    for (const w of t.statsWaiters.splice(0)) w(emptyStats(t.index));
    for (const s of sessions) s.end(end);
    for (const resolve of pending) resolve({ ok: false, reason: 'workerLost', message });
    if (!crashed) return this.wake(t);
    this.emit('workerCrashed', { index: t.index, exitCode, ...(error ? { error } : {}) });
    this.scheduleRestart(t, message);
  }

  private scheduleRestart(t: MediaThread, why: string): void {
    const now = this.clock.now();
    const { maxRestarts, windowMs, backoffMs, maxBackoffMs } = this.policy;
    t.crashes = t.crashes.filter((at) => now - at < windowMs);
    t.crashes.push(now);
    if (t.crashes.length > maxRestarts) {
      t.state = 'failed';
      t.failure = new Error(
        `media worker ${t.index} crashed ${t.crashes.length} times within ${windowMs / 1000} s and is not restarted again (ports ${t.config.ports.portMin}-${t.config.ports.portMax} unused); last: ${why}`,
      );
      this.wake(t);
      this.emit('workerFailed', { index: t.index, error: t.failure });
      return;
    }
    t.state = 'restarting';
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (t.crashes.length - 1));
    t.restartTimer = this.clock.setTimer(delay, () => {
      t.restartTimer = undefined;
      t.starting = this.restart(t).finally(() => (t.starting = undefined));
    });
  }

  private async restart(t: MediaThread): Promise<void> {
    let worker: Worker;
    try {
      worker = await startWorker(t.config);
    } catch (e) {
      if (this.closing) return;
      // A replacement that cannot start counts as one more crash.
      return this.scheduleRestart(t, e instanceof Error ? e.message : String(e));
    }
    if (this.closing) {
      await worker.terminate();
      return;
    }
    t.restarts++;
    this.attach(t, worker);
    this.emit('workerRestarted', { index: t.index, restarts: t.restarts });
  }

  /** Lets openSession calls waiting on this thread look again. */
  private wake(t: MediaThread): void {
    for (const w of t.waiters.splice(0)) w();
  }
}

function emptyStats(index: number): WorkerStats {
  return {
    index,
    sessions: 0,
    ticksRun: 0,
    ticksSkipped: 0,
    tickLateness: [],
    cpuUserUs: 0,
    cpuSystemUs: 0,
    heapUsed: 0,
    timers: 0,
    sockets: 0,
    packetsSent: 0,
    packetsReceived: 0,
  };
}

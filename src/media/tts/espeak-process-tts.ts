import { SystemClock, type Clock, type TimerHandle } from '../../shared/clock.ts';
import { OwnedTimers } from '../../shared/owned-timers.ts';
import { exitError, PluginChild, type ChildExit } from './plugin-child.ts';
import type { Frame } from './plugin-frames.ts';
import {
  readSynthesized,
  readVoices,
  replyId,
  type PluginRequest,
  type PluginRequestBody,
  type PluginVoice,
  type Reply,
} from './plugin-messages.ts';
import { TELEPHONY_SAMPLE_RATE } from './resample.ts';
import { ResamplerThread } from './resampler-thread.ts';
import { TtsError, type SynthesizedAudio, type TextToSpeech } from './text-to-speech.ts';
import { voiceForText } from './voice-for-text.ts';

export interface EspeakProcessTtsOptions {
  /** Path of the plug-in's server script (resolvePluginEntry()). */
  entry: string;
  /** Times request deadlines and the restart budget. Default: the system clock. */
  clock?: Clock;
  /** Deadline per request, counted from when it is sent (queueing in the child included). Default 15 s. */
  requestTimeoutMs?: number;
  /** At most this many process starts per `startWindowMs`, the first included. Default 5 per 60 s. */
  maxStarts?: number;
  startWindowMs?: number;
  /** Rate of the audio handed out. Default 8,000 Hz (G.711). */
  sampleRate?: number;
  /** How long close() lets the child finish before killing it (on `clock`). Default 2 s. */
  closeGraceMs?: number;
  /** The node binary that runs the plug-in. Default: this process's. */
  nodePath?: string;
}

interface Pending {
  message: PluginRequest;
  child: PluginChild;
  /** Processes it has been sent to: one that dies under it gets one more try. */
  attempts: number;
  timer: TimerHandle;
  /** Takes the frame answering this request; rejects on its own if the frame is a failure. */
  settle(frame: Frame): void;
  reject(error: TtsError): void;
}

/** A request whose process died is sent to a fresh one once; a text that kills the engine fails on the second death. */
const MAX_ATTEMPTS = 2;

/**
 * Text-to-speech from the GPL espeak-ng plug-in, run as one child process that every request
 * shares: requests are pipelined by id, each has a deadline, and a child that dies (or hangs past
 * a deadline) is replaced within a start budget, the requests it held sent once more to the new
 * one. Neither synthesis (in the child) nor the resampling to 8 kHz (on a worker thread) runs on
 * the caller's thread.
 */
export class EspeakProcessTts implements TextToSpeech {
  readonly name = 'espeak-ng';
  private readonly clock: Clock;
  private readonly timers: OwnedTimers;
  private readonly pending = new Map<number, Pending>();
  private readonly starts: number[] = [];
  /** The process new requests go to. */
  private child: PluginChild | undefined;
  /** Every process not yet reaped, the current one and any being killed. */
  private readonly live = new Set<PluginChild>();
  private readonly resampler = new ResamplerThread();
  private nextId = 1;
  private sent = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EspeakProcessTtsOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.timers = new OwnedTimers(this.clock);
  }

  /** Requests sent to a plug-in process so far: what a cache in front saves. */
  get requestCount(): number {
    return this.sent;
  }

  /** The running plug-in's process id, if one is running. */
  get childPid(): number | undefined {
    return this.child?.pid;
  }

  async synthesize(text: string, voice?: string): Promise<SynthesizedAudio> {
    const raw = await this.request({ type: 'synthesize', text, voice: voice ?? voiceForText(text) }, readSynthesized);
    const sampleRate = this.options.sampleRate ?? TELEPHONY_SAMPLE_RATE;
    return { pcm: await this.resampler.resample(raw.pcm, raw.sampleRate, sampleRate), sampleRate };
  }

  /** Every voice the engine has. */
  listVoices(): Promise<PluginVoice[]> {
    return this.request({ type: 'list-voices' }, readVoices);
  }

  /** Ends the child (stdin closed, then SIGKILL after the grace period) and fails what is pending. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.failAll(new TtsError('closed', 'text-to-speech was closed'));
    this.child = undefined;
    await this.resampler.close();
    const children = [...this.live];
    for (const c of children) c.endInput();
    const grace = this.timers.after(this.options.closeGraceMs ?? 2000, () => children.forEach((c) => c.kill()));
    await Promise.all(children.map((c) => c.exited));
    this.timers.cancel(grace);
  }

  private request<T>(message: PluginRequestBody, read: (frame: Frame) => Reply<T>): Promise<T> {
    if (this.closing) return Promise.reject(new TtsError('closed', 'text-to-speech was closed'));
    const child = this.usableChild();
    if (child instanceof TtsError) return Promise.reject(child);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timeoutMs = this.options.requestTimeoutMs ?? 15_000;
      const timer = this.timers.after(timeoutMs, () => this.timedOut(id, timeoutMs));
      const settle = (frame: Frame) => {
        const reply = read(frame);
        if (reply.ok) resolve(reply.value);
        else reject(reply.error);
      };
      const p: Pending = { message: { ...message, id }, child, attempts: 0, timer, settle, reject };
      this.pending.set(id, p);
      this.dispatch(p, child);
    });
  }

  private dispatch(p: Pending, child: PluginChild): void {
    p.child = child;
    p.attempts++;
    this.sent++;
    child.send(p.message);
  }

  private usableChild(): PluginChild | TtsError {
    return this.child?.usable ? this.child : this.start();
  }

  private start(): PluginChild | TtsError {
    const now = this.clock.now();
    const windowMs = this.options.startWindowMs ?? 60_000;
    while (this.starts.length > 0 && this.starts[0]! <= now - windowMs) this.starts.shift();
    const maxStarts = this.options.maxStarts ?? 5;
    if (this.starts.length >= maxStarts) {
      return new TtsError('engine-failed', `espeak plug-in started ${maxStarts} times within ${windowMs} ms; not restarting it yet`);
    }
    this.starts.push(now);
    const child: PluginChild = new PluginChild(this.options.nodePath ?? process.execPath, this.options.entry, {
      onFrame: (frame) => this.answered(child, frame),
      onExit: (exit) => this.exited(child, exit),
    });
    this.child = child;
    this.live.add(child);
    this.resampler.warm(); // in parallel with the engine loading in the child
    return child;
  }

  private answered(child: PluginChild, frame: Frame): void {
    const id = replyId(frame);
    const p = id === null || id === undefined ? undefined : this.pending.get(id);
    if (!p || p.child !== child) return child.breakProtocol(`answer for no pending request (id ${String(id)})`);
    this.pending.delete(id!);
    this.timers.cancel(p.timer);
    p.settle(frame);
  }

  /** A synthesis past its deadline means the engine is stuck: kill it, and what waited behind it is resent to a fresh one. */
  private timedOut(id: number, timeoutMs: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(new TtsError('timeout', `espeak plug-in gave no answer within ${timeoutMs} ms`));
    p.child.kill(); // no longer usable: the next request starts another process
  }

  private exited(child: PluginChild, exit: ChildExit): void {
    if (this.child === child) this.child = undefined;
    this.live.delete(child);
    if (this.closing) return;
    const error = exitError(exit);
    for (const [id, p] of this.pending) {
      if (p.child !== child) continue;
      const next = p.attempts < MAX_ATTEMPTS && error.code !== 'not-installed' ? this.usableChild() : error;
      if (next instanceof PluginChild) {
        this.dispatch(p, next);
        continue;
      }
      this.pending.delete(id);
      this.timers.cancel(p.timer);
      p.reject(error); // the death is the news; a refused restart only means there is no second try
    }
  }

  private failAll(error: TtsError): void {
    for (const p of this.pending.values()) {
      this.timers.cancel(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}

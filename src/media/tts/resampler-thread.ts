import { Worker } from 'node:worker_threads';
import type { ResampleAnswer, ResampleJob } from './resample-worker.ts';
import { TtsError } from './text-to-speech.ts';

/**
 * A worker thread's start-up script: workers do not inherit tsx's loader (neither `--import tsx`
 * nor register() in the parent reaches them), so it registers tsx itself, then loads the TypeScript body.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.body); });
`;

interface Waiting {
  resolve(pcm: Int16Array): void;
  reject(e: TtsError): void;
}

/**
 * Resampling on one worker thread, started on first use, so the main thread never runs the filter.
 * The input's buffer is transferred (the caller gives it up). A thread that dies fails what it held
 * and is replaced on the next call; close() ends it. The thread does not keep the process alive while idle.
 */
export class ResamplerThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  resample(pcm: Int16Array, fromRate: number, toRate: number): Promise<Int16Array> {
    if (this.closed) return Promise.reject(new TtsError('closed', 'text-to-speech was closed'));
    if (fromRate === toRate || pcm.length === 0) return Promise.resolve(pcm);
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<Int16Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      const job: ResampleJob = { id, pcm, fromRate, toRate };
      worker.postMessage(job, [pcm.buffer as ArrayBuffer]);
    });
  }

  /** Starts the thread ahead of the first call (its start-up takes a few hundred ms under load). */
  warm(): void {
    if (!this.closed) this.worker ??= this.start();
  }

  /** Ends the thread; whatever is still waiting fails with `closed`. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new TtsError('closed', 'text-to-speech was closed'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const workerData = { tsxApi: import.meta.resolve('tsx/esm/api'), body: new URL('./resample-worker.ts', import.meta.url).href };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
    worker.unref();
    worker.on('message', (answer: ResampleAnswer) => {
      const w = this.waiting.get(answer.id);
      if (!w) return;
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) worker.unref();
      if ('pcm' in answer) w.resolve(answer.pcm);
      else w.reject(new TtsError('engine-failed', `resampling failed: ${answer.error}`));
    });
    worker.on('error', (e) => this.lost(worker, `resampler thread failed: ${e.message}`));
    worker.on('exit', (code) => this.lost(worker, `resampler thread exited with code ${code}`));
    return worker;
  }

  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(new TtsError('engine-failed', reason));
  }

  private failAll(error: TtsError): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}

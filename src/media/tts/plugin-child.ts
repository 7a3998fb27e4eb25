import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { encodeFrame, FrameDecoder, type Frame } from './plugin-frames.ts';
import { TtsError } from './text-to-speech.ts';

/** The plug-in's exit code when its engine package cannot be loaded (packages/tts-espeak/espeak-server.mjs). */
export const EXIT_ENGINE_MISSING = 3;
const STDERR_TAIL_LINES = 8;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the child broke the framing and was killed for it. */
  protocolError?: string;
  /** Why it could not be spawned at all. */
  spawnError?: string;
  /** Its last stderr lines: the reason it gives, if any. */
  stderrTail: string[];
}

export interface ChildHandlers {
  onFrame(frame: Frame): void;
  /** Called once, whatever ended the process. No frame follows it. */
  onExit(exit: ChildExit): void;
}

/**
 * One running plug-in process: frames out on its stdin, frames in from its stdout, its stderr
 * kept as a short tail for error messages. It knows nothing of requests; EspeakProcessTts does.
 */
export class PluginChild {
  private readonly proc: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly decoder = new FrameDecoder();
  private readonly stderrTail: string[] = [];
  private protocolError: string | undefined;
  private spawnError: string | undefined;
  private done = false;
  private killed = false;
  /** Resolves when the process is gone (reaped). */
  readonly exited: Promise<void>;

  constructor(nodePath: string, entry: string, handlers: ChildHandlers) {
    this.proc = spawn(nodePath, [entry], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdin.on('error', () => {}); // EPIPE after the child died: its 'close' reports it
    this.proc.stdout.on('data', (chunk: Buffer) => this.received(chunk, handlers));
    this.proc.stderr.setEncoding('utf8').on('data', (text: string) => this.keepStderr(text));
    this.exited = new Promise((resolve) => {
      this.proc.on('error', (e) => {
        this.spawnError = e.message; // spawn failed: 'close' still follows
      });
      // 'close' waits for stdout to drain, so every frame the child wrote is delivered first.
      this.proc.on('close', (code, signal) => {
        this.done = true;
        const exit: ChildExit = { code, signal, stderrTail: this.stderrTail };
        if (this.protocolError !== undefined) exit.protocolError = this.protocolError;
        if (this.spawnError !== undefined) exit.spawnError = this.spawnError;
        handlers.onExit(exit);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** False once it exited, was killed or broke the protocol: new requests need another process. */
  get usable(): boolean {
    return !this.done && !this.killed && this.protocolError === undefined;
  }

  send(header: Record<string, unknown>): void {
    if (!this.done) this.proc.stdin.write(encodeFrame(header));
  }

  /** Closing stdin asks the plug-in to finish what it holds and exit. */
  endInput(): void {
    this.proc.stdin.end();
  }

  kill(): void {
    this.killed = true;
    if (!this.done) this.proc.kill('SIGKILL');
  }

  private received(chunk: Buffer, handlers: ChildHandlers): void {
    if (this.protocolError !== undefined) return;
    const result = this.decoder.push(chunk);
    for (const frame of result.frames) {
      if (this.protocolError !== undefined) return;
      handlers.onFrame(frame);
    }
    if (result.failure !== undefined) this.breakProtocol(result.failure);
  }

  /** The stream cannot be trusted past this point: stop reading and end the process. */
  breakProtocol(reason: string): void {
    if (this.protocolError !== undefined) return;
    this.protocolError = reason;
    this.kill();
  }

  private keepStderr(text: string): void {
    for (const line of text.split('\n')) if (line.trim() !== '') this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.splice(0, this.stderrTail.length - STDERR_TAIL_LINES);
  }
}

/** What a caller is told when the process ends under its request. */
export function exitError(exit: ChildExit): TtsError {
  const said = exit.stderrTail.length > 0 ? `; it said: ${exit.stderrTail.join(' | ')}` : '';
  if (exit.protocolError !== undefined) return new TtsError('protocol', `espeak plug-in broke the protocol: ${exit.protocolError}`);
  if (exit.code === EXIT_ENGINE_MISSING) return new TtsError('not-installed', `TTS plug-in not installed: its engine did not load${said}`);
  const how = exit.spawnError ?? (exit.signal !== null ? `killed by ${exit.signal}` : `exited with code ${String(exit.code)}`);
  return new TtsError('engine-failed', `espeak plug-in ${how}${said}`);
}

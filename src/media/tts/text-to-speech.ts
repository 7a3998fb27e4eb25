/**
 * The seam every speech engine implements: the embedded espeak-ng plug-in today, a cloud TTS later.
 * Callers get mono PCM16 and its rate; the TTS cache and the media engine take it from there.
 */
export interface SynthesizedAudio {
  /** Mono signed 16-bit samples. May be shared with a cache: read it, never write to it. */
  readonly pcm: Int16Array;
  readonly sampleRate: number;
}

export interface TextToSpeech {
  /** Names the engine (and so the sound of its voices): part of every cache key. */
  readonly name: string;
  /**
   * Renders `text` in `voice` (an engine voice id or a friendly name such as `mandarin`); without
   * a voice the engine picks one from the script of the text. Rejects with a TtsError.
   */
  synthesize(text: string, voice?: string): Promise<SynthesizedAudio>;
  /** Releases the engine (processes, files, timers). Idempotent; synthesize() rejects with `closed` after it. */
  close(): Promise<void>;
}

export type TtsErrorCode =
  /** The optional GPL plug-in package (or its engine) is not installed. */
  | 'not-installed'
  /** The engine has no such voice. */
  | 'unknown-voice'
  /** The engine refused the request itself (text too long, wrong type). */
  | 'bad-request'
  /** No answer within the request timeout. */
  | 'timeout'
  /** The engine process died, could not start, or was restarted too often. */
  | 'engine-failed'
  /** The engine answered with something that is not the protocol. */
  | 'protocol'
  /** close() was called. */
  | 'closed';

export class TtsError extends Error {
  override readonly name = 'TtsError';

  constructor(
    readonly code: TtsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

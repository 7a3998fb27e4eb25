import type { TextToSpeech } from './text-to-speech.ts';
import { voiceForText } from './voice-for-text.ts';

export interface SpokenText {
  text: string;
  voice?: string | undefined;
}

export interface PrepareResult {
  /** Distinct (voice, text) pairs measured. */
  measured: number;
  /** Texts the engine could not render, with its reason; they keep the estimate. */
  failures: { text: string; voice?: string | undefined; reason: string }[];
}

/** Length of synthesized audio in whole milliseconds. */
export function audioDurationMs(samples: number, sampleRate: number): number {
  return Math.round((samples * 1000) / sampleRate);
}

/**
 * How long each text speaks as the TTS renders it. Rendering goes through the engine given (the
 * disk cache in practice), off the calling thread; what has been measured is then answered
 * synchronously, which is what a carrier timing a prompt needs.
 */
export class SpeechDurations {
  private readonly known = new Map<string, number>();

  constructor(readonly tts: TextToSpeech) {}

  /** The measured length, or undefined when this text has not been rendered yet. */
  durationMs(text: string, voice?: string): number | undefined {
    return this.known.get(keyOf(text, voice));
  }

  /** Renders (or reads from the cache) and remembers the length. Rejects with the engine's TtsError. */
  async measure(text: string, voice?: string): Promise<number> {
    const audio = await this.tts.synthesize(text, voice);
    const ms = audioDurationMs(audio.pcm.length, audio.sampleRate);
    this.known.set(keyOf(text, voice), ms);
    return ms;
  }

  /** Measures every distinct text, all queued at once; `onProgress` after each. Never rejects. */
  async prepare(texts: readonly SpokenText[], onProgress?: (done: number, total: number) => void): Promise<PrepareResult> {
    const distinct = new Map<string, SpokenText>();
    for (const t of texts) if (!this.known.has(keyOf(t.text, t.voice))) distinct.set(keyOf(t.text, t.voice), t);
    const failures: PrepareResult['failures'] = [];
    let done = 0;
    await Promise.all(
      [...distinct.values()].map((t) =>
        this.measure(t.text, t.voice).then(
          () => onProgress?.(++done, distinct.size),
          (e: unknown) => {
            failures.push({ text: t.text, voice: t.voice, reason: e instanceof Error ? e.message : String(e) });
            onProgress?.(++done, distinct.size);
          },
        ),
      ),
    );
    return { measured: distinct.size - failures.length, failures };
  }
}

/** The engine's default voice follows the script, so `undefined` and the default name are one entry. */
const keyOf = (text: string, voice: string | undefined) => JSON.stringify([voice ?? voiceForText(text), text]);

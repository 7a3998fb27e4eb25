// Turns an IVR Prompt into the media engine's pre-encoded frames: WAV through media/audio, text through TTS.
import type { Prompt } from '../../../domain/prompt.ts';
import { loadWavPrompt } from '../../../media/audio/load-wav-prompt.ts';
import { PromptCache } from '../../../media/audio/prompt-cache.ts';
import type { PromptAudio } from '../../../media/audio/prompt-audio.ts';
import { resampleTo8k } from '../../../media/audio/resample-to-8k.ts';
import type { SynthesizedAudio, TextToSpeech } from '../../../media/tts/text-to-speech.ts';
import { encodePrompt, type PromptFrames } from '../../rtp/engine/prompt-frames.ts';

export interface PromptSourceOptions {
  /** Text prompts need it; without one a text prompt fails to play (the carrier refuses such worlds at start). */
  tts?: TextToSpeech | undefined;
  /** Budget of decoded WAV prompts kept in memory; default 64 MiB. */
  wavCacheBytes?: number;
  /** Budget of encoded frames the media workers hold; default 64 MiB. */
  framesBytes?: number;
  /** Told when frames fall out of the budget, so the workers drop their copy (MediaEngine.forgetPrompt). */
  onForget?: (frames: PromptFrames) => void;
}

/**
 * Prompts are decoded, resampled and encoded once and shared by every call: the WAV cache and the TTS
 * cache hand back the same audio object on a hit, so the frames are kept per audio object (a WeakMap:
 * evicted from those caches, the frames go with them).
 */
export class PromptSource {
  private readonly wavCache: PromptCache;
  private readonly fromWav = new WeakMap<PromptAudio, PromptFrames>();
  private readonly fromTts = new WeakMap<SynthesizedAudio, PromptFrames>();
  /** Frames handed out, least recently used first: a text prompt with a caller's name in it is new on every call. */
  private readonly handedOut = new Map<PromptFrames, number>();
  private handedOutBytes = 0;

  constructor(private readonly o: PromptSourceOptions = {}) {
    this.wavCache = new PromptCache(o.wavCacheBytes ?? 64 << 20);
  }

  get speaks(): boolean {
    return this.o.tts !== undefined;
  }

  /** Rejects with a plain reason when the prompt cannot be played (missing file, no TTS, engine error). */
  async frames(prompt: Prompt): Promise<PromptFrames> {
    if (prompt.kind === 'audio') {
      const r = await loadWavPrompt(prompt.path, { cache: this.wavCache });
      if (!r.ok) throw new Error(`audio prompt ${r.path}: ${r.reason}`);
      let f = this.fromWav.get(r.audio);
      if (!f) this.fromWav.set(r.audio, (f = encodePrompt(r.audio.pcm)));
      return this.touch(f);
    }
    const tts = this.o.tts;
    if (!tts) throw new Error('text prompt, but no text-to-speech is installed (@openccc/tts-espeak)');
    const audio = await tts.synthesize(prompt.text, prompt.voice);
    let f = this.fromTts.get(audio);
    if (!f) this.fromTts.set(audio, (f = encodePrompt(resampleTo8k(audio.pcm, audio.sampleRate))));
    return this.touch(f);
  }

  /** Marks `f` most recently used; frames over the budget are forgotten by the workers (played again, they are re-sent). */
  private touch(f: PromptFrames): PromptFrames {
    const bytes = this.handedOut.get(f) ?? f.pcmu.byteLength + f.pcma.byteLength;
    if (this.handedOut.delete(f)) this.handedOutBytes -= bytes;
    this.handedOut.set(f, bytes);
    this.handedOutBytes += bytes;
    const budget = this.o.framesBytes ?? 64 << 20;
    for (const [old, b] of this.handedOut) {
      if (this.handedOutBytes <= budget || old === f) break;
      this.handedOut.delete(old);
      this.handedOutBytes -= b;
      this.o.onForget?.(old);
    }
    return f;
  }

  async close(): Promise<void> {
    this.wavCache.clear();
    await this.o.tts?.close();
  }
}

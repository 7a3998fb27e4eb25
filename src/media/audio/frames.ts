import { FRAME_SAMPLES, type PromptAudio } from './prompt-audio.ts';

/** Wraps 8 kHz mono PCM as a PromptAudio, padding the last frame with silence (one copy, only if padding is needed). */
export function toPromptAudio(pcm8k: Int16Array): PromptAudio {
  const frames = Math.ceil(pcm8k.length / FRAME_SAMPLES);
  const padded = pcm8k.length === frames * FRAME_SAMPLES ? pcm8k : new Int16Array(frames * FRAME_SAMPLES);
  if (padded !== pcm8k) padded.set(pcm8k);
  return { pcm: padded, frames, durationMs: pcm8k.length / 8 };
}

/** Frame `index` as a view into the prompt (no copy); the hot path of the player. */
export function frameAt(audio: PromptAudio, index: number): Int16Array {
  if (!(Number.isInteger(index) && index >= 0 && index < audio.frames)) throw new RangeError(`frame ${index} of ${audio.frames}`);
  return audio.pcm.subarray(index * FRAME_SAMPLES, (index + 1) * FRAME_SAMPLES);
}

/** Every frame, as views into the prompt. */
export function splitFrames(audio: PromptAudio): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < audio.frames; i++) out.push(frameAt(audio, i));
  return out;
}

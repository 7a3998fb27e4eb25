import type { Prompt } from '../../telephony/carrier.ts';

/**
 * How long a prompt takes to play, estimated. This is an honest placeholder: openccc does not
 * synthesize speech yet (espeak-ng is a later issue); the simulator and the simulated carrier
 * only need durations that grow with the text, so a caller's keys land at plausible times.
 */
export const MS_PER_CHAR = 70;
/** A Han character is a syllable, read at about four per second. */
export const MS_PER_HAN_CHAR = 250;
export const MIN_SPEECH_MS = 400;
/** For an audio file whose length cannot be read. */
export const DEFAULT_AUDIO_MS = 3000;

const HAN = /\p{Script=Han}/u;

export function estimateSpeechMs(text: string): number {
  let ms = 0;
  for (const ch of text) ms += HAN.test(ch) ? MS_PER_HAN_CHAR : MS_PER_CHAR;
  return Math.max(MIN_SPEECH_MS, ms);
}

/** `audioMs` measures an audio file (e.g. readWavDurationMs); undefined falls back to the default. */
export function estimatePromptMs(prompt: Prompt, audioMs?: (path: string) => number | undefined): number {
  if (prompt.kind === 'text') return estimateSpeechMs(prompt.text);
  return audioMs?.(prompt.path) ?? DEFAULT_AUDIO_MS;
}

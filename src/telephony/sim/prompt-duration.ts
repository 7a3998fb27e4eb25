import type { Prompt } from '../carrier.ts';

/**
 * How long the simulated line takes to play a prompt. Text: 70 ms a character, 250 ms a Han
 * character (a syllable), at least 400 ms: the same rule as `openccc ivr simulate`
 * (src/ivr/tts/estimate.ts, which telephony may not import), so the offline simulator
 * predicts the simulated line's timings. Audio: a fixed time, no file is read.
 */
export const MS_PER_CHAR = 70;
export const MS_PER_HAN_CHAR = 250;
export const MIN_SPEECH_MS = 400;

const HAN = /\p{Script=Han}/u;

export function promptDurationMs(prompt: Prompt, audioMs: number): number {
  if (prompt.kind === 'audio') return audioMs;
  let ms = 0;
  for (const ch of prompt.text) ms += HAN.test(ch) ? MS_PER_HAN_CHAR : MS_PER_CHAR;
  return Math.max(MIN_SPEECH_MS, ms);
}

/**
 * What an IVR plays on the line, and how long it plays when nothing measures it: the one
 * module both the offline simulator and the simulated carrier use, so a flow runs with the
 * same timings in `openccc ivr simulate` and on the sim line.
 */

/** Text goes through TTS; audio is a file the carrier reads, with its length when the loader could read it. */
export type Prompt = { kind: 'text'; text: string; voice?: string } | { kind: 'audio'; path: string; durationMs?: number };

/** Speech estimate until TTS renders the text: 70 ms a character, 250 ms a Han character (a syllable). */
export const MS_PER_CHAR = 70;
export const MS_PER_HAN_CHAR = 250;
export const MIN_SPEECH_MS = 400;
/** For an audio file whose length could not be read (not a WAV, or unreadable). */
export const DEFAULT_AUDIO_MS = 3000;

const HAN = /\p{Script=Han}/u;

export function estimateSpeechMs(text: string): number {
  let ms = 0;
  for (const ch of text) ms += HAN.test(ch) ? MS_PER_HAN_CHAR : MS_PER_CHAR;
  return Math.max(MIN_SPEECH_MS, ms);
}

/** How long a prompt plays: audio its measured length (else `unknownAudioMs`), text the speech estimate. */
export function promptDurationMs(prompt: Prompt, unknownAudioMs: number = DEFAULT_AUDIO_MS): number {
  if (prompt.kind === 'text') return estimateSpeechMs(prompt.text);
  return prompt.durationMs ?? unknownAudioMs;
}

/** The text of a prompt, for TelCdrInfo.IVRKeyPressedEx TTSPrompt; undefined for audio. */
export function promptText(prompt: Prompt): string | undefined {
  return prompt.kind === 'text' ? prompt.text : undefined;
}

import { resampleTo8k, TARGET_RATE } from '../audio/resample-to-8k.ts';

/** The rate of the telephone network's G.711 audio, the only rate the media engine plays. */
export const TELEPHONY_SAMPLE_RATE = TARGET_RATE;

/**
 * TTS output to the engine's rate through the one resampler prompts use (media/audio): band-limited
 * windowed sinc, so a 4.4 kHz tone from 22,050 Hz comes out at about -68 dB instead of aliasing.
 */
export function resamplePcm16(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (toRate !== TARGET_RATE) throw new RangeError(`TTS renders for the ${TARGET_RATE} Hz media engine, not ${toRate} Hz`);
  return resampleTo8k(pcm, fromRate);
}

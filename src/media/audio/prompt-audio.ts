/** 20 ms at 8 kHz: one RTP packet of G.711 (RFC 3551 §4.5.14, the default ptime). */
export const FRAME_SAMPLES = 160;
export const FRAME_MS = 20;

/**
 * A prompt ready to play: 8 kHz mono PCM padded with silence to whole frames, so the player takes
 * `pcm.subarray(i * 160, i * 160 + 160)` without copying. `durationMs` is the audio's own length
 * (samples / 8, exact, possibly fractional); playing it takes `frames * 20` ms.
 */
export interface PromptAudio {
  readonly pcm: Int16Array;
  readonly frames: number;
  readonly durationMs: number;
}

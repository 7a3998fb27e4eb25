/**
 * A prompt as pre-encoded 20 ms G.711 frames in both laws, built once (and cached by the caller),
 * then read by every call at its own offset: no copy per call. The bytes live in a SharedArrayBuffer,
 * so posting a PromptFrames to a media worker shares the memory instead of copying it.
 */
import { g711Encode, type G711Law } from '../g711.ts';

export const FRAME_SAMPLES = 160;
export const FRAME_BYTES = 160;

export interface PromptFrames {
  readonly frameCount: number;
  /** frameCount · 160 bytes each. */
  readonly pcmu: Uint8Array;
  readonly pcma: Uint8Array;
}

/** Encodes 8 kHz PCM into both laws; the last frame is padded with silence. */
export function encodePrompt(pcm8k: Int16Array): PromptFrames {
  const frameCount = Math.ceil(pcm8k.length / FRAME_SAMPLES);
  const bytes = frameCount * FRAME_BYTES;
  const shared = new SharedArrayBuffer(2 * bytes);
  const pcmu = new Uint8Array(shared, 0, bytes);
  const pcma = new Uint8Array(shared, bytes, bytes);
  const padded = new Int16Array(bytes);
  padded.set(pcm8k);
  g711Encode('pcmu', padded, pcmu);
  g711Encode('pcma', padded, pcma);
  return { frameCount, pcmu, pcma };
}

/** The code of digital silence (linear 0) in each law. */
export const SILENCE_CODE: Readonly<Record<G711Law, number>> = { pcmu: 0xff, pcma: 0xd5 };

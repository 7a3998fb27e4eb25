import { endianness } from 'node:os';
import { z } from 'zod';
import type { Frame } from './plugin-frames.ts';
import { TtsError, type TtsErrorCode } from './text-to-speech.ts';

/** What the plug-in reports for one voice of `list-voices`. */
export interface PluginVoice {
  id: string;
  name: string;
  languages: string[];
}

/** A request as the caller states it; the client adds the id. */
export type PluginRequestBody = { type: 'synthesize'; text: string; voice?: string } | { type: 'list-voices' };
export type PluginRequest = PluginRequestBody & { id: number };

const id = z.number().int().nonnegative();
const synthesized = z.object({ id, ok: z.literal(true), sampleRate: z.number().int().positive(), samples: z.number().int().nonnegative() });
const voices = z.object({
  id,
  ok: z.literal(true),
  voices: z.array(z.object({ id: z.string(), name: z.string(), languages: z.array(z.string()) })),
});
const failed = z.object({ id: id.nullable(), ok: z.literal(false), code: z.string(), error: z.string() });
const anyId = z.object({ id: id.nullable() });

/** The plug-in's error codes that mean something to a caller; any other is an engine failure. */
const FAILURE_CODES: Record<string, TtsErrorCode> = { 'unknown-voice': 'unknown-voice', 'bad-request': 'bad-request' };

export type Reply<T> = { ok: true; value: T } | { ok: false; error: TtsError };

/** The request id a frame answers, or undefined when the frame has none (a protocol fault). */
export function replyId(frame: Frame): number | null | undefined {
  const r = anyId.safeParse(frame.header);
  return r.success ? r.data.id : undefined;
}

/** A typed failure if the frame is the plug-in refusing the request, else undefined. */
function refusal(frame: Frame): TtsError | undefined {
  const r = failed.safeParse(frame.header);
  if (!r.success) return undefined;
  return new TtsError(FAILURE_CODES[r.data.code] ?? 'engine-failed', `espeak plug-in: ${r.data.error}`);
}

const malformed = (what: string): Reply<never> => ({
  ok: false,
  error: new TtsError('protocol', `espeak plug-in sent a malformed ${what}`),
});

/** The samples of a `synthesize` answer, checked against the header's count. Never throws. */
export function readSynthesized(frame: Frame): Reply<{ pcm: Int16Array; sampleRate: number }> {
  const refused = refusal(frame);
  if (refused) return { ok: false, error: refused };
  const r = synthesized.safeParse(frame.header);
  if (!r.success || frame.payload.length !== r.data.samples * 2) return malformed('synthesis answer');
  return { ok: true, value: { pcm: int16FromLittleEndian(frame.payload), sampleRate: r.data.sampleRate } };
}

export function readVoices(frame: Frame): Reply<PluginVoice[]> {
  const refused = refusal(frame);
  if (refused) return { ok: false, error: refused };
  const r = voices.safeParse(frame.header);
  return r.success ? { ok: true, value: r.data.voices } : malformed('voice list');
}

/** Copies into an aligned array (a payload may start at an odd offset) and fixes byte order on big-endian hosts. */
function int16FromLittleEndian(bytes: Buffer): Int16Array {
  const copy = Buffer.alloc(bytes.length);
  bytes.copy(copy);
  if (endianness() === 'BE') copy.swap16();
  return new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2);
}

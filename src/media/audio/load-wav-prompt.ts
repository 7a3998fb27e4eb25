import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeWavPrompt, type WavSourceFormat } from './decode-wav-prompt.ts';
import { toPromptAudio } from './frames.ts';
import type { PromptCache, PromptFileKey } from './prompt-cache.ts';
import type { PromptAudio } from './prompt-audio.ts';

export type LoadedPrompt =
  { ok: true; audio: PromptAudio; cached: boolean; sourceFormat?: WavSourceFormat } | { ok: false; reason: string; path: string };

export interface LoadOptions {
  cache?: PromptCache;
  /** Files larger than this are refused before reading; default 64 MiB (about 6 minutes of 48 kHz stereo 16-bit). */
  maxFileBytes?: number;
  maxDurationMs?: number;
}

// Loads of one file version that overlap share one decode: a campaign starting 200 calls on a cold
// cache must not convert the same prompt 200 times (~100-200 ms CPU each for 5 s of 44.1 kHz stereo).
const inFlight = new WeakMap<PromptCache, Map<string, Promise<LoadedPrompt>>>();

/**
 * Reads a WAV prompt file and converts it once: later loads of the same path, size and mtime come
 * from the cache (the only module under media/audio that touches the file system).
 * `sourceFormat` is present only on a fresh decode.
 */
export async function loadWavPrompt(file: string, opts: LoadOptions = {}): Promise<LoadedPrompt> {
  const path = resolve(file);
  let size: number;
  let mtimeMs: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return { ok: false, reason: 'not a regular file', path };
    ({ size, mtimeMs } = s);
  } catch (e) {
    return { ok: false, reason: ioReason(e), path };
  }
  const key = { path, size, mtimeMs };
  const cache = opts.cache;
  if (!cache) return readAndDecode(key, opts);
  const hit = cache.get(key);
  if (hit) return { ok: true, audio: hit, cached: true };
  let pending = inFlight.get(cache);
  if (!pending) inFlight.set(cache, (pending = new Map()));
  const id = `${path}\0${size}\0${mtimeMs}`;
  const shared = pending.get(id);
  if (shared) {
    const r = await shared;
    return r.ok ? { ok: true, audio: r.audio, cached: true } : r;
  }
  const p = readAndDecode(key, opts).then((r) => {
    // Keyed by the stat taken before reading: if the file changed meanwhile, the next stat misses and re-reads.
    if (r.ok) cache.set(key, r.audio);
    return r;
  });
  pending.set(id, p);
  try {
    return await p;
  } finally {
    pending.delete(id);
  }
}

async function readAndDecode(key: PromptFileKey, opts: LoadOptions): Promise<LoadedPrompt> {
  const { path, size } = key;
  const max = opts.maxFileBytes ?? 64 * 1024 * 1024;
  if (size > max) return { ok: false, reason: `file is ${size} bytes, over the ${max}-byte limit`, path };
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { ok: false, reason: ioReason(e), path };
  }
  const decoded = decodeWavPrompt(bytes, { maxDurationMs: opts.maxDurationMs });
  if (!decoded.ok) return { ok: false, reason: decoded.reason, path };
  return { ok: true, audio: toPromptAudio(decoded.pcm), cached: false, sourceFormat: decoded.sourceFormat };
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot read: ${(e as Error).message}`;
}

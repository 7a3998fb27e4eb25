import type { PromptAudio } from './prompt-audio.ts';

/** What identifies one version of a prompt file; the caller stats the file, this module reads nothing. */
export interface PromptFileKey {
  /** Absolute path. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface PromptCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

interface Entry {
  size: number;
  mtimeMs: number;
  audio: PromptAudio;
}

/**
 * Decoded prompts shared by every call, bounded by the bytes of their PCM, least recently used
 * evicted first. One entry per path: a file whose size or mtime changed is a miss and its old
 * decode is dropped on the spot, so a replaced prompt is never played stale.
 */
export class PromptCache {
  // A Map iterates in insertion order; re-inserting on every hit keeps the LRU entry first.
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(readonly maxBytes: number) {
    if (!(Number.isFinite(maxBytes) && maxBytes >= 0)) throw new RangeError(`invalid cache budget ${maxBytes}`);
  }

  get(key: PromptFileKey): PromptAudio | undefined {
    const e = this.entries.get(key.path);
    if (!e || e.size !== key.size || e.mtimeMs !== key.mtimeMs) {
      if (e) this.remove(key.path, e);
      this.misses++;
      return undefined;
    }
    this.entries.delete(key.path);
    this.entries.set(key.path, e);
    this.hits++;
    return e.audio;
  }

  /** Stores a decode; one larger than the whole budget is not kept (returns false). */
  set(key: PromptFileKey, audio: PromptAudio): boolean {
    const old = this.entries.get(key.path);
    if (old) this.remove(key.path, old);
    const cost = audio.pcm.byteLength;
    if (cost > this.maxBytes) return false;
    while (this.bytes + cost > this.maxBytes) {
      const [path, lru] = this.entries.entries().next().value!;
      this.remove(path, lru);
      this.evictions++;
    }
    this.entries.set(key.path, { size: key.size, mtimeMs: key.mtimeMs, audio });
    this.bytes += cost;
    return true;
  }

  delete(path: string): void {
    const e = this.entries.get(path);
    if (e) this.remove(path, e);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): PromptCacheStats {
    return {
      entries: this.entries.size,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    };
  }

  private remove(path: string, e: Entry): void {
    this.entries.delete(path);
    this.bytes -= e.audio.pcm.byteLength;
  }
}

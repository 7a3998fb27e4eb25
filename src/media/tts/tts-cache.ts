import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ByteLru } from './byte-lru.ts';
import { decodePcmWav, encodePcmWav } from './pcm-wav.ts';
import { TtsError, type SynthesizedAudio, type TextToSpeech } from './text-to-speech.ts';
import { voiceForText } from './voice-for-text.ts';

export interface TtsCacheOptions {
  /** The engine that renders a prompt the cache has not seen. The cache owns it: close() closes it. */
  engine: TextToSpeech;
  /** Where rendered prompts live, one `<sha256>.wav` each (e.g. `<dataDir>/tts`). Created on first write. */
  dir: string;
  /** Budget of the in-memory LRU in front of the files. Default 32 MiB (about 35 minutes of 8 kHz audio). */
  memoryBytes?: number;
}

export interface TtsCacheStats {
  memoryHits: number;
  diskHits: number;
  /** Prompts handed to the engine. */
  renders: number;
  /** Renders whose file could not be written (the audio was still returned). */
  writeFailures: number;
}

/** Bumped when what a key stands for changes, so old files are simply never read again. */
const KEY_VERSION = 'openccc-tts-cache/1';

/**
 * Renders each (engine, voice, text) once: the audio goes to disk (atomically: temp file, then
 * rename) and into an LRU, and concurrent requests for one prompt share one synthesis. Results are
 * shared arrays: callers must not write to them.
 */
export class TtsCache implements TextToSpeech {
  readonly name: string;
  readonly stats: TtsCacheStats = { memoryHits: 0, diskHits: 0, renders: 0, writeFailures: 0 };
  private readonly memory: ByteLru<SynthesizedAudio>;
  private readonly inFlight = new Map<string, Promise<SynthesizedAudio>>();
  private dirReady: Promise<unknown> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: TtsCacheOptions) {
    this.name = options.engine.name;
    this.memory = new ByteLru(options.memoryBytes ?? 32 << 20, (a) => a.pcm.byteLength);
  }

  /** The file a prompt is kept in; the key covers the engine, the voice (after defaulting) and the exact text. */
  fileFor(text: string, voice?: string): string {
    return join(this.options.dir, `${this.keyOf(text, voice ?? voiceForText(text))}.wav`);
  }

  synthesize(text: string, voice?: string): Promise<SynthesizedAudio> {
    if (this.closing) return Promise.reject(new TtsError('closed', 'text-to-speech was closed'));
    const chosen = voice ?? voiceForText(text);
    const key = this.keyOf(text, chosen);
    const hit = this.memory.get(key);
    if (hit) {
      this.stats.memoryHits++;
      return Promise.resolve(hit);
    }
    let job = this.inFlight.get(key);
    if (!job) {
      job = this.load(key, text, chosen).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, job);
    }
    return job;
  }

  /** Closes the engine after the renders under way have settled, so no file is written after it. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight.values()]);
      await this.options.engine.close();
    })();
    return this.closing;
  }

  private keyOf(text: string, voice: string): string {
    return createHash('sha256')
      .update(JSON.stringify([KEY_VERSION, this.name, voice, text]))
      .digest('hex');
  }

  private async load(key: string, text: string, voice: string): Promise<SynthesizedAudio> {
    const file = join(this.options.dir, `${key}.wav`);
    const stored = await readFile(file).then(decodePcmWav, () => undefined);
    if (stored) {
      this.stats.diskHits++;
      this.memory.set(key, stored);
      return stored;
    }
    this.stats.renders++;
    const audio = await this.options.engine.synthesize(text, voice);
    this.memory.set(key, audio);
    await this.store(file, audio);
    return audio;
  }

  private async store(file: string, audio: SynthesizedAudio): Promise<void> {
    const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      this.dirReady ??= mkdir(this.options.dir, { recursive: true });
      await this.dirReady;
      await writeFile(temp, encodePcmWav(audio));
      await rename(temp, file); // atomic on one file system: a reader sees no file or the whole file
    } catch {
      this.dirReady = undefined; // the directory may have been removed: try to create it again next time
      this.stats.writeFailures++;
      await rm(temp, { force: true }).catch(() => {});
    }
  }
}

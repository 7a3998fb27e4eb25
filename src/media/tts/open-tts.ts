import type { Clock } from '../../shared/clock.ts';
import { EspeakProcessTts } from './espeak-process-tts.ts';
import { ESPEAK_PLUGIN_SPECIFIER, resolvePluginEntry } from './plugin-entry.ts';
import type { TextToSpeech } from './text-to-speech.ts';
import { TtsCache } from './tts-cache.ts';

export interface OpenTtsOptions {
  /** Where rendered prompts are kept, e.g. `<dataDir>/tts`. */
  cacheDir: string;
  clock?: Clock;
  /** The plug-in to run; tests point it elsewhere. Default `@openccc/tts-espeak/server`. */
  pluginSpecifier?: string;
  /** Read for OPENCCC_TTS=off, which turns text-to-speech off as if the plug-in were absent. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Why there is no text-to-speech; openccc runs on without it (recorded prompts still play). */
export interface TtsUnavailable {
  unavailable: string;
}

/**
 * The text-to-speech openccc uses: the espeak-ng plug-in process behind the prompt cache, or the
 * reason it cannot have one. Nothing is started until the first prompt is rendered.
 */
export function openTextToSpeech(options: OpenTtsOptions): TextToSpeech | TtsUnavailable {
  if ((options.env ?? process.env).OPENCCC_TTS === 'off') return { unavailable: 'text-to-speech is turned off (OPENCCC_TTS=off)' };
  const entry = resolvePluginEntry(options.pluginSpecifier ?? ESPEAK_PLUGIN_SPECIFIER);
  if (!entry.ok) return { unavailable: entry.error.message };
  const engine = new EspeakProcessTts(options.clock ? { entry: entry.path, clock: options.clock } : { entry: entry.path });
  return new TtsCache({ engine, dir: options.cacheDir });
}

export function isTtsUnavailable(t: TextToSpeech | TtsUnavailable): t is TtsUnavailable {
  return 'unavailable' in t;
}

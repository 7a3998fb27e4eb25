import { fileURLToPath } from 'node:url';
import { TtsError } from './text-to-speech.ts';

/** The optional GPL package's server script, as its package.json `exports` names it. */
export const ESPEAK_PLUGIN_SPECIFIER = '@openccc/tts-espeak/server';

export type PluginEntry = { ok: true; path: string } | { ok: false; error: TtsError };

/**
 * Finds the plug-in's entry script without loading it: the core only ever runs it as a separate
 * process, so it stays an optional, separately licensed install. Never throws.
 */
export function resolvePluginEntry(specifier: string = ESPEAK_PLUGIN_SPECIFIER): PluginEntry {
  try {
    return { ok: true, path: fileURLToPath(import.meta.resolve(specifier)) };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const message =
      `TTS plug-in not installed: cannot resolve ${specifier} (${why}). ` +
      'Install the optional GPL-3.0 package @openccc/tts-espeak (packages/tts-espeak) to enable text-to-speech; openccc runs without it.';
    return { ok: false, error: new TtsError('not-installed', message) };
  }
}

import { homedir } from 'node:os';
import { join } from 'node:path';
import { promptDurationMs, type Prompt } from '../../domain/prompt.ts';
import { literalTextPrompts } from '../../ivr/flow-prompts.ts';
import type { FlowDefinition } from '../../ivr/loader.ts';
import { simulate, type SimulateOptions, type SimulationResult } from '../../ivr/simulate.ts';
import { isTtsUnavailable, openTextToSpeech } from '../../media/tts/open-tts.ts';
import { SpeechDurations, type SpokenText } from '../../media/tts/speech-durations.ts';
import type { TextToSpeech } from '../../media/tts/text-to-speech.ts';

/** Where `openccc ivr simulate` keeps rendered prompts unless told otherwise: $XDG_CACHE_HOME/openccc/tts. */
export function defaultTtsCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'openccc', 'tts');
}

/** Text-to-speech for offline simulation, or the reason there is none. */
export type SimulationSpeech = { tts: TextToSpeech; durations: SpeechDurations } | { unavailable: string };

export function openSimulationSpeech(cacheDir: string): SimulationSpeech {
  const tts = openTextToSpeech({ cacheDir });
  if (isTtsUnavailable(tts)) return tts;
  return { tts, durations: new SpeechDurations(tts) };
}

export interface SpeechSimulation {
  result: SimulationResult;
  /** Texts played that could not be synthesized (they kept the estimate), with the engine's reason. */
  failures: { text: string; reason: string }[];
}

/** Rounds of simulate → render what it played → simulate again, before giving up on new texts. */
const MAX_ROUNDS = 5;

/**
 * Runs the pure simulator with each text prompt timed by its synthesized length. The flow's literal
 * texts are rendered first; a text with variables is known only once the run renders it, so the run
 * is repeated with the new lengths until it plays no text it has not measured (a different length
 * can change the path: a key pressed at a fixed time may land in another prompt).
 */
export async function simulateWithSpeech(
  flow: FlowDefinition,
  options: SimulateOptions,
  durations: SpeechDurations,
  onProgress?: (done: number, total: number) => void,
): Promise<SpeechSimulation> {
  const failures = new Map<string, string>();
  const keyOf = (p: SpokenText) => JSON.stringify([p.voice ?? null, p.text]);
  const record = (r: { failures: { text: string; voice?: string | undefined; reason: string }[] }) => {
    for (const f of r.failures) failures.set(keyOf(f), f.reason);
  };
  record(await durations.prepare(literalTextPrompts(flow), onProgress));
  for (let round = 1; ; round++) {
    const unknown: SpokenText[] = [];
    const promptMs = (p: Prompt) => {
      if (p.kind !== 'text') return promptDurationMs(p);
      const ms = durations.durationMs(p.text, p.voice);
      if (ms === undefined && !failures.has(keyOf(p))) unknown.push(p);
      return ms ?? promptDurationMs(p);
    };
    const result = simulate(flow, { ...options, promptMs });
    if (unknown.length === 0 || round === MAX_ROUNDS) {
      const played = new Set(result.played.map((p) => (p.prompt.kind === 'text' ? keyOf(p.prompt) : '')));
      const failed = [...failures].filter(([k]) => played.has(k)).map(([k, reason]) => ({ text: (JSON.parse(k) as string[])[1]!, reason }));
      return { result, failures: failed };
    }
    record(await durations.prepare(unknown, onProgress));
  }
}

import { join } from 'node:path';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { literalTextPrompts } from '../../ivr/flow-prompts.ts';
import { isTtsUnavailable, openTextToSpeech } from '../../media/tts/open-tts.ts';
import { SpeechDurations } from '../../media/tts/speech-durations.ts';
import type { TextPromptTiming } from '../../telephony/sim/sim-line.ts';
import type { World } from '../world.ts';

export interface SpeechTiming {
  /** For the sim carrier; undefined when there is no TTS (text prompts keep the estimate). */
  textPromptMs: TextPromptTiming | undefined;
  /** Ends the TTS plug-in process and its resampler thread. Idempotent. */
  close(): Promise<void>;
}

export interface SpeechTimingOptions {
  world: World;
  /** Rendered prompts are cached under `<dataDir>/tts`. */
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** false turns TTS off (as OPENCCC_TTS=off does). */
  enabled?: boolean | undefined;
  /** The plug-in to run; tests point it at a package that does not exist. */
  pluginSpecifier?: string | undefined;
}

/** How often progress is logged while many prompts render. */
const PROGRESS_EVERY_MS = 1000;
/**
 * Distinct texts rendering on first play at once; beyond it a new text keeps the estimate, so a
 * burst of calls with per-call texts (a number in the greeting) cannot queue minutes of synthesis.
 */
const MAX_RENDERS_ON_PLAY = 16;

/**
 * Real speech lengths for the simulated line: every text prompt of the world's flows that has no
 * variable is rendered once at start (through the disk cache, in the plug-in process and the
 * resampler thread, so a warm start costs only file reads); texts with variables are rendered when
 * first played. Without the plug-in it says so once and the estimate stays.
 */
export async function openSpeechTiming(opts: SpeechTimingOptions): Promise<SpeechTiming> {
  const { logger, clock } = opts;
  const tts =
    opts.enabled === false
      ? { unavailable: 'text-to-speech is turned off' }
      : openTextToSpeech({ cacheDir: join(opts.dataDir, 'tts'), ...(opts.pluginSpecifier && { pluginSpecifier: opts.pluginSpecifier }) });
  if (isTtsUnavailable(tts)) {
    logger.warn(
      { reason: tts.unavailable },
      'no text-to-speech: the simulated line times text prompts by the estimate (70 ms a character)',
    );
    return { textPromptMs: undefined, close: async () => {} };
  }
  const durations = new SpeechDurations(tts);
  const texts = [...opts.world.apps.values()].flatMap((app) => [...app.ivrs.values()].flatMap((ivr) => literalTextPrompts(ivr.flow)));
  const started = clock.now();
  let lastLog = started;
  const result = await durations.prepare(texts, (done, total) => {
    const now = clock.now();
    if (now - lastLog < PROGRESS_EVERY_MS || done === total) return;
    lastLog = now;
    logger.info({ done, total }, `synthesizing text prompts: ${done}/${total}`);
  });
  for (const f of result.failures)
    logger.warn({ text: f.text, voice: f.voice, reason: f.reason }, 'text prompt could not be synthesized; it keeps the estimate');
  logger.info({ measured: result.measured, ms: clock.now() - started }, `text prompts measured by ${tts.name}: ${result.measured}`);
  const rendering = new Map<string, Promise<number>>();
  const textPromptMs: TextPromptTiming = (p) => {
    const known = durations.durationMs(p.text, p.voice);
    if (known !== undefined) return known;
    const key = JSON.stringify([p.voice ?? null, p.text]);
    const pending = rendering.get(key);
    if (pending) return pending;
    if (rendering.size >= MAX_RENDERS_ON_PLAY) return undefined;
    const job = durations.measure(p.text, p.voice).finally(() => rendering.delete(key));
    rendering.set(key, job);
    return job;
  };
  return { textPromptMs, close: () => tts.close() };
}

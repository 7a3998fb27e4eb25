import { loadWavPrompt } from '../../media/audio/load-wav-prompt.ts';
import { TELEPHONY_SAMPLE_RATE } from '../../media/tts/resample.ts';
import type { TextToSpeech } from '../../media/tts/text-to-speech.ts';
import type { SimulatedPlayback, SimulationResult } from '../../ivr/simulate.ts';
import { WavRecorder } from '../../telephony/rtp/wav-recorder.ts';

/** A prompt whose audio cannot be had for the WAV (no TTS, an unreadable file); the message is for the user. */
export class CalleeAudioError extends Error {
  override readonly name = 'CalleeAudioError';
}

export interface CalleeWav {
  path: string;
  samples: number;
  durationMs: number;
}

const RATE = TELEPHONY_SAMPLE_RATE;
const toSamples = (ms: number) => Math.round((ms * RATE) / 1000);
/** Bytes the recorder may hold for the disk: the whole run can be queued before the first write lands. */
const MAX_PENDING_BYTES = 64 << 20;

/**
 * Writes what the callee hears in a simulation: each prompt's audio (TTS for text, the decoded file
 * for audio) from its start on the timeline until it ends or is cut, silence between, 8 kHz mono 16-bit
 * PCM, as long as the run. All audio is fetched before the file is opened, so a prompt that cannot be
 * rendered leaves no half-written file. `tts` may be undefined when the flow plays no text.
 */
export async function writeCalleeWav(path: string, result: SimulationResult, tts: TextToSpeech | undefined): Promise<CalleeWav> {
  const audio = await Promise.all(result.played.map((p) => audioOf(p, tts)));
  const total = toSamples(result.durationMs);
  const recorder = await WavRecorder.open(path, { channels: 1, sampleRate: RATE, maxPendingBytes: MAX_PENDING_BYTES });
  const silence = new Int16Array(RATE);
  let at = 0;
  const pad = (until: number) => {
    for (; at < until; at += Math.min(silence.length, until - at)) recorder.write(silence, Math.min(silence.length, until - at));
  };
  result.played.forEach((p, i) => {
    const start = Math.min(total, toSamples(p.atMs));
    const end = Math.min(total, toSamples(p.endMs));
    pad(start);
    const pcm = audio[i]!;
    // A prompt cut by the next one starts where the timeline says; what overlaps the previous is dropped.
    const from = Math.max(0, at - start);
    const heard = Math.max(0, Math.min(pcm.length, end - start) - from);
    if (heard > 0) recorder.write(pcm.subarray(from, from + heard));
    at += heard;
    pad(end);
  });
  pad(total);
  const done = await recorder.close();
  if (done.error) throw new CalleeAudioError(`cannot write ${path}: ${done.error.message}`);
  return { path, samples: done.dataBytes / 2, durationMs: done.durationMs };
}

async function audioOf(p: SimulatedPlayback, tts: TextToSpeech | undefined): Promise<Int16Array> {
  const prompt = p.prompt;
  if (prompt.kind === 'audio') {
    const loaded = await loadWavPrompt(prompt.path);
    if (!loaded.ok) throw new CalleeAudioError(`audio prompt ${loaded.path}: ${loaded.reason}`);
    return loaded.audio.pcm.subarray(0, toSamples(loaded.audio.durationMs));
  }
  if (!tts) throw new CalleeAudioError(`text prompt "${prompt.text}" needs text-to-speech, which is not available`);
  try {
    const speech = await tts.synthesize(prompt.text, prompt.voice);
    if (speech.sampleRate !== RATE) throw new Error(`the engine gave ${speech.sampleRate} Hz audio`);
    return speech.pcm;
  } catch (e) {
    throw new CalleeAudioError(`text prompt "${prompt.text}" could not be synthesized: ${(e as Error).message}`);
  }
}

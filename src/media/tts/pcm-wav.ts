import wavefile from 'wavefile';
import type { SynthesizedAudio } from './text-to-speech.ts';

/** A mono 16-bit PCM WAV file of the audio: the TTS cache's on-disk form, playable with any tool. */
export function encodePcmWav(audio: SynthesizedAudio): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, audio.sampleRate, '16', audio.pcm);
  return wav.toBuffer();
}

/** The audio of a mono 16-bit PCM WAV file, or undefined for anything else (truncated, other format). Never throws. */
export function decodePcmWav(bytes: Uint8Array): SynthesizedAudio | undefined {
  try {
    const wav = new wavefile.WaveFile(bytes);
    const fmt = wav.fmt as { audioFormat?: number; numChannels?: number; bitsPerSample?: number; sampleRate?: number };
    if (fmt.audioFormat !== 1 || fmt.numChannels !== 1 || fmt.bitsPerSample !== 16 || !fmt.sampleRate) return undefined;
    const pcm = wav.getSamples(false, Int16Array) as unknown as Int16Array;
    const dataBytes = (wav.data as { chunkSize?: number }).chunkSize;
    if (dataBytes !== pcm.length * 2) return undefined; // a cut-off file claims more than it holds
    return { pcm, sampleRate: fmt.sampleRate };
  } catch {
    return undefined;
  }
}

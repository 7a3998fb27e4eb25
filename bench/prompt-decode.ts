/**
 * Conversion cost of a prompt, printed, not asserted (unit tests have no timed assertions):
 *   node --import tsx bench/prompt-decode.ts
 * CPU ms per decode (process.cpuUsage, so a loaded machine inflates wall time, not these much), median of 7.
 */
import { decodeWavPrompt } from '../src/media/audio/decode-wav-prompt.ts';
import { resampleTo8k } from '../src/media/audio/resample-to-8k.ts';
import { makeWav, sine, toInt16 } from '../test/media/audio/wav-fixtures.ts';

function cpuMs(fn: () => void): number {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const c = process.cpuUsage();
    fn();
    const u = process.cpuUsage(c);
    runs.push((u.user + u.system) / 1000);
  }
  return runs.sort((a, b) => a - b)[3]!;
}

const five = (rate: number) => sine(440, rate, 5);
const cases: [string, Uint8Array][] = [
  ['5 s 44.1 kHz stereo 16-bit', makeWav('16', 44100, [five(44100), five(44100)])],
  ['5 s 48 kHz stereo 24-bit', makeWav('24', 48000, [five(48000), five(48000)])],
  ['5 s 22.05 kHz mono 16-bit (TTS)', makeWav('16', 22050, [five(22050)])],
  ['5 s 8 kHz µ-law', makeWav('8m', 8000, [five(8000)])],
  ['5 s 8 kHz mono 16-bit', makeWav('16', 8000, [five(8000)])],
];
for (const [name, bytes] of cases) console.log(`decodeWavPrompt ${name}: ${cpuMs(() => decodeWavPrompt(bytes)).toFixed(1)} ms CPU`);
const tts = toInt16(five(22050));
console.log(`resampleTo8k 5 s at 22,050 Hz: ${cpuMs(() => resampleTo8k(tts, 22050)).toFixed(1)} ms CPU`);

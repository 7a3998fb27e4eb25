/**
 * The canonical 44-byte RIFF/WAVE header of 16-bit PCM, for WAV files written as a stream: the
 * header goes first with a size of 0 and is rewritten with the real size when the file is done.
 * (wavefile builds whole files in memory, which a recording must never be.)
 */
export const PCM_WAV_HEADER_BYTES = 44;

export function pcmWavHeader(channels: 1 | 2, sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(PCM_WAV_HEADER_BYTES);
  const blockAlign = 2 * channels;
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

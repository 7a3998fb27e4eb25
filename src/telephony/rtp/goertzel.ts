/**
 * The Goertzel algorithm: the energy of one DFT frequency over a block, in ~3 flops per sample,
 * without computing a full FFT. The frequency need not fall on a bin (the coefficient is exact).
 */

/** 2·cos(2πf/fs), the recurrence coefficient for frequency `freqHz`. */
export function goertzelCoefficient(freqHz: number, sampleRate = 8000): number {
  return 2 * Math.cos((2 * Math.PI * freqHz) / sampleRate);
}

/**
 * |X(f)|² of `x[offset, offset + n)`: for a sine of amplitude A at f it is ≈ (A·n/2)².
 * Allocation-free; the detector calls it 8 times per analysis window.
 */
export function goertzelEnergy(x: ArrayLike<number>, offset: number, n: number, coef: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = offset, end = offset + n; i < end; i++) {
    const s0 = coef * s1 - s2 + x[i]!;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coef * s1 * s2;
}

/** Level in dBFS (0 = a full-scale 16-bit sine) of a tone whose Goertzel energy over n samples is `energy`. */
export function toneLevelDbfs(energy: number, n: number): number {
  return 20 * Math.log10((2 * Math.sqrt(energy)) / (n * 32768));
}

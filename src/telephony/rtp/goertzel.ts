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

/**
 * The complex DFT value Σ x[k]·e^{−jωk} of one frequency over blocks of `n` samples, from the Goertzel
 * recurrence plus one complex rotation. Adjacent blocks combine into a longer window with `shift`
 * (e^{−jωn}), which lets overlapping windows reuse each block instead of filtering every sample 3 times.
 */
export class GoertzelBlock {
  readonly coef: number;
  private readonly cosW: number;
  private readonly sinW: number;
  private readonly cosA: number;
  private readonly sinA: number;
  /** Re/Im of e^{−jωn}: multiply a block's value by it once per block it is moved later in the window. */
  readonly shiftRe: number;
  readonly shiftIm: number;

  constructor(
    freqHz: number,
    readonly n: number,
    sampleRate = 8000,
  ) {
    const w = (2 * Math.PI * freqHz) / sampleRate;
    this.coef = 2 * Math.cos(w);
    this.cosW = Math.cos(w);
    this.sinW = Math.sin(w);
    this.cosA = Math.cos(w * (n - 1));
    this.sinA = Math.sin(w * (n - 1));
    this.shiftRe = Math.cos(w * n);
    this.shiftIm = -Math.sin(w * n);
  }

  /** Writes Re and Im of the block `x[offset, offset + n)` to out[i] and out[i + 1]. */
  dft(x: ArrayLike<number>, offset: number, out: Float64Array, i: number): void {
    let s1 = 0;
    let s2 = 0;
    const coef = this.coef;
    for (let k = offset, end = offset + this.n; k < end; k++) {
      const s0 = coef * s1 - s2 + x[k]!;
      s2 = s1;
      s1 = s0;
    }
    // y = s1 − e^{−jω}·s2 = Σ x[k]·e^{jω(n−1−k)}; rotate by e^{−jω(n−1)}.
    const yr = s1 - this.cosW * s2;
    const yi = this.sinW * s2;
    out[i] = yr * this.cosA + yi * this.sinA;
    out[i + 1] = yi * this.cosA - yr * this.sinA;
  }
}

/** Inter-arrival gaps in 0.1 ms bins up to 1 s, for send-interval quantiles without keeping every gap. */
export class GapHistogram {
  private readonly bins = new Uint32Array(10_001);
  count = 0;
  max = 0;
  add(ms: number): void {
    this.bins[Math.min(10_000, Math.max(0, Math.round(ms * 10)))]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }
  quantile(q: number): number {
    let seen = 0;
    const want = q * this.count;
    for (let i = 0; i < this.bins.length; i++) if ((seen += this.bins[i]!) >= want) return i / 10;
    return this.max;
  }
}

/**
 * RTP ports from a configured range: even ports only (RFC 3550 §11: RTP on an even port, RTCP on the
 * next odd one, or on the same port with rtcp-mux, RFC 5761). Released ports go to the back of a FIFO,
 * so the least recently used port is handed out next and late packets of the last call on a port
 * do not reach the next one at once.
 */

export type PortAllocation = { ok: true; port: number } | { ok: false; reason: 'portsExhausted' };

export interface PortRange {
  portMin: number;
  portMax: number;
}

export class PortPool {
  /** Ring of free ports in LRU order. */
  private readonly ring: Uint16Array;
  private readonly inUse = new Set<number>();
  private head = 0;
  private count = 0;
  readonly capacity: number;

  constructor(range: PortRange) {
    const first = range.portMin + (range.portMin & 1);
    // Each even port needs its odd RTCP partner inside the range too.
    const ports: number[] = [];
    for (let p = first; p + 1 <= range.portMax && p <= 65534; p += 2) if (p > 0) ports.push(p);
    this.capacity = ports.length;
    this.ring = new Uint16Array(Math.max(1, ports.length));
    for (const p of ports) this.ring[this.count++] = p;
  }

  allocate(): PortAllocation {
    if (this.count === 0) return { ok: false, reason: 'portsExhausted' };
    const port = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    this.inUse.add(port);
    return { ok: true, port };
  }

  /** Returns a port to the back of the queue; a port not allocated from this pool is ignored (idempotent). */
  release(port: number): void {
    if (!this.inUse.delete(port)) return;
    this.ring[(this.head + this.count) % this.ring.length] = port;
    this.count++;
  }

  get free(): number {
    return this.count;
  }

  get used(): number {
    return this.inUse.size;
  }
}

/** Splits a range into `n` even-aligned slices (one per media worker); slices smaller than 2 ports stay empty. */
export function splitRange(range: PortRange, n: number): PortRange[] {
  const first = range.portMin + (range.portMin & 1);
  const pairs = Math.max(0, Math.floor((range.portMax - first + 1) / 2));
  const out: PortRange[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const take = Math.floor(pairs / n) + (i < pairs % n ? 1 : 0);
    out.push({ portMin: first + 2 * start, portMax: first + 2 * (start + take) - 1 });
    start += take;
  }
  return out;
}

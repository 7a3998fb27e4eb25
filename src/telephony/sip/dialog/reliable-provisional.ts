import { getCSeq, type Result, type SipRequest, type SipResponse } from '../message/index.ts';
import type { Dialog } from './dialog.ts';

/** RAck (RFC 3262 §7.2): the RSeq acknowledged and the CSeq of the request it answered. */
export interface RAck {
  rseq: number;
  cseq: number;
  method: string;
}

const MAX_RSEQ = 0xffffffff;

function number(s: string): number | undefined {
  if (s.length === 0 || s.length > 10 || !/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= MAX_RSEQ ? n : undefined;
}

/** RSeq (RFC 3262 §7.1): 1*DIGIT, 1 to 2^32−1. Never throws. */
export function parseRSeq(s: string): Result<number> {
  const n = number(s.trim());
  return n === undefined ? { ok: false, reason: 'RSeq is not a number from 1 to 2^32-1' } : { ok: true, value: n };
}

/** `RAck: 776656 1 INVITE`. Never throws. */
export function parseRAck(s: string): Result<RAck> {
  const parts = s.trim().split(/[ \t]+/);
  const rseq = number(parts[0] ?? '');
  const cseq = number(parts[1] ?? '');
  const method = parts[2] ?? '';
  if (parts.length !== 3 || rseq === undefined || cseq === undefined || !/^[A-Za-z0-9.!%*_+`'~-]+$/.test(method))
    return { ok: false, reason: 'RAck is not "rseq cseq method"' };
  return { ok: true, value: { rseq, cseq, method } };
}

export function formatRAck(r: RAck): string {
  return `${r.rseq} ${r.cseq} ${r.method}`;
}

/** True when a 1xx asks for PRACK: `Require: 100rel` and an RSeq (RFC 3262 §4); 100 never does. */
export function isReliableProvisional(res: SipResponse): boolean {
  if (res.status <= 100 || res.status >= 200 || !res.headers.has('RSeq')) return false;
  return res.headers.getAll('Require').some((v) => v.split(',').some((t) => t.trim().toLowerCase() === '100rel'));
}

/** What the UAC does with one provisional response of its dialog. */
export type ProvisionalVerdict =
  | { readonly kind: 'prack'; readonly prack: SipRequest; readonly rack: RAck }
  /** Not reliable: handle it as any 1xx. */
  | { readonly kind: 'unreliable' }
  /** A retransmission of one already PRACKed, or an RSeq out of order: drop it (§4). */
  | { readonly kind: 'ignore'; readonly reason: 'retransmission' | 'out-of-order' | 'malformed' };

/**
 * The UAC side of RFC 3262 for one dialog (each fork has its own RSeq space): the first reliable 1xx sets the
 * sequence, after which only RSeq = last + 1 is new; each new one gets a PRACK built in the dialog.
 */
export class PrackTracker {
  private last: number | undefined;

  constructor(private readonly dialog: Dialog) {}

  get lastRSeq(): number | undefined {
    return this.last;
  }

  receive(
    res: SipResponse,
    opts: { headers?: Iterable<readonly [string, string]>; contentType?: string; body?: Uint8Array } = {},
  ): ProvisionalVerdict {
    if (!isReliableProvisional(res)) return { kind: 'unreliable' };
    const rseq = parseRSeq(res.headers.get('RSeq') ?? '');
    const cseq = getCSeq(res);
    if (!rseq.ok || cseq === undefined) return { kind: 'ignore', reason: 'malformed' };
    if (this.last !== undefined && rseq.value <= this.last) return { kind: 'ignore', reason: 'retransmission' };
    if (this.last !== undefined && rseq.value !== this.last + 1) return { kind: 'ignore', reason: 'out-of-order' };
    this.last = rseq.value;
    const rack: RAck = { rseq: rseq.value, cseq: cseq.seq, method: cseq.method };
    const headers: [string, string][] = [['RAck', formatRAck(rack)]];
    if (opts.headers) for (const [n, v] of opts.headers) headers.push([n, v]);
    const prack = this.dialog.createRequest('PRACK', {
      headers,
      ...(opts.contentType !== undefined && { contentType: opts.contentType }),
      ...(opts.body !== undefined && { body: opts.body }),
    });
    return { kind: 'prack', prack, rack };
  }
}

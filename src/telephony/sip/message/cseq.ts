import { TOKEN, scan, skipWs } from './lex.ts';
import { parseDecimal } from './host.ts';
import { fail, ok, type Result } from './result.ts';

/** CSeq (RFC 3261 §20.16). */
export interface CSeq {
  seq: number;
  method: string;
}

/** The largest CSeq number (§8.1.1.5: a 32-bit unsigned integer). */
export const MAX_CSEQ = 0xffffffff;

export function parseCSeq(s: string): Result<CSeq> {
  const start = skipWs(s, 0);
  let i = start;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start) return fail('CSeq has no number');
  const seq = parseDecimal(s, start, i, MAX_CSEQ);
  if (seq === undefined) return fail('CSeq number out of range');
  const m = skipWs(s, i);
  if (m === i) return fail('CSeq number is not followed by a space and a method');
  const end = scan(s, m, TOKEN);
  if (end === m) return fail('CSeq has no method');
  if (skipWs(s, end) !== s.length) return fail('CSeq has text after its method');
  return ok({ seq, method: s.slice(m, end) });
}

export function formatCSeq(c: CSeq): string {
  return `${c.seq} ${c.method}`;
}

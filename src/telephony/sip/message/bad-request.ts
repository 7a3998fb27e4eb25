import { createResponse } from './builders.ts';
import { EMPTY_BODY, type SipResponse } from './message.ts';
import type { SipParseFailure } from './parse-failure.ts';

/**
 * The response a UAS sends for a request the parser rejected (400, 505, 413 or 513), with the
 * failure's reason as the reason phrase; undefined when it cannot be routed (a response, an ACK, or
 * Via/From/To/Call-ID/CSeq missing), and the caller then drops the message silently.
 * Via, From, To (+ tag when given), Call-ID and CSeq are copied as received (§8.2.6), even a malformed one.
 */
export function badRequestFor(failure: SipParseFailure, opts: { toTag?: string } = {}): SipResponse | undefined {
  if (!failure.answerable) return undefined;
  const request = { kind: 'request' as const, method: failure.method ?? '', uri: '', headers: failure.headers, body: EMPTY_BODY };
  return createResponse(request, failure.status, failure.reason, opts.toTag === undefined ? {} : { toTag: opts.toTag });
}

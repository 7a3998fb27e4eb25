import type { SipHeaders } from './headers.ts';
import type { SipMessage } from './message.ts';

/** What went wrong: a syntax error (400), an unsupported SIP version (505), or a limit (413 body, 513 message). */
export type SipFailureKind = 'malformed' | 'version' | 'too-large';

export interface SipParseFailure {
  readonly ok: false;
  readonly kind: SipFailureKind;
  /** The status a UAS answers with when `answerable`: 400, 505, 413 or 513. */
  readonly status: 400 | 413 | 505 | 513;
  /** A human reason, fit for a reason phrase (e.g. "Content-Length 500 exceeds the 120 bytes received"). */
  readonly reason: string;
  /** The start line was a request line. */
  readonly isRequest: boolean;
  /** The request's method, when the request line was read that far. */
  readonly method?: string;
  /**
   * A request (not ACK, §17) whose Via, From, To, Call-ID and CSeq were all read, so a response
   * can be built and routed (§8.2.6); otherwise the caller drops the message silently.
   */
  readonly answerable: boolean;
  /** The header rows read before the failure (Content-Length excluded). */
  readonly headers: SipHeaders;
}

export type SipParseResult = { readonly ok: true; readonly message: SipMessage } | SipParseFailure;

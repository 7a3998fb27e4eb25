import type { SipHeaders } from './headers.ts';

/** The only SIP version this stack speaks (RFC 3261 §7.1). */
export const SIP_VERSION = 'SIP/2.0';

/**
 * A SIP request (RFC 3261 §7.1). Content-Length is framing, not data: the parser consumes it and the
 * serializer writes it from `body.length`, so it never appears in `headers`.
 */
export interface SipRequest {
  readonly kind: 'request';
  method: string;
  /** The Request-URI as text; `parseUri` gives its structure. */
  uri: string;
  headers: SipHeaders;
  body: Uint8Array;
}

/** A SIP response (RFC 3261 §7.2). */
export interface SipResponse {
  readonly kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

export function isRequest(m: SipMessage): m is SipRequest {
  return m.kind === 'request';
}

export function isResponse(m: SipMessage): m is SipResponse {
  return m.kind === 'response';
}

/** A Buffer like every parsed body, so parsed and built messages compare equal. */
export const EMPTY_BODY: Uint8Array = Buffer.alloc(0);
